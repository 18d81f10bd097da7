/** The payments module's public surface for the composition root, other modules and the CLI. */

export { registerPaymentJobs } from './jobs.ts';
export { onlinePaymentCodeOf } from './online-payment.ts';
export { paymentOperations } from './operations.ts';
export { payPageRoutes } from './pages/pay-page.tsx';
export { paymentRouteRules } from './route-rules.ts';
export { paymentRoutes } from './routes.ts';
