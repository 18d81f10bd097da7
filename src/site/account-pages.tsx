/**
 * Changing one's own password as a form post, in both areas (issue 11, finding 3): the only
 * page a session whose password must change reaches. The parts the recovery pages share
 * (new-password fields, the demo's message, the done page) live here too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CHANGE_PASSWORD_PAGES, changePassword, setSessionCookie } from '../platform/auth/index.ts';
import { DomainError } from '../platform/errors.ts';
import { ErrorSummary } from '../web/components/error-summary.tsx';
import { Button, ButtonLink, errorFor, PostForm, type Problem, TextInput } from '../web/components/form.tsx';
import { Banner, Inset, Panel } from '../web/components/panel.tsx';
import { type Area, type PageContext, pageContext } from '../web/context.ts';
import { formBody, seeOther, sendPage } from '../web/http.tsx';
import { Layout } from '../web/layout.tsx';

export const HOME = '/ho-so-cua-toi';

export const text = (ctx: PageContext, err: DomainError) =>
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

export function NewPasswordFields({ ctx, problems }: { ctx: PageContext; problems: Problem[] | undefined }) {
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
export function newPasswordOf(ctx: PageContext, body: ReturnType<typeof formBody>, problems: Problem[]): string {
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

export function Done({
  ctx,
  title,
  next,
  nextLabel,
}: {
  ctx: PageContext;
  title: string;
  next: string;
  nextLabel: string;
}) {
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
    if (!loaded || loaded.session.totpPending) return undefined;
    // The workspace is the officers': a citizen's session is sent to the officers' sign-in.
    return area === 'workspace' && loaded.account.kind !== 'staff' ? undefined : loaded;
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
