/**
 * Sign-in, registration, the TOTP step and sign-out as form posts, for the portal (citizens)
 * and the workspace (staff). They set the session cookie exactly as the JSON auth routes do
 * (src/platform/auth/routes.ts): a new session every time, never one the browser had before.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CHANGE_PASSWORD_PAGES,
  clearSessionCookie,
  completeTotpSignIn,
  destroySession,
  PASSWORD_MIN_LENGTH,
  parseLogin,
  providerLogoutUrl,
  SESSION_COOKIE,
  type SignedIn,
  setSessionCookie,
  showsQueuedMessages,
  signIn,
  startRegistration,
} from '../platform/auth/index.ts';
import { isPlausibleName } from '../platform/codes/index.ts';
import { DomainError } from '../platform/errors.ts';
import { CredentialFields } from '../web/components/credential-fields.tsx';
import { ErrorSummary } from '../web/components/error-summary.tsx';
import { Button, ButtonLink, errorFor, PostForm, type Problem, TextInput } from '../web/components/form.tsx';
import { Banner, Panel } from '../web/components/panel.tsx';
import { type Area, type PageContext, pageContext } from '../web/context.ts';
import { errorText, field, formBody, oidcStartPath, queryOf, returnPath, seeOther, sendPage } from '../web/http.tsx';
import { Layout } from '../web/layout.tsx';
import { changePasswordRoutes, DemoMessage } from './account-pages.tsx';
import { FORGOT_PATH, recoveryRoutes } from './recovery-pages.tsx';

const paths = {
  portal: { signIn: '/dang-nhap', totp: '/dang-nhap/ma-xac-thuc', signOut: '/dang-xuat', home: '/ho-so-cua-toi' },
  workspace: {
    signIn: '/workspace/dang-nhap',
    totp: '/workspace/dang-nhap/ma-xac-thuc',
    signOut: '/workspace/dang-xuat',
    home: '/workspace',
  },
} as const;

function SignInPage(props: {
  ctx: PageContext;
  area: Area;
  problems?: Problem[];
  login?: string;
  returnTo: string;
  signedOut?: boolean;
  oidc: boolean;
}) {
  const { ctx, area, problems, returnTo } = props;
  const t = ctx.t;
  const staff = area === 'workspace';
  const title = staff ? t.staffSignInTitle : t.signInTitle;
  return (
    <Layout ctx={ctx} title={title} hasErrors={(problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={problems} />
      {props.signedOut ? (
        <Banner kind="success" title={t.signedOut}>
          <p>{t.signedOut}</p>
        </Banner>
      ) : null}
      <h1>{title}</h1>
      <p class="lead">{staff ? t.staffSignInLead : t.signInLead}</p>
      {props.oidc ? (
        <>
          <p class="hint">{t.oidcSignInHint}</p>
          <ButtonLink href={oidcStartPath(staff ? 'staff' : 'citizen', returnTo)}>{t.oidcSignIn}</ButtonLink>
          <p>{t.orLabel}</p>
        </>
      ) : null}
      <PostForm ctx={ctx} action={paths[area].signIn}>
        <input type="hidden" name="tiep" value={returnTo} />
        <CredentialFields
          ctx={ctx}
          loginLabel={staff ? t.staffLoginLabel : t.loginLabel}
          login={props.login}
          problems={problems}
        />
        <Button variant={props.oidc ? 'secondary' : 'primary'}>{t.signInButton}</Button>
      </PostForm>
      <p>
        <a href={FORGOT_PATH}>{t.forgotPasswordLink}</a>
      </p>
      {staff ? null : (
        <p>
          {t.noAccount} <a href={`/dang-ky?tiep=${encodeURIComponent(returnTo)}`}>{t.navRegister}</a>
        </p>
      )}
    </Layout>
  );
}

/** The same page for every valid registration: whether the login had an account is not told. */
function RegisterSentPage({ ctx, message }: { ctx: PageContext; message: string | undefined }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.registerSentTitle}>
      <Panel title={t.registerSentTitle}>
        <p>{t.registerSentBody}</p>
      </Panel>
      <DemoMessage ctx={ctx} message={message} />
    </Layout>
  );
}

function RegisterPage(props: {
  ctx: PageContext;
  problems?: Problem[];
  values?: { displayName: string; login: string };
  returnTo: string;
}) {
  const { ctx, problems, values, returnTo } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.registerTitle} hasErrors={(problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={problems} />
      <h1>{t.registerTitle}</h1>
      <p class="lead">{t.registerLead}</p>
      <PostForm ctx={ctx} action="/dang-ky">
        <input type="hidden" name="tiep" value={returnTo} />
        <TextInput
          ctx={ctx}
          name="displayName"
          label={t.displayNameLabel}
          value={values?.displayName}
          error={errorFor(problems, 'displayName')}
          autocomplete="name"
          spellcheck={false}
        />
        <TextInput
          ctx={ctx}
          name="login"
          label={t.loginLabel}
          hint={t.registerLoginHint}
          value={values?.login}
          error={errorFor(problems, 'login')}
          autocomplete="username"
          spellcheck={false}
          width="w20"
        />
        <TextInput
          ctx={ctx}
          name="password"
          type="password"
          label={t.passwordLabel}
          hint={t.passwordHint}
          error={errorFor(problems, 'password')}
          autocomplete="new-password"
          width="w20"
        />
        <Button>{t.registerButton}</Button>
      </PostForm>
      <p>
        {t.haveAccount} <a href={`/dang-nhap?tiep=${encodeURIComponent(returnTo)}`}>{t.navSignIn}</a>
      </p>
    </Layout>
  );
}

function TotpPage({
  ctx,
  area,
  problems,
  returnTo,
}: {
  ctx: PageContext;
  area: Area;
  problems?: Problem[];
  returnTo: string;
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.totpTitle} hasErrors={(problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={problems} />
      <PostForm ctx={ctx} action={paths[area].totp}>
        <input type="hidden" name="tiep" value={returnTo} />
        <TextInput
          ctx={ctx}
          name="code"
          label={t.totpLabel}
          asHeading
          error={errorFor(problems, 'code')}
          autocomplete="one-time-code"
          inputmode="numeric"
          width="w5"
          maxLength={6}
        />
        <Button>{t.totpButton}</Button>
      </PostForm>
    </Layout>
  );
}

const client = (request: FastifyRequest) => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
  replacesToken: request.cookies[SESSION_COOKIE],
});

/** Where a fresh session goes: staff to the workspace, citizens to their page (or where they came from). */
function landing(area: Area, signedIn: SignedIn, returnTo: string): string {
  if (signedIn.account.kind === 'staff')
    return area === 'workspace' ? returnPath(returnTo, '/workspace') : '/workspace';
  return returnPath(returnTo, paths.portal.home);
}

const fieldOfError = (code: string): string => {
  if (code.startsWith('PASSWORD')) return 'password';
  if (code.startsWith('TOTP')) return 'code';
  return 'login';
};

/** GET and POST of sign-in, TOTP and sign-out for one area; registration on the portal. */
export function authPageRoutes(app: FastifyInstance, area: Area): void {
  const { config } = app.deps;
  const db = () => app.deps.database.db;
  const p = paths[area];
  // The workspace scope is registered under the /workspace prefix.
  const at = (absolute: string) => (area === 'workspace' ? absolute.slice('/workspace'.length) : absolute);
  const oidc = config.oidcIssuer !== undefined && (area === 'portal' || config.oidcStaff);
  // The embedded demo sends no e-mail or SMS: it shows the message it queued (demo.ts).
  const demo = showsQueuedMessages(config);
  const options = (request: FastifyRequest) => ({ ttlHours: config.sessionTtlHours, log: request.log });
  // Bursts from one address are cut here as on the JSON route; the growing delays do the rest.
  const strict = { rateLimit: { max: 20, timeWindow: 60_000 } };

  const finish = async (request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn, returnTo: string) => {
    if (area === 'workspace' && signedIn.account.kind !== 'staff') {
      await destroySession(db(), signedIn.token);
      const ctx = pageContext(request, reply, area);
      const problems = [{ field: 'login', message: ctx.t.staffOnly }];
      return sendPage(
        reply,
        <SignInPage ctx={ctx} area={area} problems={problems} returnTo={returnTo} oidc={oidc} />,
        403,
      );
    }
    setSessionCookie(reply, config, signedIn.token);
    if (signedIn.account.mustChangePassword && !signedIn.totpPending)
      return seeOther(
        reply,
        signedIn.account.kind === 'staff' ? CHANGE_PASSWORD_PAGES.workspace : CHANGE_PASSWORD_PAGES.portal,
      );
    if (signedIn.totpPending) return seeOther(reply, `${p.totp}?tiep=${encodeURIComponent(returnTo)}`);
    return seeOther(reply, landing(area, signedIn, returnTo));
  };

  app.get(at(p.signIn), async (request, reply) => {
    const q = queryOf(request);
    const ctx = pageContext(request, reply, area);
    const returnTo = returnPath(q.tiep, p.home);
    if (request.caller.kind === 'staff' && area === 'workspace') return seeOther(reply, returnTo);
    if (request.caller.kind === 'citizen' && area === 'portal') return seeOther(reply, returnTo);
    return sendPage(
      reply,
      <SignInPage ctx={ctx} area={area} returnTo={returnTo} signedOut={q['da-dang-xuat'] === '1'} oidc={oidc} />,
    );
  });

  app.post(at(p.signIn), { config: strict }, async (request, reply) => {
    const body = formBody(request);
    const login = field(body, 'login');
    const password = typeof body.password === 'string' ? body.password : '';
    const returnTo = returnPath(field(body, 'tiep'), p.home);
    const ctx = pageContext(request, reply, area);
    const problems: Problem[] = [];
    if (!login)
      problems.push({ field: 'login', message: area === 'workspace' ? ctx.t.staffLoginRequired : ctx.t.loginRequired });
    if (!password) problems.push({ field: 'password', message: ctx.t.passwordRequired });
    if (problems.length === 0) {
      try {
        const signedIn = await signIn(db(), { login, password, ...client(request) }, options(request));
        return finish(request, reply, signedIn, returnTo);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.code === 'SIGN_IN_THROTTLED') reply.header('retry-after', String(err.details.retryAfterSeconds ?? 1));
        problems.push({ field: 'login', message: errorText(ctx, err) });
      }
    }
    return sendPage(
      reply,
      <SignInPage ctx={ctx} area={area} problems={problems} login={login} returnTo={returnTo} oidc={oidc} />,
      422,
    );
  });

  app.get(at(p.totp), async (request, reply) => {
    const ctx = pageContext(request, reply, area);
    if (!request.authSession?.session.totpPending) return seeOther(reply, p.signIn);
    return sendPage(reply, <TotpPage ctx={ctx} area={area} returnTo={returnPath(queryOf(request).tiep, p.home)} />);
  });

  app.post(at(p.totp), { config: strict }, async (request, reply) => {
    const body = formBody(request);
    const returnTo = returnPath(field(body, 'tiep'), p.home);
    const token = request.cookies[SESSION_COOKIE];
    if (!token || !request.authSession?.session.totpPending) return seeOther(reply, p.signIn);
    const ctx = pageContext(request, reply, area);
    try {
      const signedIn = await completeTotpSignIn(
        db(),
        { token, code: field(body, 'code'), ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
        options(request),
      );
      return finish(request, reply, signedIn, returnTo);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const problems = [{ field: fieldOfError(err.code), message: errorText(ctx, err) }];
      return sendPage(reply, <TotpPage ctx={ctx} area={area} problems={problems} returnTo={returnTo} />, 422);
    }
  });

  app.post(at(p.signOut), async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    // Signed in through the national sign-on: its session ends too (RP-initiated logout, oidc.ts).
    const providerLogout = await providerLogoutUrl(config, request.authSession?.session, area);
    if (token) await destroySession(db(), token);
    clearSessionCookie(reply, config);
    // An application being filled in stays with the account (filing drafts), not on this computer.
    return seeOther(reply, providerLogout ?? `${p.signIn}?da-dang-xuat=1`);
  });

  changePasswordRoutes(app, area);
  if (area !== 'portal') return;
  recoveryRoutes(app);

  app.get('/dang-ky', async (request, reply) => {
    const ctx = pageContext(request, reply, area);
    return sendPage(reply, <RegisterPage ctx={ctx} returnTo={returnPath(queryOf(request).tiep, p.home)} />);
  });

  app.post('/dang-ky', { config: strict }, async (request, reply) => {
    const body = formBody(request);
    const values = { displayName: field(body, 'displayName'), login: field(body, 'login') };
    const password = typeof body.password === 'string' ? body.password : '';
    const returnTo = returnPath(field(body, 'tiep'), p.home);
    const ctx = pageContext(request, reply, area);
    const problems: Problem[] = [];
    // Every field is checked before any is refused: a bad phone must not hide a short password.
    if (!values.displayName) problems.push({ field: 'displayName', message: ctx.t.nameRequired });
    else if (!isPlausibleName(values.displayName))
      problems.push({ field: 'displayName', message: ctx.t.nameImplausible });
    const login = values.login ? parseLogin(values.login) : undefined;
    if (!values.login) problems.push({ field: 'login', message: ctx.t.loginRequired });
    else if (!login || login.kind === 'username') problems.push({ field: 'login', message: ctx.t.loginInvalid });
    if (!password) problems.push({ field: 'password', message: ctx.t.passwordRequired });
    else if ([...password.normalize('NFC')].length < PASSWORD_MIN_LENGTH)
      problems.push({ field: 'password', message: ctx.t.passwordTooShort(PASSWORD_MIN_LENGTH) });
    if (problems.length === 0) {
      try {
        const { message } = await startRegistration(db(), {
          ...values,
          password,
          provinceCode: config.provinceCode,
          baseUrl: config.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`,
          ...(returnTo === p.home ? {} : { returnTo }),
        });
        return sendPage(reply, <RegisterSentPage ctx={ctx} message={demo ? message : undefined} />);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const fields = (err.details as { fields?: Array<{ field: string; message: string }> }).fields;
        if (fields) problems.push(...fields.map((f) => ({ field: f.field, message: f.message })));
        else problems.push({ field: fieldOfError(err.code), message: errorText(ctx, err) });
      }
    }
    return sendPage(reply, <RegisterPage ctx={ctx} problems={problems} values={values} returnTo={returnTo} />, 422);
  });
}
