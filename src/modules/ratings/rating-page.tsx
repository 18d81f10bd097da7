/**
 * The page a rating link opens (`/danh-gia/{code}?t=…&k=sms|zalo`, sent by SMS or Zalo after
 * delivery), also used by a signed-in applicant from the portal (`/danh-gia/{code}`): the
 * three levels, indices 10 and 11 and a comment (DOMAIN.md §1.6). Works without script.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { ErrorSummary } from '../../web/components/error-summary.tsx';
import { Button, ChoiceGroup, CsrfField, errorFor, type Problem, Textarea } from '../../web/components/form.tsx';
import { Banner, Inset } from '../../web/components/panel.tsx';
import { type PageContext, pageContext } from '../../web/context.ts';
import { field, formBody, pageErrorHandler, problemsOf, queryOf, seeOther, sendPage } from '../../web/http.tsx';
import { Layout } from '../../web/layout.tsx';
import { evaluationData, versionOn } from './data.ts';
import { getRatingContext, type RatingContext, rateDossier } from './dossier-ratings.ts';
import { levelLabels } from './labels.ts';
import { type RatingChannel, type RatingLevel, ratingLevels } from './schema.ts';

const CODE = /^[0-9A-Z.]+-\d{6}-\d{4,9}$/;

interface LinkParams {
  token?: string;
  /** The tracking key of the receipt, from the link in a delivery notice (`?key=`). */
  trackingKey?: string;
  channel: RatingChannel;
}

const linkQuery = (p: LinkParams, extra = '') => {
  const parts = [
    p.token ? `t=${encodeURIComponent(p.token)}` : '',
    p.trackingKey ? `key=${encodeURIComponent(p.trackingKey)}` : '',
    p.token || p.trackingKey ? `k=${p.channel}` : '',
    extra,
  ];
  const q = parts.filter(Boolean).join('&');
  return q ? `?${q}` : '';
};

function linkParams(raw: Record<string, string>, caller: Caller): LinkParams {
  const token = raw.t && raw.t.length <= 64 ? raw.t : undefined;
  const trackingKey = !token && raw.key && raw.key.length <= 32 ? raw.key : undefined;
  if (!token && !trackingKey) return { channel: caller.kind === 'citizen' ? 'portal' : 'sms' };
  const channel = raw.k === 'zalo' ? 'zalo' : raw.k === 'kiosk' ? 'kiosk' : raw.k === 'portal' ? 'portal' : 'sms';
  return token ? { token, channel } : { ...(trackingKey ? { trackingKey } : {}), channel };
}

const proofOf = (link: LinkParams) => ({
  ...(link.token ? { token: link.token } : {}),
  ...(link.trackingKey ? { trackingKey: link.trackingKey } : {}),
});

const levelChoices = ratingLevels.map((value) => ({ value, label: levelLabels[value] }));
const asLevel = (v: string): RatingLevel | null => ratingLevels.find((l) => l === v) ?? null;

function questions() {
  const today = new Date().toISOString().slice(0, 10);
  const { satisfactionQuestions } = versionOn(evaluationData().criteria, today);
  const name = (key: 'convenience' | 'overall') => satisfactionQuestions.find((q) => q.key === key)?.question ?? key;
  return { convenience: name('convenience'), overall: name('overall') };
}

interface FormValues {
  level?: string;
  convenience?: string;
  overall?: string;
  comment?: string;
}

function RatingPage(props: {
  ctx: PageContext;
  context: RatingContext;
  link: LinkParams;
  values: FormValues;
  problems?: Problem[];
  sent: boolean;
}) {
  const { ctx, context, link, values, problems, sent } = props;
  const q = questions();
  const title = `Đánh giá sự hài lòng — hồ sơ ${context.dossierCode}`;
  return (
    <Layout ctx={ctx} title="Đánh giá sự hài lòng" hasErrors={(problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={problems} />
      {sent ? (
        <Banner kind="success" title="Cảm ơn bạn đã đánh giá">
          <p>Ý kiến của bạn giúp cơ quan phục vụ tốt hơn.</p>
        </Banner>
      ) : null}
      <h1>{title}</h1>
      {!context.delivered ? (
        <Inset>Hồ sơ chưa được trả kết quả nên chưa thể đánh giá. Bạn có thể đánh giá sau khi nhận kết quả.</Inset>
      ) : null}
      {context.rating ? (
        <p>
          Bạn đã đánh giá: <strong>{levelLabels[context.rating.level]}</strong>.{' '}
          {context.canRate
            ? `Bạn có thể thay đổi đánh giá đến ${formatVn(context.rating.changeableUntil)}.`
            : 'Đã hết thời hạn thay đổi đánh giá.'}
        </p>
      ) : null}
      {context.canRate ? (
        <form
          method="post"
          action={`/danh-gia/${encodeURIComponent(context.dossierCode)}${linkQuery(link)}`}
          novalidate
        >
          <CsrfField ctx={ctx} />
          <ChoiceGroup
            ctx={ctx}
            name="level"
            label="Bạn đánh giá thế nào về việc giải quyết hồ sơ?"
            options={levelChoices}
            values={values.level ? [values.level] : []}
            error={errorFor(problems, 'level')}
          />
          <ChoiceGroup
            ctx={ctx}
            name="convenience"
            label={q.convenience}
            options={levelChoices}
            values={values.convenience ? [values.convenience] : []}
            optional
          />
          <ChoiceGroup
            ctx={ctx}
            name="overall"
            label={q.overall}
            options={levelChoices}
            values={values.overall ? [values.overall] : []}
            optional
          />
          <Textarea
            ctx={ctx}
            name="comment"
            label="Góp ý thêm"
            hint="Không ghi số định danh cá nhân hoặc thông tin riêng tư khác."
            value={values.comment}
            error={errorFor(problems, 'comment')}
            optional
          />
          <Button>{context.rating ? 'Cập nhật đánh giá' : 'Gửi đánh giá'}</Button>
        </form>
      ) : null}
    </Layout>
  );
}

function formatVn(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ngày ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const callerOf = (request: FastifyRequest): Caller => request.caller ?? { kind: 'anonymous' };

/** Registers GET and POST /danh-gia/{code} in a scope whose errors are pages. */
export async function registerRatingPage(app: FastifyInstance): Promise<void> {
  const config = app.deps.config;
  const options = () => ({ changeWindowDays: config.ratingChangeWindowDays, linkSecret: config.ratingLinkSecret });
  const codeOf = (request: FastifyRequest): string => {
    const code = (request.params as { code?: string }).code ?? '';
    if (!CODE.test(code)) throw new DomainError('RATING_DOSSIER_NOT_FOUND', { code });
    return code;
  };
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    input: { values?: FormValues; problems?: Problem[]; status?: number },
  ) => {
    const caller = callerOf(request);
    const query = queryOf(request);
    const link = linkParams(query, caller);
    const code = codeOf(request);
    const context = await getRatingContext(app.deps.database.db, caller, { code, ...proofOf(link) }, options());
    const r = context.rating;
    const values =
      input.values ??
      (r
        ? { level: r.level, convenience: r.convenience ?? '', overall: r.overall ?? '', comment: r.comment ?? '' }
        : {});
    const ctx = pageContext(request, reply, 'portal');
    const page = (
      <RatingPage
        ctx={ctx}
        context={context}
        link={link}
        values={values}
        problems={input.problems ?? []}
        sent={query.sent === '1'}
      />
    );
    return sendPage(reply, page, input.status ?? 200);
  };

  await app.register(async (scope) => {
    scope.setErrorHandler(pageErrorHandler('portal'));
    scope.get('/danh-gia/:code', { schema: { hide: true } }, (request, reply) => render(request, reply, {}));
    scope.post('/danh-gia/:code', { schema: { hide: true } }, async (request, reply) => {
      const caller = callerOf(request);
      const link = linkParams(queryOf(request), caller);
      const body = formBody(request);
      const values: FormValues = {
        level: field(body, 'level'),
        convenience: field(body, 'convenience'),
        overall: field(body, 'overall'),
        comment: field(body, 'comment'),
      };
      const level = asLevel(values.level ?? '');
      if (!level) {
        const problems = [{ field: 'level', message: 'Chọn mức độ hài lòng của bạn.' }];
        return render(request, reply, { values, problems, status: 400 });
      }
      const code = codeOf(request);
      try {
        await rateDossier(
          app.deps.database.db,
          caller,
          {
            code,
            level,
            convenience: asLevel(values.convenience ?? ''),
            overall: asLevel(values.overall ?? ''),
            comment: values.comment ?? null,
            channel: link.channel,
            ...proofOf(link),
          },
          options(),
        );
      } catch (err) {
        if (err instanceof DomainError && err.code === 'RATING_TEXT_INVALID') {
          return render(request, reply, {
            values,
            problems: [{ field: 'comment', message: err.message }],
            status: 400,
          });
        }
        if (
          err instanceof DomainError &&
          err.status < 500 &&
          err.status !== 401 &&
          err.status !== 403 &&
          err.status !== 404
        ) {
          return render(request, reply, { values, problems: problemsOf(err), status: err.status });
        }
        throw err;
      }
      return seeOther(reply, `/danh-gia/${encodeURIComponent(code)}${linkQuery(link, 'sent=1')}`);
    });
  });
}
