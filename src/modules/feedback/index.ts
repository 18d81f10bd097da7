/** The feedback module's public surface: use-cases and HTTP entrances (API, Open311, pages). */
export { open311Routes } from './open311.ts';
export { feedbackPageRoutes } from './pages.tsx';
export { feedbackRoutes } from './routes.ts';
export * from './service.ts';
