/**
 * Every module's HTTP entrance, in registration order. A module adds one line here.
 */
import type { FastifyInstance } from 'fastify';
import type { OwnAuthenticationRoute } from '../platform/http/csrf.ts';
import { homeRoutes } from '../web/home.tsx';
import { catalogRoutes } from './catalog/index.ts';
import { directoryRoutes } from './directory/index.ts';
import { dossierRoutes } from './dossiers/index.ts';
import { feedbackPageRoutes, feedbackRoutes, open311Routes } from './feedback/index.ts';
import { kioskRoutes, ratingRoutes } from './ratings/index.ts';
import { zaloWebhookRoutes } from './zalo/index.ts';

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

/**
 * The state-changing routes that authenticate every request themselves and carry no ambient
 * credential, so a cross-site page has nothing to forge with: they need no CSRF token and
 * may be called from other sites (issue 11, finding 6). Every other unsafe route needs one.
 */
export const ownAuthenticationRoutes: readonly OwnAuthenticationRoute[] = [
  { method: 'POST', url: '/open311/v2/requests.:format', by: 'api_key of a registered Open311 client' },
  { method: 'POST', url: '/webhooks/zalo', by: 'X-ZEvent-Signature (SHA-256 with the OA secret key)' },
  { method: 'POST', url: '/api/v1/kiosk/:counterId/ratings', by: 'X-Kiosk-Token of the counter device' },
];
