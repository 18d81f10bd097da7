/**
 * /api/v1/auth/…: citizen registration confirmed by the login's channel, changing one's own
 * password, and the forgotten-password reset (issue 11, findings 3 and 9). Thin: services decide.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../errors.ts';
import { typed } from '../http/app.ts';
import type { AuthContext } from './plugin.ts';
import { changePassword, completePasswordReset, requestPasswordReset } from './recovery.ts';
import { confirmRegistration, startRegistration } from './registration.ts';
import { AccountView, accountView, client, SignInResult, strictLimit, withRetryAfter } from './routes.ts';
import { setSessionCookie } from './session-cookie.ts';
import { openSessionFor } from './sign-in.ts';

const tags = ['auth'];
const security = [{ session: [] }];
/** Per address; each login also gets at most 3 messages an hour (recovery.ts, registration.ts). */
const messageLimit = strictLimit;
const Sent = Type.Object({
  status: Type.Literal('sent', {
    description: 'The same answer for every login: whether or not an account has it is not told here',
  }),
});
const Secret = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
const Password = Type.String({ minLength: 1, maxLength: 1024 });

/** The address links in messages start with: PUBLIC_URL, or the one the request came to. */
function publicBase(app: FastifyInstance, request: FastifyRequest): string {
  return app.deps.config.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
}

export function registerAccountRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const t = typed(app);
  const { config } = app.deps;
  const db = () => app.deps.database.db;

  t.post(
    '/api/v1/auth/citizens',
    {
      config: messageLimit,
      schema: {
        tags,
        summary: 'Register a citizen account: a confirmation link is sent to the phone or e-mail',
        description:
          'Login: a Vietnamese phone number (stored as +84…) or an e-mail. Password: at least 8 characters. ' +
          'Always answers 202 once the form is valid: a new login gets a one-time link (24 h) that creates the account ' +
          '(POST /api/v1/auth/citizens/confirm); a login that already has an account gets a notice instead.',
        body: Type.Object({
          login: Type.String({ minLength: 1, maxLength: 320 }),
          password: Password,
          displayName: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: { 202: Sent },
      },
    },
    async (request, reply) => {
      await startRegistration(db(), {
        ...request.body,
        provinceCode: config.provinceCode,
        baseUrl: publicBase(app, request),
        now: ctx.now(),
      });
      return reply.status(202).send({ status: 'sent' as const });
    },
  );

  t.post(
    '/api/v1/auth/citizens/confirm',
    {
      config: strictLimit,
      schema: {
        tags,
        summary: 'Confirm a registration with the secret of its link, and sign in',
        body: Type.Object({ token: Secret }),
        response: { 201: SignInResult },
      },
    },
    async (request, reply) => {
      const account = await confirmRegistration(db(), {
        provinceCode: config.provinceCode,
        secret: request.body.token,
        now: ctx.now(),
      });
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
    '/api/v1/auth/password',
    {
      config: strictLimit,
      schema: {
        tags,
        summary: 'Change one’s own password',
        description:
          'The current password is required. Every session of the account ends; a new one is set for this browser. ' +
          'Wrong current passwords count toward the sign-in delays (SIGN_IN_THROTTLED, 429).',
        security,
        body: Type.Object({ currentPassword: Password, newPassword: Password }),
        response: { 200: Type.Object({ account: AccountView }) },
      },
    },
    async (request, reply) => {
      const loaded = request.authSession;
      if (!loaded || loaded.session.totpPending) throw new DomainError('UNAUTHENTICATED');
      const result = await withRetryAfter(reply, () =>
        changePassword(
          db(),
          { accountId: loaded.account.id, ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] },
          { now: ctx.now(), ttlHours: config.sessionTtlHours, ...(ctx.throttle ? { throttle: ctx.throttle } : {}) },
        ),
      );
      setSessionCookie(reply, config, result.token);
      return { account: accountView(result.account) };
    },
  );

  t.post(
    '/api/v1/auth/password-reset',
    {
      config: messageLimit,
      schema: {
        tags,
        summary: 'Forgotten password: send a one-time reset link to the login’s e-mail or phone',
        description:
          'Always answers 202, whether or not an account has this login. The link works once, for 30 minutes; ' +
          'at most 3 are sent per account and hour.',
        body: Type.Object({ login: Type.String({ minLength: 1, maxLength: 320 }) }),
        response: { 202: Sent },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(db(), {
        login: request.body.login,
        baseUrl: publicBase(app, request),
        now: ctx.now(),
      });
      return reply.status(202).send({ status: 'sent' as const });
    },
  );

  t.post(
    '/api/v1/auth/password-reset/confirm',
    {
      config: strictLimit,
      schema: {
        tags,
        summary: 'Choose a new password with the secret of a reset link',
        description: 'Every session of the account ends; sign in again with the new password.',
        body: Type.Object({ token: Secret, newPassword: Password }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await completePasswordReset(db(), {
        secret: request.body.token,
        newPassword: request.body.newPassword,
        now: ctx.now(),
      });
      return reply.status(204).send(null);
    },
  );
}
