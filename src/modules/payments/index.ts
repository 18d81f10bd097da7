/** The payments module's public surface for the composition root, other modules and the CLI. */

export { type PaymentIndicators, paymentIndicators } from './indicators.ts';
export { registerPaymentJobs } from './jobs.ts';
export { paymentOperations } from './operations.ts';
export { payPageRoutes, payPath } from './pages/pay-page.tsx';
export { type PaymentStatus, paymentStatusOf } from './payment-status.ts';
export { paymentRouteRules } from './route-rules.ts';
export { paymentRoutes } from './routes.ts';
