/**
 * "Bạn đã có tài khoản?" after a national sign-on that found no account of the person
 * (platform/auth/oidc-linking.ts, step 4): sign in once with the existing account's password to
 * link it, or ask for a new account. Until one of the two, no session is opened.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createAccountForHeldSignIn,
  findHeldSignIn,
  LINK_COOKIE,
  LINK_PAGE,
  linkWithPassword,
  SESSION_COOKIE,
  type SignedIn,
  setSessionCookie,
} from '../platform/auth/index.ts';
import { DomainError } from '../platform/errors.ts';
import { CredentialFields } from '../web/components/credential-fields.tsx';
import { ErrorSummary } from '../web/components/error-summary.tsx';
import { Button, ButtonLink, errorFor, PostForm, type Problem, TextInput } from '../web/components/form.tsx';
import { type PageContext, pageContext } from '../web/context.ts';
import { errorText, field, formBody, oidcStartPath, returnPath, seeOther, sendPage } from '../web/http.tsx';
import { Layout } from '../web/layout.tsx';

const NEW_ACCOUNT = `${LINK_PAGE}/tai-khoan-moi`;

function LinkPage({
  ctx,
  name,
  problems,
  login,
}: {
  ctx: PageContext;
  name: string;
  problems?: Problem[];
  login?: string;
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.linkTitle} hasErrors={(problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={problems} />
      <h1>{t.linkTitle}</h1>
      <p class="lead">{t.linkLead(name)}</p>
      <h2>{t.linkWithPasswordTitle}</h2>
      <PostForm ctx={ctx} action={LINK_PAGE}>
        <CredentialFields ctx={ctx} loginLabel={t.loginLabel} login={login} problems={problems} />
        <TextInput
          ctx={ctx}
          name="code"
          label={t.linkTotpLabel}
          error={errorFor(problems, 'code')}
          autocomplete="one-time-code"
          inputmode="numeric"
          width="w5"
          maxLength={6}
        />
        <Button>{t.linkButton}</Button>
      </PostForm>
      <h2>{t.linkNewTitle}</h2>
      <p>{t.linkNewLead}</p>
      <PostForm ctx={ctx} action={NEW_ACCOUNT}>
        <Button variant="secondary">{t.linkNewButton}</Button>
      </PostForm>
    </Layout>
  );
}

function ExpiredPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={ctx.t.linkTitle}>
      <h1>{ctx.t.linkTitle}</h1>
      <p>{ctx.t.linkExpired}</p>
      <ButtonLink href={oidcStartPath('citizen', '/ho-so-cua-toi')}>{ctx.t.oidcSignIn}</ButtonLink>
    </Layout>
  );
}

const fieldOf = (code: string) => (code.startsWith('TOTP') || code === 'OIDC_LINK_TOTP_REQUIRED' ? 'code' : 'login');

/** GET and POST of the link page, and the new-account answer (portal only). */
export function linkPageRoutes(app: FastifyInstance): void {
  const { config } = app.deps;
  const db = () => app.deps.database.db;
  const strict = { rateLimit: { max: 20, timeWindow: 60_000 } };
  const opened = (reply: FastifyReply, signedIn: SignedIn, returnTo: string) => {
    reply.clearCookie(LINK_COOKIE, { path: '/' });
    setSessionCookie(reply, config, signedIn.token);
    return seeOther(reply, returnPath(returnTo, '/ho-so-cua-toi'));
  };
  const client = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    replacesToken: request.cookies[SESSION_COOKIE],
  });

  app.get(LINK_PAGE, async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const held = await findHeldSignIn(db(), request.cookies[LINK_COOKIE], new Date());
    if (!held) return sendPage(reply, <ExpiredPage ctx={ctx} />, 410);
    return sendPage(reply, <LinkPage ctx={ctx} name={held.identity.fullName} />);
  });

  app.post(LINK_PAGE, { config: strict }, async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const token = request.cookies[LINK_COOKIE];
    const held = await findHeldSignIn(db(), token, new Date());
    if (!token || !held) return sendPage(reply, <ExpiredPage ctx={ctx} />, 410);
    const body = formBody(request);
    const login = field(body, 'login');
    const password = typeof body.password === 'string' ? body.password : '';
    const problems: Problem[] = [];
    if (!login) problems.push({ field: 'login', message: ctx.t.loginRequired });
    if (!password) problems.push({ field: 'password', message: ctx.t.passwordRequired });
    if (problems.length === 0) {
      try {
        const code = field(body, 'code');
        const signedIn = await linkWithPassword(
          db(),
          token,
          { login, password, ...(code ? { totp: code } : {}), ...client(request) },
          { ttlHours: config.sessionTtlHours, log: request.log },
        );
        return opened(reply, signedIn, held.returnTo);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.code === 'SIGN_IN_THROTTLED') reply.header('retry-after', String(err.details.retryAfterSeconds ?? 1));
        problems.push({ field: fieldOf(err.code), message: errorText(ctx, err) });
      }
    }
    const page = <LinkPage ctx={ctx} name={held.identity.fullName} problems={problems} login={login} />;
    return sendPage(reply, page, 422);
  });

  app.post(NEW_ACCOUNT, { config: strict }, async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const token = request.cookies[LINK_COOKIE];
    const held = await findHeldSignIn(db(), token, new Date());
    if (!token || !held) return sendPage(reply, <ExpiredPage ctx={ctx} />, 410);
    const signedIn = await createAccountForHeldSignIn(db(), token, client(request), {
      ttlHours: config.sessionTtlHours,
    });
    return opened(reply, signedIn, held.returnTo);
  });
}
