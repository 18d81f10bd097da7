/** Who may call the Zalo module's routes: see platform/auth/route-rules.ts. */
import type { RouteRules } from '../../platform/auth/route-rules.ts';

export const zaloRouteRules: RouteRules = {
  'POST /webhooks/zalo': { allow: 'credential', why: 'the Zalo OA’s signature (404 while Zalo is not configured)' },
};
