/**
 * One's own password and the account's confirmations, as form posts (issue 11, findings 3 and
 * 9): change password (both areas; the only page a session whose password must change reaches),
 * forgotten password and its one-time link, and the confirmation of a citizen registration.
 * The answers never say whether a login has an account. Services: src/platform/auth.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CHANGE_PASSWORD_PAGES,
  CONFIRM_PATH,
  changePassword,
  completePasswordReset,
  confirmRegistration,
  openSessionFor,
  RESET_PATH,
  registrationSecretIsLive,
  requestPasswordReset,
  resetSecretIsLive,
  setSessionCookie,
  showsQueuedMessages,
} from '../platform/auth/index.ts';
import { DomainError } from '../platform/errors.ts';
import { ErrorSummary } from './components/error-summary.tsx';
import { Button, ButtonLink, errorFor, PostForm, type Problem, TextInput } from './components/form.tsx';
import { Banner, Inset, Panel } from './components/panel.tsx';
import { type Area, type PageContext, pageContext } from './context.ts';
import { field, formBody, queryOf, returnPath, seeOther, sendPage } from './http.tsx';
import { Layout } from './layout.tsx';

export const FORGOT_PATH = '/quen-mat-khau';
const HOME = '/ho-so-cua-toi';
const SECRET = /^[A-Za-z0-9_-]{16,128}$/;

const text = (ctx: PageContext, err: DomainError) =>
  (ctx.lang === 'en' ? ctx.t.domainErrors[err.code] : undefined) ?? err.message;

/** What the embedded demo shows instead of sending (it has no e-mail or SMS; see platform/auth/demo.ts). */
export function DemoMessage({ ctx, message }: { ctx: PageContext; message: string | undefined }) {
  if (!message) return null;
  return (
    <Banner title={ctx.t.demoMessageTitle}>
      <p>{ctx.t.demoMessageLead}</p>
      <Inset>
        {message
          .split(/(https?:\/\/\S+)/)
          .map((part) => (/^https?:\/\//.test(part) ? <a href={part}>{part}</a> : part))}
      </Inset>
    </Banner>
  );
}

function NewPasswordFields({ ctx, problems }: { ctx: PageContext; problems: Problem[] | undefined }) {
  const t = ctx.t;
  return (
    <>
      <TextInput
        ctx={ctx}
        name="newPassword"
        type="password"
        label={t.newPasswordLabel}
        hint={t.passwordHint}
        error={errorFor(problems, 'newPassword')}
        autocomplete="new-password"
        width="w20"
      />
      <TextInput
        ctx={ctx}
        name="confirmPassword"
        type="password"
        label={t.confirmPasswordLabel}
        error={errorFor(problems, 'confirmPassword')}
        autocomplete="new-password"
        width="w20"
      />
    </>
  );
}

/** The new password twice, read from the form; problems when missing or different. */
function newPasswordOf(ctx: PageContext, body: ReturnType<typeof formBody>, problems: Problem[]): string {
  const password = typeof body.newPassword === 'string' ? body.newPassword : '';
  const again = typeof body.confirmPassword === 'string' ? body.confirmPassword : '';
  if (!password) problems.push({ field: 'newPassword', message: ctx.t.passwordRequired });
  else if (password !== again) problems.push({ field: 'confirmPassword', message: ctx.t.passwordsDiffer });
  return password;
}

const passwordField = (code: string) =>
  code === 'CURRENT_PASSWORD_WRONG' || code === 'SIGN_IN_THROTTLED' ? 'currentPassword' : 'newPassword';

function ChangePasswordPage(props: { ctx: PageContext; area: Area; required: boolean; problems?: Problem[] }) {
  const { ctx, area, problems } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.changePasswordTitle} hasErrors={(problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={problems} />
      <h1>{t.changePasswordTitle}</h1>
      <p class="lead">{props.required ? t.changePasswordRequired : t.changePasswordLead}</p>
      <PostForm ctx={ctx} action={CHANGE_PASSWORD_PAGES[area]}>
        <TextInput
          ctx={ctx}
          name="currentPassword"
          type="password"
          label={t.currentPasswordLabel}
          error={errorFor(problems, 'currentPassword')}
          autocomplete="current-password"
          width="w20"
        />
        <NewPasswordFields ctx={ctx} problems={problems} />
        <Button>{t.changePasswordButton}</Button>
      </PostForm>
    </Layout>
  );
}

function Done({ ctx, title, next, nextLabel }: { ctx: PageContext; title: string; next: string; nextLabel: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <Panel title={title} />
      <ButtonLink href={next}>{nextLabel}</ButtonLink>
    </Layout>
  );
}

/** Change password, in the portal and in the workspace. */
export function changePasswordRoutes(app: FastifyInstance, area: Area): void {
  const { config } = app.deps;
  const path = CHANGE_PASSWORD_PAGES[area];
  const at = area === 'workspace' ? path.slice('/workspace'.length) : path;
  const home = area === 'workspace' ? '/workspace' : HOME;
  const signedIn = (request: FastifyRequest) => {
    const loaded = request.authSession;
    return loaded && !loaded.session.totpPending ? loaded : undefined;
  };
  const signInFirst = (reply: FastifyReply) =>
    seeOther(reply, `${area === 'workspace' ? '/workspace/dang-nhap' : '/dang-nhap'}?tiep=${encodeURIComponent(path)}`);

  app.get(at, async (request, reply) => {
    const loaded = signedIn(request);
    if (!loaded) return signInFirst(reply);
    const ctx = pageContext(request, reply, area);
    return sendPage(reply, <ChangePasswordPage ctx={ctx} area={area} required={loaded.account.mustChangePassword} />);
  });

  app.post(at, { config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (request, reply) => {
    const loaded = signedIn(request);
    if (!loaded) return signInFirst(reply);
    const ctx = pageContext(request, reply, area);
    const body = formBody(request);
    const problems: Problem[] = [];
    const currentPassword = typeof body.currentPassword === 'string' ? body.currentPassword : '';
    if (!currentPassword) problems.push({ field: 'currentPassword', message: ctx.t.passwordRequired });
    const newPassword = newPasswordOf(ctx, body, problems);
    if (problems.length === 0) {
      try {
        const result = await changePassword(
          app.deps.database.db,
          {
            accountId: loaded.account.id,
            currentPassword,
            newPassword,
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
          },
          { ttlHours: config.sessionTtlHours },
        );
        setSessionCookie(reply, config, result.token);
        return sendPage(
          reply,
          <Done ctx={ctx} title={ctx.t.passwordChanged} next={home} nextLabel={ctx.t.continueLabel} />,
        );
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.code === 'SIGN_IN_THROTTLED') reply.header('retry-after', String(err.details.retryAfterSeconds ?? 1));
        problems.push({ field: passwordField(err.code), message: text(ctx, err) });
      }
    }
    const page = (
      <ChangePasswordPage ctx={ctx} area={area} required={loaded.account.mustChangePassword} problems={problems} />
    );
    return sendPage(reply, page, 422);
  });
}

function ForgotPage(props: {
  ctx: PageContext;
  problems?: Problem[];
  login?: string;
  sent?: boolean;
  message?: string;
}) {
  const { ctx, problems } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.forgotTitle} hasErrors={(problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={problems} />
      {props.sent ? (
        <>
          <Panel title={t.forgotSentTitle}>
            <p>{t.forgotSentBody}</p>
          </Panel>
          <DemoMessage ctx={ctx} message={props.message} />
        </>
      ) : (
        <>
          <h1>{t.forgotTitle}</h1>
          <p class="lead">{t.forgotLead}</p>
          <PostForm ctx={ctx} action={FORGOT_PATH}>
            <TextInput
              ctx={ctx}
              name="login"
              label={t.loginLabel}
              value={props.login}
              error={errorFor(problems, 'login')}
              autocomplete="username"
              spellcheck={false}
              width="w20"
            />
            <Button>{t.forgotButton}</Button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}

function ResetPage(props: { ctx: PageContext; secret: string; live: boolean; problems?: Problem[] }) {
  const { ctx, problems } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.resetTitle} hasErrors={(problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={problems} />
      <h1>{t.resetTitle}</h1>
      {props.live ? (
        <PostForm ctx={ctx} action={RESET_PATH}>
          <input type="hidden" name="ma" value={props.secret} />
          <NewPasswordFields ctx={ctx} problems={problems} />
          <Button>{t.resetButton}</Button>
        </PostForm>
      ) : (
        <>
          <p>{t.resetInvalid}</p>
          <p>
            <a href={FORGOT_PATH}>{t.resetAgain}</a>
          </p>
        </>
      )}
    </Layout>
  );
}

function ConfirmPage(props: { ctx: PageContext; secret: string; live: boolean; returnTo?: string }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.registerConfirmTitle}>
      <h1>{t.registerConfirmTitle}</h1>
      {props.live ? (
        // A button, not the link itself: mail scanners that open links must not create accounts.
        <PostForm ctx={ctx} action={CONFIRM_PATH}>
          <input type="hidden" name="ma" value={props.secret} />
          {props.returnTo ? <input type="hidden" name="tiep" value={props.returnTo} /> : null}
          <p class="lead">{t.registerConfirmLead}</p>
          <Button>{t.registerConfirmButton}</Button>
        </PostForm>
      ) : (
        <p>{t.registerConfirmInvalid}</p>
      )}
    </Layout>
  );
}

/** Forgotten password, its reset link, and the registration confirmation (portal only). */
export function recoveryRoutes(app: FastifyInstance): void {
  const { config } = app.deps;
  const db = () => app.deps.database.db;
  const demo = showsQueuedMessages(config);
  const base = (request: FastifyRequest) =>
    config.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
  const messageLimit = { rateLimit: { max: 5, timeWindow: 60_000 } };
  const secretOf = (raw: string | undefined) => (raw && SECRET.test(raw) ? raw : '');

  app.get(FORGOT_PATH, async (request, reply) =>
    sendPage(reply, <ForgotPage ctx={pageContext(request, reply, 'portal')} />),
  );

  app.post(FORGOT_PATH, { config: messageLimit }, async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const login = field(formBody(request), 'login');
    if (!login)
      return sendPage(
        reply,
        <ForgotPage ctx={ctx} problems={[{ field: 'login', message: ctx.t.loginRequired }]} />,
        422,
      );
    const { message } = await requestPasswordReset(db(), { login, baseUrl: base(request) });
    return sendPage(reply, <ForgotPage ctx={ctx} sent message={demo ? message : undefined} />);
  });

  app.get(RESET_PATH, async (request, reply) => {
    const secret = secretOf(queryOf(request).ma);
    const live = secret !== '' && (await resetSecretIsLive(db(), secret));
    return sendPage(reply, <ResetPage ctx={pageContext(request, reply, 'portal')} secret={secret} live={live} />);
  });

  app.post(RESET_PATH, { config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const body = formBody(request);
    const secret = secretOf(field(body, 'ma'));
    const problems: Problem[] = [];
    const newPassword = newPasswordOf(ctx, body, problems);
    if (problems.length === 0) {
      try {
        const account = await completePasswordReset(db(), { secret, newPassword });
        const signIn = account.kind === 'staff' ? '/workspace/dang-nhap' : '/dang-nhap';
        return sendPage(reply, <Done ctx={ctx} title={ctx.t.resetDone} next={signIn} nextLabel={ctx.t.navSignIn} />);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.code === 'ACCOUNT_TOKEN_INVALID')
          return sendPage(reply, <ResetPage ctx={ctx} secret="" live={false} />, 422);
        problems.push({ field: 'newPassword', message: text(ctx, err) });
      }
    }
    return sendPage(reply, <ResetPage ctx={ctx} secret={secret} live problems={problems} />, 422);
  });

  app.get(CONFIRM_PATH, async (request, reply) => {
    const q = queryOf(request);
    const secret = secretOf(q.ma);
    const live = secret !== '' && (await registrationSecretIsLive(db(), secret));
    const ctx = pageContext(request, reply, 'portal');
    return sendPage(reply, <ConfirmPage ctx={ctx} secret={secret} live={live} returnTo={returnPath(q.tiep, HOME)} />);
  });

  app.post(CONFIRM_PATH, { config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (request, reply) => {
    const body = formBody(request);
    const secret = secretOf(field(body, 'ma'));
    try {
      const account = await confirmRegistration(db(), { provinceCode: config.provinceCode, secret });
      const signedIn = await openSessionFor(
        db(),
        account,
        {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          replacesToken: request.cookies.mocua_session,
        },
        { ttlHours: config.sessionTtlHours, method: 'registration' },
      );
      setSessionCookie(reply, config, signedIn.token);
      return seeOther(reply, returnPath(field(body, 'tiep'), HOME));
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'ACCOUNT_TOKEN_INVALID') throw err;
      return sendPage(reply, <ConfirmPage ctx={pageContext(request, reply, 'portal')} secret="" live={false} />, 422);
    }
  });
}
