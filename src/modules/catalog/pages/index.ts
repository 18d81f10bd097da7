/** The catalog's pages, for the site (src/site) to mount: its routes and the parts the home page shows. */
export { catalogPageRoutes } from './routes.tsx';
export { ProcedureList, SearchBox } from './search.tsx';
