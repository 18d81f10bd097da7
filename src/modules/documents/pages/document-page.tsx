/**
 * The document page (/workspace/van-ban/:id): the Annex VI fields, the files, the signatures as
 * verified now, the assignments with their deadlines, the linked documents, the deliveries, the
 * comments, the timeline, and a form for each action the state machine lets the reader take.
 */
import { BackLink } from '../../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../../web/components/error-summary.tsx';
import {
  Button,
  ButtonLink,
  PostForm,
  type Problem,
  Select,
  Textarea,
  TextInput,
} from '../../../web/components/form.tsx';
import { formatDateTime, isoOf } from '../../../web/components/format.ts';
import { Banner } from '../../../web/components/panel.tsx';
import { SummaryList } from '../../../web/components/summary-list.tsx';
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import type { DocumentView } from '../document-view.ts';
import type { DocumentActionType } from '../states.ts';
import { stateLabels } from '../states.ts';
import type { WorkFileRow } from '../work-files.ts';
import {
  ACTION_PATHS,
  BASE,
  documentHref,
  ISSUE_UPDATE_LABEL,
  recallOutcomeLabels,
  secrecyLabels,
  updateOutcomeLabels,
  urgencyLabels,
  vnDate,
} from './labels.ts';
import { SignatureSections } from './signature-parts.tsx';
import { UpdateIssuedFields } from './update-issued-fields.tsx';
import { FilingSection } from './work-file-pages.tsx';

const linkLabels: Record<DocumentView['links'][number]['relation'], string> = {
  answers: 'Trả lời: ',
  answered_by: 'Được trả lời bằng: ',
  replaces: 'Thay thế: ',
  replaced_by: 'Được thay thế bằng: ',
};
const kindLabels: Record<string, string> = { lead: 'Chủ trì', co_handle: 'Phối hợp', for_information: 'Để biết' };
const assignmentStates: Record<string, string> = {
  pending: 'Chưa xử lý',
  in_progress: 'Đang xử lý',
  done: 'Đã xong',
  read: 'Đã xem',
};

export interface PersonChoice {
  accountId: string;
  name: string;
  roles: string[];
}

function ActionForm({
  ctx,
  view,
  action,
  people,
  values,
}: {
  ctx: PageContext;
  view: DocumentView;
  action: DocumentActionType;
  people: PersonChoice[];
  values: Record<string, string>;
}) {
  const path = ACTION_PATHS[action];
  if (!path) return null;
  const href = `${documentHref(view.doc.id)}/${path.path}`;
  // Issuing a document that already has its number is issuing its update (issue-document.ts).
  const label = action === 'issue' && view.doc.codeNumber ? ISSUE_UPDATE_LABEL : path.label;
  const leaders = people.filter((p) => p.roles.includes('leader')).map((p) => ({ value: p.accountId, label: p.name }));
  const handlers = people
    .filter((p) => p.roles.some((r) => r === 'specialist' || r === 'leader' || r === 'clerk'))
    .map((p) => ({ value: p.accountId, label: p.name }));
  return (
    <PostForm ctx={ctx} action={href} txn class="action-form">
      <h3>{label}</h3>
      {action === 'present' || action === 'submit' ? (
        <Select
          ctx={ctx}
          name="person"
          label={action === 'present' ? 'Lãnh đạo cho ý kiến chỉ đạo' : 'Lãnh đạo duyệt, ký'}
          options={leaders}
          value={values.person}
        />
      ) : null}
      {action === 'assign' ? (
        <>
          <Select ctx={ctx} name="lead" label="Người chủ trì xử lý" options={handlers} value={values.lead} />
          <Select
            ctx={ctx}
            name="cohandle"
            label="Người phối hợp"
            options={handlers}
            value={values.cohandle}
            emptyLabel="(Không có)"
            optional
          />
          <Select
            ctx={ctx}
            name="info"
            label="Người nhận để biết"
            options={handlers}
            value={values.info}
            emptyLabel="(Không có)"
            optional
          />
          <TextInput
            ctx={ctx}
            name="days"
            label="Thời hạn xử lý (số ngày làm việc)"
            inputmode="numeric"
            width="w5"
            value={values.days ?? '5'}
          />
          <Textarea ctx={ctx} name="text" label="Ý kiến chỉ đạo" value={values.text} optional />
        </>
      ) : null}
      {action === 'send_back' ||
      action === 'return' ||
      action === 'comment' ||
      action === 'complete_assignment' ||
      action === 'close' ||
      action === 'recall_issued' ? (
        <Textarea
          ctx={ctx}
          name="text"
          label={path.field ?? 'Nội dung'}
          value={values.text}
          optional={action === 'close'}
        />
      ) : null}
      {action === 'update_issued' ? <UpdateIssuedFields ctx={ctx} doc={view.doc} values={values} /> : null}
      {action === 'answer' ? (
        <TextInput
          ctx={ctx}
          name="outgoing"
          label="Mã văn bản đi trả lời (trong đường dẫn của văn bản)"
          value={values.outgoing}
        />
      ) : null}
      <Button
        variant={action === 'send_back' || action === 'return' || action === 'recall_issued' ? 'warning' : 'primary'}
      >
        {label}
      </Button>
    </PostForm>
  );
}

export function DocumentPage(props: {
  ctx: PageContext;
  view: DocumentView;
  people: PersonChoice[];
  filing: { filedIn: WorkFileRow[]; openFiles: WorkFileRow[] };
  problems?: Problem[];
  values?: Record<string, string>;
  done?: string;
}) {
  const { ctx, view } = props;
  const d = view.doc;
  const number = d.codeNumber ? `${d.codeNumber}/${d.codeNotation}` : `…/${d.codeNotation}`;
  const title = `${d.typeName} ${number}`;
  // An issued document that was updated has one sealed main file per version (update-issued-document.ts).
  const mainVersions = view.files.filter((f) => f.role === 'main').length;
  return (
    <Layout ctx={ctx} title={title} before={<BackLink ctx={ctx} href={BASE} />}>
      {props.problems?.length ? <ErrorSummary ctx={ctx} problems={props.problems} /> : null}
      {props.done ? (
        <Banner title={props.done} kind="success">
          {null}
        </Banner>
      ) : null}
      <span class="caption">{d.direction === 'incoming' ? 'Văn bản đến' : 'Văn bản đi'}</span>
      <h1>{title}</h1>
      <p class="lead">{d.subject}</p>
      {view.updatesBySender > 0 ? (
        <p class="hint">
          <strong class="tag">
            Đã được nơi gửi cập nhật{view.updatesBySender > 1 ? ` ${view.updatesBySender} lần` : ''}
          </strong>{' '}
          Thông tin cũ và lý do cập nhật ghi trong quá trình xử lý bên dưới.
        </p>
      ) : null}
      <SummaryList
        rows={[
          { key: 'Trạng thái', value: stateLabels[d.state as keyof typeof stateLabels] ?? d.state },
          { key: 'Số, ký hiệu', value: number },
          { key: 'Ngày văn bản', value: vnDate(d.issuedDate) || '—' },
          { key: 'Cơ quan ban hành', value: d.issuerName },
          {
            key: 'Người ký',
            value: d.signer
              ? `${d.signer.competence ? `${d.signer.competence} ` : ''}${d.signer.position} ${d.signer.fullName}`
              : '—',
          },
          {
            key: d.direction === 'incoming' ? 'Số đến' : 'Số đăng ký',
            value: d.registerNumber ? String(d.registerNumber).padStart(2, '0') : '—',
          },
          { key: 'Độ khẩn', value: urgencyLabels[d.urgency] },
          { key: 'Độ mật', value: secrecyLabels[d.secrecy] },
          { key: 'Hạn trả lời', value: vnDate(d.dueDate) || '—' },
          {
            key: 'Nơi nhận',
            value: d.toPlaces.length ? d.toPlaces.join('; ') : d.recipients.map((r) => r.organName).join('; ') || '—',
          },
        ]}
      />
      <h2>Tệp văn bản</h2>
      <ul class="list">
        {view.files.map((f) => (
          <li key={f.id}>
            <a href={`${documentHref(d.id)}/tep/${f.id}`}>{f.name}</a>{' '}
            <span class="hint">
              {f.role === 'draft'
                ? `(dự thảo lần ${f.version})`
                : d.direction === 'incoming' && f.version > 0
                  ? `(bản cập nhật lần ${f.version}${f.role === 'appendix' ? ', phụ lục' : ''})`
                  : f.role === 'signed'
                    ? `(đã ký số${mainVersions > 1 ? `, dự thảo lần ${f.version}` : ''})`
                    : f.role === 'main'
                      ? mainVersions > 1
                        ? `(bản chính, phiên bản ${f.version})`
                        : '(bản chính)'
                      : '(phụ lục)'}
            </span>
          </li>
        ))}
      </ul>
      <SignatureSections ctx={ctx} view={view} />
      {view.assignments.length ? (
        <>
          <h2>Phân công xử lý</h2>
          <table class="stack-table">
            <thead>
              <tr>
                <th scope="col">Cán bộ</th>
                <th scope="col">Vai trò</th>
                <th scope="col">Hạn</th>
                <th scope="col">Tiến độ</th>
              </tr>
            </thead>
            <tbody>
              {view.assignments.map((a) => (
                <tr key={a.assigneeId}>
                  <td>{a.name}</td>
                  <td>{kindLabels[a.kind] ?? a.kind}</td>
                  <td>{vnDate(a.dueDate) || '—'}</td>
                  <td>
                    {assignmentStates[a.state] ?? a.state}
                    {a.overdue ? <strong class="tag tag-red"> Quá hạn</strong> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {view.links.length ? (
        <>
          <h2>Văn bản liên quan</h2>
          <ul class="list">
            {view.links.map((l) => (
              <li key={l.id}>
                {linkLabels[l.relation]}
                <a href={documentHref(l.id)}>{l.label}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {view.deliveries.length ? (
        <>
          <h2>Gửi văn bản</h2>
          <ul class="list">
            {view.deliveries.map((r) => (
              <li key={r.name}>
                {r.name} — {r.channel === 'internal' ? 'trong hệ thống' : 'qua Trục liên thông'}, trạng thái{' '}
                {r.status === 'pending' ? 'chờ gửi' : r.status}
                {r.recall ? (
                  <>
                    {' '}
                    —{' '}
                    <strong class={r.recall === 'taken' ? 'tag' : 'tag tag-red'}>
                      {recallOutcomeLabels[r.recall]}
                    </strong>
                  </>
                ) : null}
                {r.update && !r.recall ? (
                  <>
                    {' '}
                    —{' '}
                    <strong class={r.update === 'refused' ? 'tag tag-red' : 'tag'}>
                      {updateOutcomeLabels[r.update]}
                    </strong>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {view.comments.length ? (
        <>
          <h2>Góp ý dự thảo</h2>
          <ul class="list">
            {view.comments.map((c, i) => (
              <li key={i}>
                <strong>{c.author}</strong> (dự thảo lần {c.version}): {c.body}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {view.allowed.length ? <h2>Thao tác</h2> : null}
      {view.allowed.includes('answer') ? (
        <p>
          <ButtonLink href={`${BASE}/du-thao?tra_loi=${d.id}`} variant="secondary">
            Soạn văn bản trả lời
          </ButtonLink>
        </p>
      ) : null}
      {view.allowed.map((a) => (
        <ActionForm key={a} ctx={ctx} view={view} action={a} people={props.people} values={props.values ?? {}} />
      ))}
      <FilingSection ctx={ctx} documentId={d.id} {...props.filing} />
      <h2>Quá trình xử lý</h2>
      <ol class="timeline">
        {view.timeline.map((e) => (
          <li class="timeline-item" key={e.seq}>
            <h3 class="timeline-title">{e.label}</h3>
            <p class="timeline-meta">
              <time dateTime={isoOf(e.at)}>{formatDateTime(e.at, ctx.lang)}</time>
              {e.actorName ? ` — ${e.actorName}` : ''}
            </p>
            {e.detail ? <p class="timeline-detail">{e.detail}</p> : null}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
