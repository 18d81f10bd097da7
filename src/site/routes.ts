/**
 * Every module's HTTP entrance, in registration order. A module adds one line here.
 */
import type { FastifyInstance } from 'fastify';
import { catalogOperations, catalogRouteRules, catalogRoutes } from '../modules/catalog/index.ts';
import { directoryOperations, directoryRouteRules, directoryRoutes } from '../modules/directory/index.ts';
import { documentPageRoutes, documentRouteRules } from '../modules/documents/index.ts';
import { dossierOperations, dossierRouteRules, dossierRoutes } from '../modules/dossiers/index.ts';
import { exchangePageRoutes, exchangeRouteRules } from '../modules/exchange/index.ts';
import {
  feedbackOperations,
  feedbackPageRoutes,
  feedbackRouteRules,
  feedbackRoutes,
  open311Routes,
} from '../modules/feedback/index.ts';
import { insightsPageRoutes, insightsRouteRules } from '../modules/insights/index.ts';
import {
  nationalOperations,
  nationalPageRoutes,
  nationalRouteRules,
  nationalRoutes,
} from '../modules/national/index.ts';
import { paperPageRoutes, papersRouteRules } from '../modules/papers/index.ts';
import { paymentOperations, paymentRouteRules, paymentRoutes, payPageRoutes } from '../modules/payments/index.ts';
import { kioskRoutes, ratingOperations, ratingRouteRules, ratingRoutes } from '../modules/ratings/index.ts';
import { zaloOperations, zaloRouteRules, zaloWebhookRoutes } from '../modules/zalo/index.ts';
import type { RouteRules } from '../platform/auth/route-rules.ts';
import type { OwnAuthenticationRoute } from '../platform/http/csrf.ts';
import type { OperationDocs } from '../platform/http/openapi.ts';
import { homeRoutes } from './home.tsx';

/** The counter's rating tablet: a device token issued by an administrator (ratings module). */
const kioskScheme: OwnAuthenticationRoute['scheme'] = {
  id: 'kioskToken',
  definition: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Kiosk-Token',
    description: 'Mã thiết bị của máy đánh giá tại quầy (POST /api/v1/counters/{id}/kiosk-tokens).',
  },
};

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
  insightsPageRoutes,
  nationalRoutes,
  nationalPageRoutes,
  paperPageRoutes,
  paymentRoutes,
  payPageRoutes,
  exchangePageRoutes,
  documentPageRoutes,
  homeRoutes,
];

/** Each module's operations in the OpenAPI description (ids, summaries, errors): platform/http/openapi.ts. */
export const moduleOperations: OperationDocs = {
  ...directoryOperations,
  ...catalogOperations,
  ...dossierOperations,
  ...feedbackOperations,
  ...ratingOperations,
  ...zaloOperations,
  ...nationalOperations,
  ...paymentOperations,
};

/** Who may call each module route (the authorisation test's tables); the description's security follows them. */
export const moduleRouteRules: RouteRules = {
  ...directoryRouteRules,
  ...catalogRouteRules,
  ...dossierRouteRules,
  ...feedbackRouteRules,
  ...ratingRouteRules,
  ...zaloRouteRules,
  ...insightsRouteRules,
  ...nationalRouteRules,
  ...papersRouteRules,
  ...paymentRouteRules,
  ...exchangeRouteRules,
  ...documentRouteRules,
};

/**
 * The state-changing routes that authenticate every request themselves and carry no ambient
 * credential, so a cross-site page has nothing to forge with: they need no CSRF token and
 * may be called from other sites (issue 11, finding 6). Every other unsafe route needs one.
 */
export const ownAuthenticationRoutes: readonly OwnAuthenticationRoute[] = [
  {
    method: 'POST',
    url: '/open311/v2/requests.:format',
    by: 'api_key of a registered Open311 client',
    scheme: {
      id: 'open311ApiKey',
      definition: {
        type: 'apiKey',
        in: 'query',
        name: 'api_key',
        description:
          'Khóa API Open311 do quản trị viên cấp tỉnh cấp (POST /api/v1/feedback/open311-keys). GeoReport v2 gửi api_key là một trường của thân yêu cầu (form-encoded); trên địa chỉ (query) cũng được nhận.',
      },
    },
  },
  {
    method: 'POST',
    url: '/webhooks/zalo',
    by: 'X-ZEvent-Signature (SHA-256 with the OA secret key)',
    scheme: {
      id: 'zaloSignature',
      definition: {
        type: 'apiKey',
        in: 'header',
        name: 'X-ZEvent-Signature',
        description: 'Chữ ký của Zalo: mac = sha256(appId + thân yêu cầu + timestamp + OA secret key).',
      },
    },
  },
  {
    method: 'POST',
    url: '/payments/platform/confirm',
    by: 'MaXacThuc (SHA-256 with the partner secret) of the national payment platform',
    scheme: {
      id: 'paymentPlatformChecksum',
      definition: {
        type: 'apiKey',
        in: 'header',
        name: 'X-MaXacThuc-In-Body',
        description:
          'Nền tảng thanh toán ký thân yêu cầu bằng trường MaXacThuc = SHA-256(các trường nối bằng | và khóa bí mật).',
      },
    },
  },
  {
    method: 'POST',
    url: '/api/v1/kiosk/:counterId/ratings',
    by: 'X-Kiosk-Token of the counter device',
    scheme: kioskScheme,
  },
  {
    method: 'POST',
    url: '/auth/oidc/backchannel-logout',
    by: 'the logout_token, a JWT signed by the identity provider (OpenID Connect Back-Channel Logout 1.0)',
  },
  {
    method: 'POST',
    url: '/api/v1/national/dossiers',
    by: 'the bearer token agreed with the national portal (NATIONAL_INBOUND_TOKEN)',
    scheme: {
      id: 'nationalPortalToken',
      definition: {
        type: 'http',
        scheme: 'bearer',
        description:
          'Mã xác thực do tỉnh cấp cho Cổng Dịch vụ công quốc gia hoặc nền tảng LGSP (NATIONAL_INBOUND_TOKEN).',
      },
    },
  },
];
