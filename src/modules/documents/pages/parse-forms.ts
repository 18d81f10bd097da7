/**
 * The forms' fields checked against the Annex VI lengths (Decree 30/2020/NĐ-CP): subject 500,
 * number 11, notation 30, issuer 200, dates as YYYY-MM-DD. What is wrong is a form problem in
 * Vietnamese, never a 500.
 */
import type { Problem } from '../../../web/components/form.tsx';
import { type FormBody, field } from '../../../web/http.tsx';
import type { DraftInput } from '../draft-document.ts';
import { typeNameOf } from '../format-check.ts';
import type { IncomingDocumentInput } from '../register-incoming-document.ts';
import { type Secrecy, secrecies, type Urgency, urgencies } from '../schema.ts';

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/u;

class Fields {
  readonly problems: Problem[] = [];
  constructor(private readonly body: FormBody) {}
  text(name: string, max: number, message: string, required = true): string {
    const value = field(this.body, name);
    if ((required && !value) || value.length > max) this.problems.push({ field: name, message });
    return value.slice(0, max);
  }
  date(name: string, message: string): string | null {
    const value = field(this.body, name);
    if (!value) return null;
    if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) this.problems.push({ field: name, message });
    return value;
  }
  type(): { typeCode: string; typeName: string } {
    const raw = field(this.body, 'type');
    const code = raw === 'CV' ? '' : raw;
    const name = typeNameOf(code);
    if (name === undefined) {
      this.problems.push({ field: 'type', message: 'Chọn loại văn bản.' });
      return { typeCode: '', typeName: 'Công văn' };
    }
    return { typeCode: code, typeName: name };
  }
  urgency(): Urgency {
    const v = field(this.body, 'urgency');
    return (urgencies as readonly string[]).includes(v) ? (v as Urgency) : 'normal';
  }
  secrecy(): Secrecy {
    const v = field(this.body, 'secrecy');
    return (secrecies as readonly string[]).includes(v) ? (v as Secrecy) : 'none';
  }
}

export function parseIncoming(body: FormBody): Parsed<IncomingDocumentInput> {
  const f = new Fields(body);
  const value: IncomingDocumentInput = {
    source: 'manual',
    issuerName: f.text('issuerName', 200, 'Nhập cơ quan ban hành (tối đa 200 ký tự).'),
    ...f.type(),
    codeNumber: f.text('codeNumber', 11, 'Số văn bản tối đa 11 ký tự.', false) || null,
    codeNotation: f.text('codeNotation', 30, 'Nhập ký hiệu văn bản (tối đa 30 ký tự).'),
    issuedDate: f.date('issuedDate', 'Ngày văn bản không hợp lệ.'),
    subject: f.text('subject', 500, 'Nhập trích yếu nội dung (tối đa 500 ký tự).'),
    urgency: f.urgency(),
    secrecy: f.secrecy(),
    dueDate: f.date('dueDate', 'Hạn trả lời không hợp lệ.'),
    files: [],
  };
  return f.problems.length ? { ok: false, problems: f.problems } : { ok: true, value };
}

export function parseDraft(body: FormBody, internal: { id: string; name: string } | undefined): Parsed<DraftInput> {
  const f = new Fields(body);
  const type = f.type();
  const recipient = f.text('recipient', 200, 'Nhập nơi nhận chính (tối đa 200 ký tự).');
  const code = f.text('recipientCode', 13, 'Mã định danh cơ quan tối đa 13 ký tự.', false);
  const unit = f.text('unit', 20, 'Nhập tên viết tắt đơn vị soạn thảo (tối đa 20 ký tự).');
  const answers = field(body, 'answers');
  const value: DraftInput = {
    ...type,
    codeNotation: f.text('codeNotation', 30, 'Nhập ký hiệu văn bản (tối đa 30 ký tự).'),
    subject: f.text('subject', 500, 'Nhập trích yếu nội dung (tối đa 500 ký tự).'),
    content: f.text('content', 20_000, 'Nhập nội dung văn bản (tối đa 20.000 ký tự).'),
    recipients: [
      internal
        ? { kind: 'internal', agencyId: internal.id, organId: code, organName: internal.name }
        : { kind: 'external', ...(code ? { organId: code } : {}), organName: recipient },
    ],
    toPlaces: [recipient, `Lưu: VT, ${unit}`],
    signer: {
      position: f.text('signerPosition', 100, 'Nhập chức vụ người ký (tối đa 100 ký tự).'),
      fullName: f.text('signerName', 50, 'Nhập họ tên người ký (tối đa 50 ký tự).'),
    },
    draftingUnit: unit,
    urgency: f.urgency(),
    secrecy: f.secrecy(),
    ...(/^[0-9a-f-]{36}$/u.test(answers) ? { answersDocumentId: answers } : {}),
  };
  return f.problems.length ? { ok: false, problems: f.problems } : { ok: true, value };
}
