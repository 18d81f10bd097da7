/** The directory's pages, for the site (src/site) to mount. */
export { directoryPageRoutes } from './routes.tsx';
