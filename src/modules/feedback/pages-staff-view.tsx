/**
 * What staff read in the workspace: their agency's feedback items by due date, and one item
 * with its sender (the service audits that read) and the forms of the actions the state
 * machine allows them now (states.ts: draft an answer, approve or return it, publish, refuse,
 * request information).
 */
import type { ComponentChildren } from 'preact';
import { BackLink } from '../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../web/components/error-summary.tsx';
import { Button, errorFor, PostForm, type Problem, Textarea } from '../../web/components/form.tsx';
import { formatDateTime, isoOf } from '../../web/components/format.ts';
import { Pagination } from '../../web/components/pagination.tsx';
import { Banner } from '../../web/components/panel.tsx';
import { SummaryList } from '../../web/components/summary-list.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { findCategory } from './categories.ts';
import type { FeedbackActionType } from './states.ts';
import type { FeedbackSummary, FeedbackView } from './views.ts';

export const STAFF_BASE = '/workspace/phan-anh-kien-nghi';
export const staffFeedbackHref = (code: string, sub = '') =>
  `${STAFF_BASE}/${encodeURIComponent(code)}${sub ? `/${sub}` : ''}`;

/** The actions with a form here, their path segment, button and the text field they need. */
export const STAFF_ACTIONS = {
  draft_answer: {
    path: 'du-thao-tra-loi',
    label: 'Trình lãnh đạo duyệt',
    done: 'Đã lưu dự thảo trả lời và trình lãnh đạo duyệt.',
  },
  answer: { path: 'tra-loi', label: 'Duyệt và gửi trả lời', done: 'Đã gửi câu trả lời cho người gửi.' },
  return_answer: {
    path: 'tra-lai-du-thao',
    label: 'Trả lại chuyên viên',
    done: 'Đã trả lại dự thảo cho chuyên viên.',
  },
  publish: { path: 'cong-khai', label: 'Công khai câu trả lời', done: 'Đã công khai câu trả lời.' },
  request_info: {
    path: 'yeu-cau-bo-sung',
    label: 'Yêu cầu người gửi bổ sung thông tin',
    done: 'Đã gửi yêu cầu bổ sung thông tin cho người gửi.',
  },
  refuse: {
    path: 'tu-choi',
    label: 'Từ chối tiếp nhận (không thuộc phạm vi)',
    done: 'Đã từ chối tiếp nhận phản ánh, kiến nghị.',
  },
} as const satisfies Partial<Record<FeedbackActionType, { path: string; label: string; done: string }>>;
export type StaffActionType = keyof typeof STAFF_ACTIONS;

export const staffActionOfPath = (path: string): StaffActionType | undefined =>
  (Object.keys(STAFF_ACTIONS) as StaffActionType[]).find((a) => STAFF_ACTIONS[a].path === path);

const kindLabel = (k: string) => (k === 'proposal' ? 'Kiến nghị' : 'Phản ánh');
const classLabel = (c: string) => (c === 'conduct' ? 'Về hành vi của cán bộ, công chức' : 'Về quy định, TTHC');
const when = (ctx: PageContext, d: string | null) =>
  d ? <time dateTime={isoOf(d)}>{formatDateTime(d, ctx.lang)}</time> : '—';

export function StaffFeedbackList(props: {
  ctx: PageContext;
  agencyName: string;
  items: FeedbackSummary[];
  total: number;
  page: number;
  pages: number;
}) {
  const { ctx, items } = props;
  return (
    <Layout ctx={ctx} title="Phản ánh, kiến nghị cần xử lý">
      <span class="caption">{props.agencyName}</span>
      <h1>Phản ánh, kiến nghị cần xử lý</h1>
      {items.length === 0 ? (
        <p>Không có phản ánh, kiến nghị nào.</p>
      ) : (
        <div class="table-wrap">
          <table class="stack-table">
            <caption>{`${props.total} phản ánh, kiến nghị, hạn trả lời gần nhất trước`}</caption>
            <thead>
              <tr>
                <th scope="col">Mã</th>
                <th scope="col">Tiêu đề</th>
                <th scope="col">Phân loại</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Hạn trả lời</th>
              </tr>
            </thead>
            <tbody>
              {items.map((f) => (
                <tr key={f.code}>
                  <td>
                    <a class="code" href={staffFeedbackHref(f.code)}>
                      {f.code}
                    </a>
                  </td>
                  <td data-label="Tiêu đề">{f.subject}</td>
                  <td data-label="Phân loại">
                    {kindLabel(f.kind)} · {findCategory(f.categoryCode)?.name ?? f.categoryCode}
                  </td>
                  <td data-label="Trạng thái">{f.stateLabel}</td>
                  <td data-label="Hạn trả lời">
                    {when(ctx, f.answerDueAt)}
                    {f.overdue ? <strong class="tag tag-red">Quá hạn</strong> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        ctx={ctx}
        page={props.page}
        pages={props.pages}
        hrefFor={(n) => (n > 1 ? `${STAFF_BASE}?trang=${n}` : STAFF_BASE)}
      />
    </Layout>
  );
}

function senderRows(view: FeedbackView) {
  const s = view.sender;
  if ('display' in s) return [{ key: 'Người gửi', value: s.display }];
  return [
    { key: 'Người gửi', value: s.fullName },
    { key: 'Số điện thoại', value: s.phone ?? '—' },
    { key: 'Thư điện tử', value: s.email ?? '—' },
    { key: 'Địa chỉ', value: s.address ?? '—' },
  ];
}

function ActionForm(props: {
  ctx: PageContext;
  view: FeedbackView;
  type: StaffActionType;
  problems?: Problem[] | undefined;
  children?: ComponentChildren;
}) {
  const { ctx, view, type } = props;
  const spec = STAFF_ACTIONS[type];
  return (
    <PostForm ctx={ctx} action={staffFeedbackHref(view.code, spec.path)} txn class="feedback-action">
      {props.children}
      <Button
        variant={
          type === 'refuse' || type === 'return_answer'
            ? 'warning'
            : type === 'answer' || type === 'publish' || type === 'draft_answer'
              ? 'primary'
              : 'secondary'
        }
      >
        {spec.label}
      </Button>
    </PostForm>
  );
}

/** The sender's photos, for the handling staff only (others read the matter masked, without them). */
function Photos({ view }: { view: FeedbackView }) {
  if ('display' in view.sender) return null;
  const photos = view.attachments.filter((a) => a.kind === 'blob');
  if (photos.length === 0) return null;
  return (
    <>
      <h2>Ảnh người gửi đính kèm</h2>
      <ul class="feedback-photos">
        {photos.map((p, i) => (
          <li key={p.key}>
            <a href={staffFeedbackHref(view.code, `anh/${i + 1}`)}>
              <img src={staffFeedbackHref(view.code, `anh/${i + 1}`)} alt={`Ảnh ${i + 1}`} width={160} loading="lazy" />
            </a>
            {p.locationKept ? <span class="hint">Có vị trí chụp (người gửi đồng ý giữ)</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Issue 13.13: the specialist drafts and submits to the leader; the leader approves (the
 * answer goes to the sender, edited or not) or returns the draft with a reason. A leader
 * with no draft in front of them answers directly.
 */
function AnswerForms(props: {
  ctx: PageContext;
  view: FeedbackView;
  problems?: Problem[] | undefined;
  values: Record<string, string>;
}) {
  const { ctx, view, problems, values } = props;
  const can = (a: StaffActionType) => view.availableActions.includes(a);
  const err = (n: string) => errorFor(problems, n);
  const drafted = view.state === 'answer_drafted';
  return (
    <>
      {view.returnedReason ? (
        <Banner kind="info" title="Lãnh đạo trả lại dự thảo">
          <p class="prewrap">{view.returnedReason}</p>
        </Banner>
      ) : null}
      {drafted && view.draftAnswer && !can('answer') ? (
        <>
          <h2>Dự thảo trả lời (chờ lãnh đạo duyệt)</h2>
          <p class="prewrap">{view.draftAnswer}</p>
        </>
      ) : null}
      {can('answer') ? (
        <ActionForm ctx={ctx} view={view} type="answer">
          <h2>{drafted ? 'Duyệt dự thảo trả lời' : 'Trả lời'}</h2>
          <Textarea
            ctx={ctx}
            name="answer"
            label={drafted ? 'Dự thảo của chuyên viên (sửa nếu cần)' : 'Nội dung trả lời'}
            hint="Gửi cho người gửi ngay khi bấm; khi công khai, thông tin cá nhân được che tự động."
            rows={8}
            value={values.answer || view.draftAnswer || ''}
            error={err('answer')}
          />
        </ActionForm>
      ) : can('draft_answer') ? (
        <ActionForm ctx={ctx} view={view} type="draft_answer">
          <h2>{drafted ? 'Sửa dự thảo trả lời' : 'Dự thảo trả lời'}</h2>
          <Textarea
            ctx={ctx}
            name="answer"
            label="Nội dung dự thảo trả lời"
            hint="Câu trả lời chỉ được gửi cho người gửi khi lãnh đạo duyệt."
            rows={8}
            value={values.answer || view.draftAnswer || ''}
            error={err('answer')}
          />
        </ActionForm>
      ) : null}
      {can('return_answer') ? (
        <details class="details" open={Boolean(err('reason'))}>
          <summary>Trả lại dự thảo cho chuyên viên</summary>
          <ActionForm ctx={ctx} view={view} type="return_answer">
            <Textarea
              ctx={ctx}
              name="reason"
              label="Lý do trả lại (chuyên viên sẽ đọc)"
              value={values.reason}
              error={err('reason')}
            />
          </ActionForm>
        </details>
      ) : null}
    </>
  );
}

export function StaffFeedbackPage(props: {
  ctx: PageContext;
  view: FeedbackView;
  problems?: Problem[] | undefined;
  /** The form's text after a failed post. */
  values?: Record<string, string>;
  done?: string | undefined;
}) {
  const { ctx, view, problems, values = {} } = props;
  const can = (a: StaffActionType) => view.availableActions.includes(a);
  const err = (n: string) => errorFor(problems, n);
  return (
    <Layout
      ctx={ctx}
      title={`Phản ánh, kiến nghị ${view.code}`}
      hasErrors={(problems?.length ?? 0) > 0}
      before={<BackLink ctx={ctx} href={STAFF_BASE} />}
    >
      <ErrorSummary ctx={ctx} problems={problems} />
      {props.done ? (
        <Banner kind="success" title="Đã thực hiện">
          <p>{props.done}</p>
        </Banner>
      ) : null}
      <span class="caption code">{view.code}</span>
      <h1>{view.subject}</h1>
      <SummaryList
        rows={[
          { key: 'Trạng thái', value: <strong>{view.stateLabel}</strong> },
          { key: 'Loại', value: `${kindLabel(view.kind)} · ${classLabel(view.classification)}` },
          { key: 'Nhóm nội dung', value: view.category.name },
          { key: 'Cơ quan xử lý', value: <span class="feedback-agency">{view.agency.name}</span> },
          { key: 'Ngày gửi', value: when(ctx, view.submittedAt) },
          { key: 'Hạn trả lời', value: when(ctx, view.answerDueAt) },
          ...(view.dossierCode ? [{ key: 'Mã hồ sơ liên quan', value: view.dossierCode }] : []),
          ...(view.publishedAt ? [{ key: 'Ngày công khai', value: when(ctx, view.publishedAt) }] : []),
        ]}
      />
      <h2>Nội dung</h2>
      <p class="prewrap">{view.content}</p>
      <Photos view={view} />
      <h2>Thông tin người gửi</h2>
      <SummaryList rows={senderRows(view)} />
      {view.answer ? (
        <>
          <h2>Câu trả lời</h2>
          <p class="prewrap">{view.answer}</p>
        </>
      ) : null}
      <AnswerForms ctx={ctx} view={view} problems={problems} values={values} />
      {can('publish') ? (
        <ActionForm ctx={ctx} view={view} type="publish">
          <p>
            Xem trước bản sẽ đăng trên cổng: họ tên và thông tin liên hệ đã được che. Sửa nếu cần, rồi bấm “Công khai
            câu trả lời”.
          </p>
          <Textarea
            ctx={ctx}
            name="publicAnswer"
            label="Bản trả lời công khai (xem trước)"
            rows={8}
            value={values.publicAnswer || view.publicAnswerPreview || ''}
            error={err('publicAnswer')}
          />
        </ActionForm>
      ) : null}
      {can('request_info') ? (
        <details class="details" open={Boolean(err('message'))}>
          <summary>Yêu cầu bổ sung thông tin</summary>
          <ActionForm ctx={ctx} view={view} type="request_info">
            <Textarea
              ctx={ctx}
              name="message"
              label="Thông tin cần người gửi bổ sung"
              value={values.message}
              error={err('message')}
            />
          </ActionForm>
        </details>
      ) : null}
      {can('refuse') ? (
        <details class="details" open={Boolean(err('reason'))}>
          <summary>Từ chối tiếp nhận</summary>
          <ActionForm ctx={ctx} view={view} type="refuse">
            <Textarea
              ctx={ctx}
              name="reason"
              label="Lý do (ví dụ: là khiếu nại, tố cáo; hướng dẫn nơi gửi)"
              value={values.reason}
              error={err('reason')}
            />
          </ActionForm>
        </details>
      ) : null}
    </Layout>
  );
}
