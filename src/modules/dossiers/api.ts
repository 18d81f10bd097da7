/** The module's HTTP entrance (src/modules/routes.ts imports it from here). */
export { dossierRoutes } from './routes.ts';
