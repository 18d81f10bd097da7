/**
 * Forgotten password, its one-time link, and the confirmation of a citizen registration, as
 * form posts on the portal (issue 11, findings 3 and 9). The answers never say whether a login
 * has an account. Services: src/platform/auth/recovery.ts and registration.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  CONFIRM_PATH,
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
import { ErrorSummary } from '../web/components/error-summary.tsx';
import { Button, errorFor, PostForm, type Problem, TextInput } from '../web/components/form.tsx';
import { Panel } from '../web/components/panel.tsx';
import { type PageContext, pageContext } from '../web/context.ts';
import { field, formBody, queryOf, returnPath, seeOther, sendPage } from '../web/http.tsx';
import { Layout } from '../web/layout.tsx';
import { DemoMessage, Done, HOME, NewPasswordFields, newPasswordOf, text } from './account-pages.tsx';

export const FORGOT_PATH = '/quen-mat-khau';
const SECRET = /^[A-Za-z0-9_-]{16,128}$/;

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
    // A used, expired or made-up link: the page says so, answered as "not found".
    return sendPage(
      reply,
      <ResetPage ctx={pageContext(request, reply, 'portal')} secret={secret} live={live} />,
      live ? 200 : 404,
    );
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
    return sendPage(
      reply,
      <ConfirmPage ctx={ctx} secret={secret} live={live} returnTo={returnPath(q.tiep, HOME)} />,
      live ? 200 : 404,
    );
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
