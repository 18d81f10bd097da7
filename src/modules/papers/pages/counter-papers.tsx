/**
 * At the counter, for one dossier: digitise a paper the applicant presents (scan → a copy the
 * receiver attests and the receiving agency signs), and read the applicant's papers already
 * in their store (audited; the owner sees the read) and take one for the dossier, with the
 * applicant present and agreeing (no photocopy, no scan).
 */
import type { ComponentChildren } from 'preact';
import { BackLink } from '../../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../../web/components/error-summary.tsx';
import {
  Button,
  ChoiceGroup,
  errorFor,
  FileInput,
  PostForm,
  type Problem,
  TextInput,
} from '../../../web/components/form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import type { ApplicantPaper } from '../read-applicant-papers.ts';
import { ORIGIN_LABELS, vnDate } from './labels.ts';

const dossierHref = (code: string) => `/workspace/ho-so/${encodeURIComponent(code)}`;
export const digitiseHref = (code: string) => `${dossierHref(code)}/so-hoa`;
export const applicantPapersHref = (code: string) => `${dossierHref(code)}/giay-to-cong-dan`;

const REUSE_CONSENT = 'Người nộp có mặt và đồng ý dùng giấy tờ này trong kho dữ liệu của mình cho hồ sơ này.';

function Frame(props: { ctx: PageContext; code: string; title: string; children: ComponentChildren }) {
  return (
    <Layout ctx={props.ctx} title={props.title} before={<BackLink ctx={props.ctx} href={dossierHref(props.code)} />}>
      {props.children}
    </Layout>
  );
}

export function DigitisePage(props: {
  ctx: PageContext;
  code: string;
  values: { paperName: string; validUntil: string };
  problems?: Problem[];
  done?: boolean;
}) {
  const { ctx, code, values, problems } = props;
  return (
    <Frame ctx={ctx} code={code} title="Số hóa giấy tờ">
      <ErrorSummary ctx={ctx} problems={problems} />
      <h1>Số hóa giấy tờ của hồ sơ {code}</h1>
      {props.done ? (
        <p class="inset" role="status">
          Đã số hóa, ký số và đưa bản số hóa vào hồ sơ và kho dữ liệu của người nộp.
        </p>
      ) : null}
      <p>
        Quét bản chính người nộp xuất trình, đối chiếu rồi tải bản quét lên. Hệ thống lập bản số hóa ghi tên cán bộ tiếp
        nhận, thời điểm và thời hạn của giấy tờ, ký số bằng chứng thư của cơ quan tiếp nhận (Nghị định 45/2020/NĐ-CP).
      </p>
      <form
        method="post"
        action={`${digitiseHref(code)}?_csrf=${encodeURIComponent(ctx.csrf)}`}
        enctype="multipart/form-data"
        novalidate
      >
        <TextInput
          ctx={ctx}
          name="paperName"
          label="Tên giấy tờ"
          hint="Như trong thành phần hồ sơ, ví dụ: Giấy chứng sinh"
          value={values.paperName}
          maxLength={200}
          error={errorFor(problems, 'paperName')}
        />
        <TextInput
          ctx={ctx}
          name="validUntil"
          type="date"
          width="w10"
          label="Giá trị sử dụng đến"
          hint="Để trống nếu giấy tờ không ghi thời hạn"
          optional
          value={values.validUntil}
          error={errorFor(problems, 'validUntil')}
        />
        <FileInput
          ctx={ctx}
          name="file"
          label="Bản quét (PDF, JPEG hoặc PNG)"
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          error={errorFor(problems, 'file')}
        />
        <Button>Đã đối chiếu bản chính — số hóa và ký số</Button>
      </form>
    </Frame>
  );
}

export function ApplicantPapersPage(props: {
  ctx: PageContext;
  code: string;
  papers: ApplicantPaper[];
  /** Papers still valid today: the ones the receiver may take for the dossier. */
  today: string;
  problems?: Problem[] | undefined;
  chosen?: string | undefined;
  reused?: boolean | undefined;
}) {
  const { ctx, code, papers, problems } = props;
  const usable = papers.filter((p) => p.validUntil === null || p.validUntil >= props.today);
  return (
    <Frame ctx={ctx} code={code} title="Giấy tờ trong kho của người nộp">
      <ErrorSummary ctx={ctx} problems={problems} />
      <h1>Giấy tờ trong kho của người nộp hồ sơ {code}</h1>
      {props.reused ? (
        <p class="inset" role="status">
          Đã dùng giấy tờ trong kho cho hồ sơ: bản điện tử được đưa vào hồ sơ và đánh dấu tái sử dụng, người nộp không
          phải nộp bản sao.
        </p>
      ) : null}
      <p class="muted">Lần xem này được ghi nhật ký và người nộp thấy trong “Giấy tờ của tôi”.</p>
      {papers.length === 0 ? (
        <p>Người nộp chưa có giấy tờ nào trong kho.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Giấy tờ</th>
              <th scope="col">Loại</th>
              <th scope="col">Từ hồ sơ</th>
              <th scope="col">Chữ ký số</th>
              <th scope="col">Hiệu lực đến</th>
            </tr>
          </thead>
          <tbody>
            {papers.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{ORIGIN_LABELS[p.origin]}</td>
                <td>
                  <span class="code">{p.dossierCode}</span>
                </td>
                <td>{p.signed ? 'Có' : 'Không'}</td>
                <td>{p.validUntil ? vnDate(p.validUntil) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {usable.length > 0 ? (
        <>
          <h2>Dùng giấy tờ trong kho cho hồ sơ này</h2>
          <p>
            Chỉ dùng giấy tờ trùng tên với thành phần hồ sơ mà thủ tục cho phép tái sử dụng (Nghị định 45/2020/NĐ-CP).
          </p>
          <PostForm ctx={ctx} action={`${applicantPapersHref(code)}/dung-lai`}>
            <ChoiceGroup
              ctx={ctx}
              name="paperId"
              label="Giấy tờ"
              values={props.chosen ? [props.chosen] : []}
              error={errorFor(problems, 'paperId')}
              options={usable.map((p) => ({ value: p.id, label: `${p.name} — từ hồ sơ ${p.dossierCode}` }))}
            />
            <ChoiceGroup
              ctx={ctx}
              name="consent"
              label="Sự đồng ý của người nộp"
              multiple
              values={[]}
              error={errorFor(problems, 'consent')}
              options={[{ value: 'yes', label: REUSE_CONSENT }]}
            />
            <Button>Dùng cho hồ sơ này</Button>
          </PostForm>
        </>
      ) : null}
    </Frame>
  );
}
