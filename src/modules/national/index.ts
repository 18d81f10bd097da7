/** The national-portal connector's public face: for the composition root, the CLI and other modules. */

export { nationalReconcileCommand } from './cli.ts';
export { nationalContext } from './context.ts';
export { registerNationalJobs } from './jobs.ts';
export { nationalOperations } from './operations.ts';
export { nationalPageRoutes } from './pages/reconcile-page.tsx';
export { nationalRouteRules } from './route-rules.ts';
export { nationalRoutes } from './routes.ts';
