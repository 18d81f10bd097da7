/**
 * The fields of "Cập nhật văn bản đã phát hành" on an issued document's page (the leader's form,
 * update-issued-document.ts): the reason, then the document's subject, content and signer as
 * issued, for the leader to correct. The number, date, notation and recipients are not on the
 * form: an update corrects the same document for the same recipients.
 */
import { Textarea, TextInput } from '../../../web/components/form.tsx';
import type { PageContext } from '../../../web/context.ts';
import type { DocumentRow } from '../context.ts';

export function UpdateIssuedFields({
  ctx,
  doc,
  values,
}: {
  ctx: PageContext;
  doc: DocumentRow;
  values: Record<string, string>;
}) {
  const value = (name: string, issued: string | null | undefined) => values[name] ?? issued ?? '';
  return (
    <>
      <Textarea
        ctx={ctx}
        name="text"
        label="Lý do cập nhật"
        hint="Bản cập nhật giữ số, ngày của văn bản, dùng để sửa sai sót của văn bản điện tử đã gửi (thông tin, tệp, lỗi chính tả). Sai sót về nội dung: ban hành văn bản sửa đổi, thay thế; sai sót về thể thức: công văn đính chính (Nghị định 30/2020, Điều 18 khoản 3). Lý do gửi kèm bản cập nhật đến mọi nơi nhận; tối đa 1.000 ký tự."
        value={values.text}
      />
      <Textarea ctx={ctx} name="subject" label="Trích yếu nội dung" rows={2} value={value('subject', doc.subject)} />
      <Textarea
        ctx={ctx}
        name="content"
        label="Nội dung văn bản"
        hint="Bản cập nhật được trình bày lại từ nội dung này, giữ số, ký hiệu và ngày của văn bản đã phát hành."
        rows={10}
        value={value('content', doc.content)}
      />
      <TextInput
        ctx={ctx}
        name="signerPosition"
        label="Chức vụ người ký"
        value={value('signerPosition', doc.signer?.position)}
      />
      <TextInput
        ctx={ctx}
        name="signerName"
        label="Họ tên người ký"
        value={value('signerName', doc.signer?.fullName)}
      />
    </>
  );
}
