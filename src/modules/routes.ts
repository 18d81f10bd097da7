/**
 * Every module's HTTP entrance, in registration order. A module adds one line here.
 */
import type { FastifyInstance } from 'fastify';
import { homeRoutes } from '../web/home.tsx';
import { catalogRoutes } from './catalog/index.ts';
import { directoryRoutes } from './directory/routes.ts';
import { dossierRoutes } from './dossiers/api.ts';

export type RegisterRoutes = (app: FastifyInstance) => Promise<void> | void;

export const moduleRoutes: RegisterRoutes[] = [directoryRoutes, catalogRoutes, dossierRoutes, homeRoutes];
