/**
 * Every module's HTTP entrance, in registration order. A module adds one line here.
 */
import type { FastifyInstance } from 'fastify';
import { homeRoutes } from '../web/home.tsx';
import { catalogRoutes } from './catalog/index.ts';
import { directoryRoutes } from './directory/routes.ts';
import { dossierRoutes } from './dossiers/api.ts';
import { open311Routes } from './feedback/open311.ts';
import { feedbackPageRoutes } from './feedback/pages.tsx';
import { feedbackRoutes } from './feedback/routes.ts';
import { kioskRoutes } from './ratings/kiosk-routes.tsx';
import { ratingRoutes } from './ratings/routes.ts';
import { zaloWebhookRoutes } from './zalo/routes.ts';

export type RegisterRoutes = (app: FastifyInstance) => Promise<void> | void;

export const moduleRoutes: RegisterRoutes[] = [
  directoryRoutes,
  catalogRoutes,
  dossierRoutes,
  feedbackRoutes, // with the admin routes (rules, Open311 keys, indicators)
  open311Routes,
  feedbackPageRoutes,
  ratingRoutes,
  kioskRoutes,
  zaloWebhookRoutes,
  homeRoutes,
];
