/** /api/v1/auth/…: sign-in, sign-out, who am I, TOTP. Thin: services decide. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../errors.ts';
import { typed } from '../http/app.ts';
import type { Caller } from './caller.ts';
import { requireSignedIn } from './permissions.ts';
import type { AuthContext } from './plugin.ts';
import type { AccountRow } from './schema.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
import { destroySession, SESSION_COOKIE } from './sessions.ts';
import { completeTotpSignIn, signIn } from './sign-in.ts';
import { confirmTotp, enrolTotp } from './totp.ts';

const tags = ['auth'];
const security = [{ session: [] }];
// Bursts from one address are cut here; the growing delays (throttle.ts) handle slow guessing.
export const strictLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };

export const AccountView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('citizen')]),
  login: Type.String({ description: 'e-mail, phone as +84…, or staff username' }),
  displayName: Type.String(),
  totpEnabled: Type.Boolean(),
  mustChangePassword: Type.Boolean({
    description: 'true: only POST /api/v1/auth/password (and sign-out, me) answer until the password is changed',
  }),
});
export const SignInResult = Type.Object({
  account: AccountView,
  totpRequired: Type.Boolean({ description: 'true: send the code to POST /api/v1/auth/totp/verify' }),
});
const Me = Type.Object({
  account: AccountView,
  caller: Type.Object({
    kind: Type.String(),
    agencyId: Type.Optional(Type.String()),
    roles: Type.Optional(Type.Array(Type.String())),
  }),
});
const Code = Type.Object({
  code: Type.String({ pattern: '^\\s*\\d{6}\\s*$', description: '6-digit code from the app' }),
});

export function accountView(a: AccountRow) {
  return {
    id: a.id,
    kind: a.kind,
    login: a.login,
    displayName: a.displayName,
    totpEnabled: a.totpConfirmedAt !== null,
    mustChangePassword: a.mustChangePassword,
  };
}

/** SIGN_IN_THROTTLED carries its wait; the answer says it as Retry-After (RFC 9110 §10.2.3). */
export async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError && err.code === 'SIGN_IN_THROTTLED')
      reply.header('retry-after', String(err.details.retryAfterSeconds ?? 1));
    throw err;
  }
}

function callerView(c: Caller) {
  if (c.kind === 'staff') return { kind: c.kind, agencyId: c.agencyId, roles: [...c.roles] };
  return { kind: c.kind };
}

export function client(request: FastifyRequest) {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    replacesToken: request.cookies[SESSION_COOKIE],
  };
}

export function registerAuthRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const t = typed(app);
  const { config } = app.deps;
  const db = () => app.deps.database.db;
  const signInOptions = (request: FastifyRequest) => ({
    ttlHours: config.sessionTtlHours,
    now: ctx.now(),
    ...(ctx.throttle ? { throttle: ctx.throttle } : {}),
    log: request.log,
  });

  t.post(
    '/api/v1/auth/sign-in',
    {
      config: strictLimit,
      schema: {
        tags,
        summary: 'Sign in with login and password (and TOTP code)',
        description:
          'Opens a new session (never reuses one the browser already had) and sets the `mocua_session` cookie. ' +
          'Unknown login and wrong password give the same SIGN_IN_FAILED. Repeated failures (per login and address, per login, per address) bring growing delays, ' +
          'answered SIGN_IN_THROTTLED (429) with Retry-After, the same for logins that exist and logins that do not. ' +
          'When the account has TOTP and no code is sent, the session waits for POST /api/v1/auth/totp/verify.',
        body: Type.Object({
          login: Type.String({ minLength: 1, maxLength: 320 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
          totp: Type.Optional(Type.String({ maxLength: 16 })),
        }),
        response: { 200: SignInResult },
      },
    },
    async (request, reply) => {
      const result = await withRetryAfter(reply, () =>
        signIn(db(), { ...request.body, ...client(request) }, signInOptions(request)),
      );
      setSessionCookie(reply, config, result.token);
      return { account: accountView(result.account), totpRequired: result.totpPending };
    },
  );

  t.post(
    '/api/v1/auth/totp/verify',
    {
      config: strictLimit,
      schema: {
        tags,
        summary: 'Finish a sign-in that waits for its TOTP code',
        description: 'Replaces the waiting session with a new, full one.',
        security,
        body: Code,
        response: { 200: SignInResult },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token || !request.authSession?.session.totpPending) throw new DomainError('UNAUTHENTICATED');
      const result = await withRetryAfter(reply, () =>
        completeTotpSignIn(db(), { token, code: request.body.code, ...client(request) }, signInOptions(request)),
      );
      setSessionCookie(reply, config, result.token);
      return { account: accountView(result.account), totpRequired: false };
    },
  );

  t.post(
    '/api/v1/auth/sign-out',
    { schema: { tags, summary: 'Sign out: ends the session', security, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await destroySession(db(), token);
      clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );

  t.get(
    '/api/v1/auth/me',
    { schema: { tags, summary: 'The signed-in account', security, response: { 200: Me } } },
    async (request) => {
      requireSignedIn(request.caller);
      const loaded = request.authSession;
      if (!loaded) throw new DomainError('UNAUTHENTICATED');
      return { account: accountView(loaded.account), caller: callerView(request.caller) };
    },
  );

  t.post(
    '/api/v1/auth/totp/enrol',
    {
      schema: {
        tags,
        summary: 'Start two-step verification',
        description:
          'Returns an otpauth:// URI (show it as a QR code). It takes effect once confirmed with a first code.',
        security,
        response: { 200: Type.Object({ uri: Type.String(), secret: Type.String() }) },
      },
    },
    async (request) => {
      const caller = requireSignedIn(request.caller);
      return enrolTotp(db(), caller.id);
    },
  );

  t.post(
    '/api/v1/auth/totp/confirm',
    {
      config: strictLimit,
      schema: {
        tags,
        summary: 'Confirm two-step verification with a first code',
        security,
        body: Code,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const caller = requireSignedIn(request.caller);
      await confirmTotp(db(), caller.id, request.body.code, { now: ctx.now(), actor: caller });
      return reply.status(204).send(null);
    },
  );
}
