/**
 * The clerk's form to register an incoming document received on paper (Art. 22: the Annex VI
 * input fields) and the drafting screen of an outgoing document (Art. 10).
 */
import { BackLink } from '../../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../../web/components/error-summary.tsx';
import {
  Button,
  errorFor,
  FileInput,
  PostForm,
  type Problem,
  Select,
  Textarea,
  TextInput,
} from '../../../web/components/form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import { documentTypes } from '../format-check.ts';
import { BASE, secrecyLabels, urgencyLabels } from './labels.ts';

const typeOptions = documentTypes.map((t) => ({ value: t.code || 'CV', label: t.name }));
const urgencyOptions = Object.entries(urgencyLabels).map(([value, label]) => ({ value, label }));
const secrecyOptions = Object.entries(secrecyLabels).map(([value, label]) => ({ value, label }));

type FormProps = { ctx: PageContext; problems?: Problem[]; values?: Record<string, string> };

export function RegisterIncomingForm({ ctx, problems = [], values = {} }: FormProps) {
  const err = (n: string) => errorFor(problems, n);
  return (
    <Layout ctx={ctx} title="Vào sổ văn bản đến" before={<BackLink ctx={ctx} href={BASE} />}>
      {problems.length ? <ErrorSummary ctx={ctx} problems={problems} /> : null}
      <h1>Vào sổ văn bản đến</h1>
      <p>
        Văn bản giấy nhận qua bưu điện hoặc trực tiếp; số đến được cấp khi vào sổ (Điều 22 Nghị định 30/2020/NĐ-CP).
      </p>
      {values.scan ? (
        <p class="scan-note" data-scan-text={values.scanText === '1' ? 'yes' : 'no'}>
          Đã nhận tệp quét <strong>{values.scanName}</strong>.{' '}
          {values.scanText === '1'
            ? 'Các trường dưới đây được điền từ lớp chữ của tệp: kiểm tra, sửa nếu cần rồi vào sổ.'
            : 'Tệp không có lớp chữ đọc được: nhập các trường theo bản quét rồi vào sổ.'}
        </p>
      ) : (
        <form
          method="post"
          action={`${BASE}/vao-so/quet?_csrf=${encodeURIComponent(ctx.csrf)}`}
          enctype="multipart/form-data"
          novalidate
        >
          <FileInput
            ctx={ctx}
            name="file"
            label="Tệp quét văn bản (PDF) hoặc thư điện tử (.eml)"
            hint="Nếu tệp có lớp chữ, số, ký hiệu, ngày và trích yếu được điền sẵn để kiểm tra; thư điện tử: tệp PDF đính kèm là văn bản"
            accept="application/pdf,message/rfc822,.eml"
            error={err('file')}
          />
          <Button variant="secondary">Tải tệp quét lên</Button>
        </form>
      )}
      <PostForm ctx={ctx} action={`${BASE}/vao-so`} txn>
        {values.scan ? (
          <>
            <input type="hidden" name="scan" value={values.scan} />
            <input type="hidden" name="scanName" value={values.scanName} />
            <input type="hidden" name="scanText" value={values.scanText} />
            <input type="hidden" name="scanSource" value={values.scanSource} />
          </>
        ) : null}
        <TextInput
          ctx={ctx}
          name="issuerName"
          label="Cơ quan ban hành"
          value={values.issuerName}
          error={err('issuerName')}
        />
        <Select ctx={ctx} name="type" label="Loại văn bản" options={typeOptions} value={values.type ?? 'CV'} />
        <TextInput
          ctx={ctx}
          name="codeNumber"
          label="Số"
          width="w10"
          value={values.codeNumber}
          error={err('codeNumber')}
        />
        <TextInput
          ctx={ctx}
          name="codeNotation"
          label="Ký hiệu"
          hint="Ví dụ UBND-VP, QĐ-UBND"
          width="w20"
          value={values.codeNotation}
          error={err('codeNotation')}
        />
        <TextInput
          ctx={ctx}
          name="issuedDate"
          label="Ngày văn bản"
          type="date"
          width="w10"
          value={values.issuedDate}
          error={err('issuedDate')}
        />
        <Textarea ctx={ctx} name="subject" label="Trích yếu nội dung" value={values.subject} error={err('subject')} />
        <Select ctx={ctx} name="urgency" label="Độ khẩn" options={urgencyOptions} value={values.urgency ?? 'normal'} />
        <Select ctx={ctx} name="secrecy" label="Độ mật" options={secrecyOptions} value={values.secrecy ?? 'none'} />
        <TextInput
          ctx={ctx}
          name="dueDate"
          label="Hạn trả lời (nếu có)"
          type="date"
          width="w10"
          value={values.dueDate}
          optional
        />
        <Button>Vào sổ</Button>
      </PostForm>
    </Layout>
  );
}

export function DraftForm({ ctx, problems = [], values = {} }: FormProps) {
  const err = (n: string) => errorFor(problems, n);
  return (
    <Layout ctx={ctx} title="Soạn dự thảo văn bản đi" before={<BackLink ctx={ctx} href={BASE} />}>
      {problems.length ? <ErrorSummary ctx={ctx} problems={problems} /> : null}
      <h1>Soạn dự thảo văn bản đi</h1>
      <PostForm ctx={ctx} action={`${BASE}/du-thao`} txn>
        {values.answers ? <input type="hidden" name="answers" value={values.answers} /> : null}
        <Select ctx={ctx} name="type" label="Loại văn bản" options={typeOptions} value={values.type ?? 'CV'} />
        <TextInput
          ctx={ctx}
          name="codeNotation"
          label="Ký hiệu"
          hint="Công văn: tên cơ quan - đơn vị soạn thảo (STP-HCTP); loại khác: loại - cơ quan (QĐ-STP)"
          width="w20"
          value={values.codeNotation}
          error={err('codeNotation')}
        />
        <Textarea ctx={ctx} name="subject" label="Trích yếu nội dung" value={values.subject} error={err('subject')} />
        <Textarea ctx={ctx} name="content" label="Nội dung" rows={12} value={values.content} error={err('content')} />
        <TextInput
          ctx={ctx}
          name="recipient"
          label="Kính gửi / nơi nhận chính"
          value={values.recipient}
          error={err('recipient')}
        />
        <TextInput
          ctx={ctx}
          name="recipientCode"
          label="Mã định danh cơ quan nhận"
          hint="Ví dụ 000.00.01.H60; cơ quan trong tỉnh nhận văn bản trực tiếp trong hệ thống"
          width="w20"
          value={values.recipientCode}
          error={err('recipientCode')}
        />
        <TextInput
          ctx={ctx}
          name="unit"
          label="Đơn vị soạn thảo (viết tắt)"
          hint="Dòng “Lưu: VT, …” của nơi nhận"
          width="w10"
          value={values.unit}
          error={err('unit')}
        />
        <TextInput
          ctx={ctx}
          name="signerPosition"
          label="Chức vụ người ký"
          value={values.signerPosition}
          error={err('signerPosition')}
        />
        <TextInput
          ctx={ctx}
          name="signerName"
          label="Họ tên người ký"
          value={values.signerName}
          error={err('signerName')}
        />
        <Select ctx={ctx} name="urgency" label="Độ khẩn" options={urgencyOptions} value={values.urgency ?? 'normal'} />
        <Select ctx={ctx} name="secrecy" label="Độ mật" options={secrecyOptions} value={values.secrecy ?? 'none'} />
        <Button>Lưu dự thảo</Button>
      </PostForm>
    </Layout>
  );
}
