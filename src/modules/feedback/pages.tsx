/**
 * Feedback pages. Public (§8.2 publication): the published answers, searchable, with personal
 * data masked; one answer with its like / dislike (pages-answer.tsx); the sender's tracking
 * page by code and tracking key; the form to send feedback (pages-form.tsx). Workspace: the
 * agency's items and their handling (pages-staff.tsx). Plain forms and links: they work
 * without script. Each side is its own scope with HTML error pages and compression (portal
 * budget ≤ 60 KB per page).
 */
import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../platform/errors.ts';
import { formatDateTime } from '../../web/components/format.ts';
import { Pagination } from '../../web/components/pagination.tsx';
import { SummaryList } from '../../web/components/summary-list.tsx';
import type { PageContext } from '../../web/context.ts';
import { pageContext } from '../../web/context.ts';
import { PAGE_COMPRESSION, pageErrorHandler, queryOf, sendPage } from '../../web/http.tsx';
import { Layout } from '../../web/layout.tsx';
import { feedbackCategories } from './categories.ts';
import { FEEDBACK_CODE } from './codes.ts';
import { Answer, answerRoutes } from './pages-answer.tsx';
import { feedbackFormRoutes } from './pages-form.tsx';
import { FEEDBACK_FORM } from './pages-form-view.tsx';
import { staffFeedbackRoutes } from './pages-staff.tsx';
import { listPublishedAnswers, type PublicAnswer } from './public.ts';
import { type FeedbackView, getFeedback } from './views.ts';

const PAGE_SIZE = 20;
const BASE = '/phan-anh-kien-nghi';

function ListPage({
  ctx,
  q,
  category,
  page,
  result,
}: {
  ctx: PageContext;
  q: string;
  category: string;
  page: number;
  result: { items: PublicAnswer[]; total: number };
}) {
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const hrefFor = (p: number) =>
    `${BASE}?${new URLSearchParams({ ...(q ? { q } : {}), ...(category ? { nhom: category } : {}), trang: String(p) })}`;
  return (
    <Layout ctx={ctx} title="Trả lời phản ánh, kiến nghị">
      <h1>Trả lời phản ánh, kiến nghị</h1>
      <p class="lead">Các câu trả lời đã được công khai. Thông tin cá nhân của người gửi đã được che theo quy định.</p>
      <p>
        <a class="button button-start" href={FEEDBACK_FORM} draggable={false}>
          Gửi phản ánh, kiến nghị
        </a>
      </p>
      {/* biome-ignore lint/a11y/useSemanticElements: the search landmark on the form, as the portal's other search forms (older screen readers do not know <search>). */}
      <form method="get" action={BASE} role="search" class="search-form">
        <label class="label" for="q">
          Tìm theo nội dung hoặc mã
        </label>
        <input class="input" id="q" name="q" type="search" value={q} />
        <label class="label" for="nhom">
          Nhóm nội dung
        </label>
        <select class="select" id="nhom" name="nhom">
          <option value="">Tất cả</option>
          {feedbackCategories().map((c) => (
            <option key={c.code} value={c.code} selected={c.code === category}>
              {c.name}
            </option>
          ))}
        </select>
        <button type="submit" class="button">
          Tìm kiếm
        </button>
      </form>
      <p role="status">
        {result.total === 0 ? 'Không có câu trả lời nào phù hợp.' : `Có ${result.total} câu trả lời.`}
      </p>
      {result.items.map((item) => (
        <Answer key={item.code} ctx={ctx} item={item} full={false} />
      ))}
      <Pagination ctx={ctx} page={page} pages={pages} hrefFor={hrefFor} />
      <p>
        <a href={`${BASE}/tra-cuu`}>Tra cứu phản ánh, kiến nghị của tôi</a>
      </p>
    </Layout>
  );
}

function TrackPage({
  ctx,
  code,
  key,
  view,
  error,
}: {
  ctx: PageContext;
  code: string;
  key: string;
  view?: FeedbackView;
  error?: string;
}) {
  const when = (d: string | null) => (d ? formatDateTime(d, ctx.lang) : '—');
  return (
    <Layout ctx={ctx} title="Tra cứu phản ánh, kiến nghị" hasErrors={Boolean(error)}>
      <h1>Tra cứu phản ánh, kiến nghị</h1>
      {error ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <p>{error}</p>
        </div>
      ) : null}
      <form method="get" action={`${BASE}/tra-cuu`}>
        <label class="label" for="code">
          Mã phản ánh, kiến nghị
        </label>
        <input class="input" id="code" name="code" value={code} spellcheck={false} autocomplete="off" />
        <label class="label" for="key">
          Mã tra cứu
        </label>
        <input class="input" id="key" name="key" value={key} spellcheck={false} autocomplete="off" />
        <button type="submit" class="button button-primary">
          Tra cứu
        </button>
      </form>
      {view ? (
        <>
          <h2 class="code">{view.code}</h2>
          <SummaryList
            rows={[
              { key: 'Tiêu đề', value: view.subject },
              { key: 'Trạng thái', value: <strong>{view.stateLabel}</strong> },
              { key: 'Cơ quan xử lý', value: view.agency.name },
              { key: 'Ngày gửi', value: when(view.submittedAt) },
              { key: 'Thời hạn trả lời', value: when(view.answerDueAt) },
              ...(view.senderNotice
                ? [
                    {
                      key: view.state === 'refused' ? 'Lý do không tiếp nhận' : 'Thông tin cần bổ sung',
                      value: <span class="prewrap">{view.senderNotice}</span>,
                    },
                  ]
                : []),
              ...(view.answer ? [{ key: 'Trả lời', value: <span class="prewrap">{view.answer}</span> }] : []),
            ]}
          />
        </>
      ) : null}
    </Layout>
  );
}

export async function feedbackPageRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(compress, PAGE_COMPRESSION);
    scope.setErrorHandler(pageErrorHandler('portal'));
    // The form's photos come as multipart (pages-form.tsx).
    if (!scope.hasContentTypeParser('multipart/form-data')) await scope.register(multipart);
    publicPages(scope);
    feedbackFormRoutes(scope);
    answerRoutes(scope);
  });
  await app.register(
    async (scope) => {
      await scope.register(compress, PAGE_COMPRESSION);
      scope.setErrorHandler(pageErrorHandler('workspace'));
      staffFeedbackRoutes(scope);
    },
    { prefix: '/workspace' },
  );
}

function publicPages(app: FastifyInstance): void {
  const province = () => app.deps.config.provinceCode;
  const db = () => app.deps.database.db;

  app.get(BASE, { schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const query = queryOf(request);
    const q = (query.q ?? '').slice(0, 200);
    const category = feedbackCategories().some((c) => c.code === query.nhom) ? (query.nhom ?? '') : '';
    const page = Math.max(1, Math.min(10_000, Number.parseInt(query.trang ?? '1', 10) || 1));
    const result = await listPublishedAnswers(db(), {
      provinceCode: province(),
      q,
      categoryCode: category || undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return sendPage(reply, <ListPage ctx={ctx} q={q} category={category} page={page} result={result} />);
  });

  app.get(`${BASE}/tra-cuu`, { schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const query = queryOf(request);
    const code = (query.code ?? '').trim().toUpperCase();
    const key = (query.key ?? '').trim();
    if (!code && !key) return sendPage(reply, <TrackPage ctx={ctx} code="" key="" />);
    try {
      if (!FEEDBACK_CODE.test(code) || !key) throw new DomainError('FEEDBACK_TRACKING_KEY_INVALID');
      // Tracking is by the key alone, even for a signed-in visitor: the page shows no contact details.
      const view = await getFeedback(db(), { kind: 'anonymous' }, province(), code, { trackingKey: key });
      return sendPage(reply, <TrackPage ctx={ctx} code={code} key={key} view={view} />);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      // A wrong key and an unknown code read the same.
      const error = 'Không tìm thấy phản ánh, kiến nghị với mã và mã tra cứu đã nhập. Vui lòng kiểm tra lại.';
      return sendPage(reply, <TrackPage ctx={ctx} code={code} key={key} error={error} />, 404);
    }
  });
}
