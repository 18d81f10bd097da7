/**
 * The HTTP side of auth: reads the session cookie on every request and sets
 * `request.caller`; registers the sign-in routes (and OIDC when configured).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors.ts';
import { registerAccountRoutes } from './account-routes.ts';
import { anonymous, type Caller } from './caller.ts';
import { registerOidcRoutes } from './oidc-routes.ts';
import { registerAuthRoutes } from './routes.ts';
import type { AccountRow } from './schema.ts';
import { clearSessionCookie } from './session-cookie.ts';
import { type CallerColumn, type LoadedSession, loadSession, SESSION_COOKIE } from './sessions.ts';
import type { ThrottlePolicy } from './throttle.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; `anonymous` without a valid, fully signed-in session. */
    caller: Caller;
    /** The session behind the cookie, including one still waiting for its TOTP code. */
    authSession: LoadedSession | null;
  }
}

/** `facts`: what `callerColumn` read in the session's statement, when the plugin was given one. */
type ResolveCaller = (account: AccountRow, facts?: unknown) => Promise<Caller>;

export interface AuthPluginOptions {
  /**
   * Turns an account into a Caller. The directory module knows a staff member's agency and
   * roles; the default gives staff no agency and no roles.
   */
  resolveCaller?: ResolveCaller;
  /**
   * Read in the session's statement and handed to `resolveCaller` as `facts`, so that knowing
   * who asks costs one round trip (the directory's `staffCallerColumn`).
   */
  callerColumn?: CallerColumn;
  throttle?: ThrottlePolicy;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Register the /api/v1/auth and /auth/oidc routes (default true). */
  routes?: boolean;
}

const defaultResolveCaller: ResolveCaller = async (account) =>
  account.kind === 'staff'
    ? { kind: 'staff', id: account.id, provinceCode: account.provinceCode, agencyId: '', roles: [] }
    : { kind: 'citizen', id: account.id };

export interface AuthContext {
  resolveCaller: ResolveCaller;
  throttle: ThrottlePolicy | undefined;
  now: () => Date;
}

/** The change-password page of each area; a session that must change its password goes there. */
export const CHANGE_PASSWORD_PAGES = { portal: '/doi-mat-khau', workspace: '/workspace/doi-mat-khau' } as const;

/**
 * What a session whose password must change may still reach (issue 11, finding 3): the
 * change-password page and API, who-am-I, sign-out, signing in as someone else (which ends
 * this session) and the CSRF token the forms need.
 */
const ALLOWED_WHILE_CHANGE_REQUIRED = new Set<string>([
  CHANGE_PASSWORD_PAGES.portal,
  CHANGE_PASSWORD_PAGES.workspace,
  '/dang-xuat',
  '/workspace/dang-xuat',
  '/dang-nhap',
  '/workspace/dang-nhap',
  '/api/v1/auth/password',
  '/api/v1/auth/sign-out',
  '/api/v1/auth/sign-in',
  '/api/v1/auth/me',
  '/api/v1/csrf-token',
]);

/**
 * Holds a session whose password must change to the allowed routes: pages redirect to the
 * change-password page, everything else is refused with PASSWORD_CHANGE_REQUIRED. Returns true
 * when the reply was sent here.
 */
function holdForPasswordChange(request: FastifyRequest, reply: FastifyReply, loaded: LoadedSession): boolean {
  const path = request.url.split('?')[0] ?? '';
  if (ALLOWED_WHILE_CHANGE_REQUIRED.has(path) || path.startsWith('/assets/')) return false;
  if ((request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/')) {
    const page = loaded.account.kind === 'staff' ? CHANGE_PASSWORD_PAGES.workspace : CHANGE_PASSWORD_PAGES.portal;
    reply.redirect(page, 303);
    return true;
  }
  throw new DomainError('PASSWORD_CHANGE_REQUIRED');
}

async function callerFor(loaded: LoadedSession, resolve: ResolveCaller): Promise<Caller> {
  if (loaded.session.totpPending) return anonymous;
  const caller = await resolve(loaded.account, loaded.callerFacts);
  if (caller.kind === 'citizen')
    return { ...caller, sessionId: loaded.session.id, assurance: loaded.session.assuranceLevel };
  if (caller.kind === 'staff') return { ...caller, sessionId: loaded.session.id };
  return caller;
}

/**
 * Installs the session hook on the root instance (called directly, not through
 * `app.register`, so every route of every module sees `request.caller`).
 */
export async function authPlugin(app: FastifyInstance, options: AuthPluginOptions = {}): Promise<void> {
  const context: AuthContext = {
    resolveCaller: options.resolveCaller ?? defaultResolveCaller,
    throttle: options.throttle,
    now: options.now ?? (() => new Date()),
  };
  const { config } = app.deps;
  app.decorateRequest('caller');
  app.decorateRequest('authSession');
  const signIn = async (request: FastifyRequest, reply: FastifyReply, token: string) => {
    const loaded = await loadSession(app.deps.database.db, token, {
      now: context.now(),
      ttlHours: config.sessionTtlHours,
      callerColumn: options.callerColumn,
    });
    if (!loaded) {
      clearSessionCookie(reply, config);
      return false;
    }
    request.authSession = loaded;
    request.caller = await callerFor(loaded, context.resolveCaller);
    if (loaded.account.mustChangePassword && !loaded.session.totpPending)
      return holdForPasswordChange(request, reply, loaded);
    return false;
  };
  // Callback style: a request without a session cookie (the public pages, tracking, health)
  // costs no promise and no database round trip.
  app.addHook('onRequest', (request, reply, done) => {
    request.caller = anonymous;
    request.authSession = null;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return done();
    // A reply already sent (the redirect to the change-password page) ends the request here.
    signIn(request, reply, token).then((sent) => (sent ? undefined : done()), done);
  });
  if (options.routes === false) return;
  registerAuthRoutes(app, context);
  registerAccountRoutes(app, context);
  if (config.oidcIssuer) registerOidcRoutes(app, context);
}
