/**
 * Hồ sơ công việc pages (Decree 30/2020/NĐ-CP Art. 28–29, Annex V): the agency's files of a
 * year with the form to open one (retention chosen from the schedule, retention.ts), a file's
 * page with its document index ("Mục lục văn bản") and its closing, and the part of the
 * document page that files a document.
 */
import { BackLink } from '../../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../../web/components/error-summary.tsx';
import {
  Button,
  errorFor,
  PostForm,
  type Problem,
  Select,
  Textarea,
  TextInput,
} from '../../../web/components/form.tsx';
import { Banner } from '../../../web/components/panel.tsx';
import { SummaryList } from '../../../web/components/summary-list.tsx';
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import { type RetentionChoice, type RetentionItem, retentionLabel } from '../retention.ts';
import type { FiledDocument, WorkFileRow } from '../work-files.ts';
import { BASE, documentHref, vnDate } from './labels.ts';

const FILES = `${BASE}/ho-so`;
export const fileHref = (id: string) => `${FILES}/${id}`;

function Done({ text }: { text: string | undefined }) {
  return text ? (
    <Banner title={text} kind="success">
      {null}
    </Banner>
  ) : null;
}

export function WorkFilesPage(props: {
  ctx: PageContext;
  year: number;
  files: WorkFileRow[];
  choices: RetentionChoice[];
  schedule: { title: string; complete: boolean };
  canOpen: boolean;
  problems?: Problem[];
  values?: Record<string, string>;
  done?: string;
}) {
  const { ctx, values = {}, problems = [] } = props;
  const err = (n: string) => errorFor(problems, n);
  const permanent = props.files.filter((f) => f.permanent).length;
  return (
    <Layout ctx={ctx} title={`Hồ sơ công việc năm ${props.year}`} before={<BackLink ctx={ctx} href={BASE} />}>
      {problems.length ? <ErrorSummary ctx={ctx} problems={problems} /> : null}
      <Done text={props.done} />
      <h1>Hồ sơ công việc năm {props.year}</h1>
      <p>
        {props.files.length} hồ sơ: {permanent} bảo quản vĩnh viễn, {props.files.length - permanent} có thời hạn.
      </p>
      {props.files.length === 0 ? (
        <p>Chưa có hồ sơ nào.</p>
      ) : (
        <div class="table-wrap">
          <table class="stack-table">
            <thead>
              <tr>
                <th scope="col">Số và ký hiệu hồ sơ</th>
                <th scope="col">Tiêu đề hồ sơ</th>
                <th scope="col">Thời hạn bảo quản</th>
                <th scope="col">Tình trạng</th>
              </tr>
            </thead>
            <tbody>
              {props.files.map((f) => (
                <tr key={f.id}>
                  <td>{f.notation}</td>
                  <td>
                    <a href={fileHref(f.id)}>{f.title}</a>
                  </td>
                  <td>{retentionLabel(f.retentionYears)}</td>
                  <td>{f.state === 'open' ? 'Đang mở' : `Đã kết thúc ${vnDate(f.endDate)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canOpen ? (
        <>
          <h2>Lập hồ sơ mới</h2>
          <PostForm ctx={ctx} action={FILES} txn>
            <TextInput
              ctx={ctx}
              name="notation"
              label="Số và ký hiệu hồ sơ"
              hint="Số thứ tự và ký hiệu đề mục, ví dụ 01.TCCB"
              width="w10"
              value={values.notation}
              error={err('notation')}
            />
            <Textarea ctx={ctx} name="title" label="Tiêu đề hồ sơ" rows={2} value={values.title} error={err('title')} />
            <Select
              ctx={ctx}
              name="retention"
              label="Thời hạn bảo quản"
              hint={`Theo ${props.schedule.title}${props.schedule.complete ? '' : ' (bảng chưa đủ các mục của phụ lục; hồ sơ không có trong bảng chọn mức chung)'}`}
              options={props.choices}
              value={values.retention}
              emptyLabel="(Chọn thời hạn bảo quản)"
              error={err('retention')}
            />
            <Textarea ctx={ctx} name="description" label="Ghi chú" rows={2} value={values.description} optional />
            <Button>Lập hồ sơ</Button>
          </PostForm>
        </>
      ) : null}
    </Layout>
  );
}

export function WorkFilePage(props: {
  ctx: PageContext;
  file: WorkFileRow;
  item: RetentionItem | undefined;
  documents: FiledDocument[];
  creatorName: string;
  canClose: boolean;
  done?: string;
}) {
  const { ctx, file } = props;
  return (
    <Layout
      ctx={ctx}
      title={`Hồ sơ ${file.notation}`}
      before={<BackLink ctx={ctx} href={`${FILES}?nam=${file.year}`} />}
    >
      <Done text={props.done} />
      <span class="caption">Hồ sơ công việc năm {file.year}</span>
      <h1>
        {file.notation}. {file.title}
      </h1>
      <SummaryList
        rows={[
          { key: 'Thời hạn bảo quản', value: retentionLabel(file.retentionYears) },
          {
            key: 'Căn cứ thời hạn',
            value: props.item
              ? `${props.item.group} — ${props.item.title} (${props.item.source})`
              : 'Người lập hồ sơ xác định (hồ sơ không có trong bảng thời hạn bảo quản)',
          },
          { key: 'Người lập hồ sơ', value: props.creatorName },
          { key: 'Ngày bắt đầu', value: vnDate(file.startDate) },
          { key: 'Ngày kết thúc', value: vnDate(file.endDate) || 'Đang mở' },
          { key: 'Số văn bản', value: String(props.documents.length) },
        ]}
      />
      <h2>Mục lục văn bản</h2>
      {props.documents.length === 0 ? (
        <p>Hồ sơ chưa có văn bản. Mở một văn bản và chọn “Đưa vào hồ sơ”.</p>
      ) : (
        <div class="table-wrap">
          <table class="stack-table">
            <thead>
              <tr>
                <th scope="col">STT</th>
                <th scope="col">Số, ký hiệu</th>
                <th scope="col">Ngày văn bản</th>
                <th scope="col">Trích yếu</th>
                <th scope="col">Tác giả</th>
              </tr>
            </thead>
            <tbody>
              {props.documents.map((d) => (
                <tr key={d.id}>
                  <td>{d.ordinal}</td>
                  <td>{d.codeNumber ? `${d.codeNumber}/${d.codeNotation}` : d.codeNotation}</td>
                  <td>{vnDate(d.issuedDate) || '—'}</td>
                  <td>
                    <a href={documentHref(d.id)}>{`${d.typeName}: ${d.subject}`}</a>
                  </td>
                  <td>{d.issuerName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canClose && file.state === 'open' ? (
        <PostForm ctx={ctx} action={`${fileHref(file.id)}/dong`} txn>
          <h2>Kết thúc hồ sơ</h2>
          <p>
            Khi công việc đã giải quyết xong (Điều 29 khoản 4 Nghị định 30/2020/NĐ-CP): hồ sơ không nhận thêm văn bản.
          </p>
          <Button variant="warning">Kết thúc hồ sơ</Button>
        </PostForm>
      ) : null}
    </Layout>
  );
}

/** On the document page: the files it is in, and a form to put it in an open file. */
export function FilingSection({
  ctx,
  documentId,
  filedIn,
  openFiles,
}: {
  ctx: PageContext;
  documentId: string;
  filedIn: WorkFileRow[];
  openFiles: WorkFileRow[];
}) {
  const choices = openFiles
    .filter((f) => !filedIn.some((x) => x.id === f.id))
    .map((f) => ({ value: f.id, label: `${f.notation}. ${f.title}` }));
  return (
    <>
      <h2>Hồ sơ công việc</h2>
      {filedIn.length ? (
        <ul class="list">
          {filedIn.map((f) => (
            <li key={f.id}>
              <a href={fileHref(f.id)}>{`${f.notation}. ${f.title}`}</a> ({f.year})
            </li>
          ))}
        </ul>
      ) : (
        <p>Văn bản chưa được đưa vào hồ sơ nào.</p>
      )}
      {choices.length ? (
        <PostForm ctx={ctx} action={`${FILES}/them`} txn class="action-form">
          <input type="hidden" name="documentId" value={documentId} />
          <Select ctx={ctx} name="workFile" label="Đưa vào hồ sơ" options={choices} />
          <Button variant="secondary">Đưa vào hồ sơ</Button>
        </PostForm>
      ) : (
        <p>
          <a href={FILES}>Lập hồ sơ công việc</a>
        </p>
      )}
    </>
  );
}
