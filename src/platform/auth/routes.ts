/** /api/v1/auth/…: sign-in, sign-out, who am I, citizen registration, TOTP. Thin: services decide. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../errors.ts';
import { typed } from '../http/app.ts';
import { createAccount, findAccountById } from './accounts.ts';
import type { Caller } from './caller.ts';
import { requireSignedIn } from './permissions.ts';
import { type AuthContext, clearSessionCookie, setSessionCookie } from './plugin.ts';
import type { AccountRow } from './schema.ts';
import { destroySession, SESSION_COOKIE } from './sessions.ts';
import { completeTotpSignIn, openSessionFor, signIn } from './sign-in.ts';
import { confirmTotp, enrolTotp } from './totp.ts';

const tags = ['auth'];
const security = [{ session: [] }];
// Password guessing from one address is slowed here; the lockout handles distributed guessing.
const strictLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };

const AccountView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('citizen')]),
  login: Type.String({ description: 'e-mail, phone as +84…, or staff username' }),
  displayName: Type.String(),
  totpEnabled: Type.Boolean(),
});
const SignInResult = Type.Object({
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

function accountView(a: AccountRow) {
  return {
    id: a.id,
    kind: a.kind,
    login: a.login,
    displayName: a.displayName,
    totpEnabled: a.totpConfirmedAt !== null,
  };
}

function callerView(c: Caller) {
  if (c.kind === 'staff') return { kind: c.kind, agencyId: c.agencyId, roles: [...c.roles] };
  return { kind: c.kind };
}

function client(request: FastifyRequest) {
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
    lockout: ctx.lockout,
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
          'Unknown login and wrong password give the same SIGN_IN_FAILED; 5 failures in a row lock the account for 15 minutes (ACCOUNT_LOCKED, 423). ' +
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
      const result = await signIn(db(), { ...request.body, ...client(request) }, signInOptions(request));
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
      const result = await completeTotpSignIn(
        db(),
        { token, code: request.body.code, ...client(request) },
        signInOptions(request),
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
    '/api/v1/auth/citizens',
    {
      config: strictLimit,
      schema: {
        tags,
        summary: 'Register a citizen account and sign in',
        description: 'Login: a Vietnamese phone number (stored as +84…) or an e-mail. Password: at least 8 characters.',
        body: Type.Object({
          login: Type.String({ minLength: 1, maxLength: 320 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
          displayName: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: { 201: SignInResult },
      },
    },
    async (request, reply) => {
      const { id } = await createAccount(db(), { ...request.body, kind: 'citizen', provinceCode: config.provinceCode });
      const account = await findAccountById(db(), id);
      if (!account) throw new DomainError('ACCOUNT_NOT_FOUND');
      const result = await openSessionFor(db(), account, client(request), {
        now: ctx.now(),
        ttlHours: config.sessionTtlHours,
        method: 'registration',
      });
      setSessionCookie(reply, config, result.token);
      return reply.status(201).send({ account: accountView(result.account), totpRequired: false });
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
