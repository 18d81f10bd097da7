/**
 * No double entry (issue 13, item 4): when an e-form fills the procedure's declaration (tờ khai,
 * the paper marked `eform`), the answers are drawn as that declaration in the layout of the
 * legal template (catalog `declarationFormFor`, data/forms/) and kept with the dossier as the
 * paper itself: the officer and the citizen read the same PDF, and nobody uploads it again.
 */
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { PdfComposer } from '../../platform/pdf/index.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import {
  type DeclarationForm,
  declarationFormFor,
  type EformField,
  type Paper,
  type ProcedureView,
} from '../catalog/index.ts';
import type { NamedFile } from './attachment-links.ts';
import { actorIdOf } from './context.ts';
import type { Applicant } from './filing-rules.ts';
import { dossierAttachments } from './schema.ts';
import { longDate } from './slips/format.ts';

const UNITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** 0–99 in words: "mười lăm", "hai mươi mốt", "ba mươi tư". */
function twoDigits(n: number): string {
  const tens = Math.floor(n / 10);
  const unit = n % 10;
  if (tens === 0) return UNITS[unit] ?? '';
  const head = tens === 1 ? 'mười' : `${UNITS[tens]} mươi`;
  if (unit === 0) return head;
  const tail = unit === 5 ? 'lăm' : unit === 1 && tens > 1 ? 'mốt' : unit === 4 && tens > 1 ? 'tư' : UNITS[unit];
  return `${head} ${tail}`;
}

/** A year in words: "hai nghìn không trăm hai mươi sáu", "hai nghìn không trăm linh năm". */
function yearInWords(year: number): string {
  const thousands = `${UNITS[Math.floor(year / 1000)]} nghìn`;
  const hundreds = Math.floor(year / 100) % 10;
  const rest = year % 100;
  if (hundreds === 0 && rest === 0) return thousands;
  const tail = rest === 0 ? '' : rest < 10 ? ` linh ${UNITS[rest]}` : ` ${twoDigits(rest)}`;
  return `${thousands} ${UNITS[hundreds]} trăm${tail}`;
}

/** "2026-03-15" → "ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu" (the "ghi bằng chữ" of the form). */
export function dateInWords(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  if (!year || !month || !day) return '';
  return `ngày ${twoDigits(day)} tháng ${twoDigits(month)} năm ${yearInWords(year)}`;
}

const BLANK = '……………………';

export interface DeclarationInput {
  form: DeclarationForm;
  eform: readonly EformField[];
  applicant: Applicant;
  formData: Record<string, unknown>;
  /** The competent agency ("Kính gửi"). */
  agencyName: string;
  filedAt: Date;
}

function cellValue(input: DeclarationInput, ref: string, inWords: boolean): string {
  const [source, key = ''] = ref.split('.');
  if (source === 'applicant') {
    const a = input.applicant;
    const v = key === 'fullName' ? a.fullName : key === 'address' ? a.address : a.personalId;
    return v ?? '';
  }
  const raw = input.formData[key];
  const text = raw === undefined || raw === null ? '' : String(raw).trim();
  const field = input.eform.find((f) => f.key === key);
  if (field?.type !== 'date' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const [y, m, d] = text.split('-');
  const digits = `${d}/${m}/${y}`;
  return inWords ? `${digits}; ghi bằng chữ: ${dateInWords(text)}` : digits;
}

/** The declaration as an A4 PDF: motto, title, "Kính gửi", numbered lines, the pledge, the signature. */
export async function renderDeclaration(input: DeclarationInput): Promise<Uint8Array> {
  const { form } = input;
  const doc = new PdfComposer({
    title: form.form,
    subject: form.source.slice(0, 300),
    author: input.applicant.fullName,
    fontSize: 12,
  });
  doc.motto();
  doc.title(form.title);
  doc.paragraph([{ text: 'Kính gửi: ' }, { text: input.agencyName, bold: true }], { align: 'center' });
  let number = 0;
  for (const section of form.sections) {
    if (section.heading) doc.paragraph(section.heading, { bold: true, spaceAfter: 2 });
    for (const line of section.lines) {
      number += 1;
      const parts = line.flatMap((cell, i) => {
        const value = cellValue(input, cell.value, cell.inWords === true);
        const shown = value === '' ? BLANK : cell.upper ? value.toLocaleUpperCase('vi') : value;
        return [{ text: `${i > 0 ? '; ' : ''}${cell.label}: ` }, { text: shown, bold: value !== '' }];
      });
      doc.paragraph([{ text: `${number}. ` }, ...parts], { spaceAfter: 2 });
    }
  }
  doc.paragraph(form.pledge, { spaceAfter: 6 });
  doc.paragraph(`Làm tại: Cổng dịch vụ công trực tuyến (nộp trực tuyến), ${longDate(input.filedAt)}`, {
    italic: true,
    align: 'right',
  });
  doc.signatureBlock({
    right: { title: form.signature.title, note: form.signature.note, name: input.applicant.fullName },
  });
  doc.paragraph(
    'Tờ khai được lập từ biểu mẫu điện tử người yêu cầu đã khai và gửi bằng tài khoản của mình trên cổng dịch vụ công.',
    { italic: true, size: 10 },
  );
  return doc.save();
}

/** The paper the e-form fills, if the procedure has one and asks something. */
export function declarationPaper(procedure: Pick<ProcedureView, 'papers' | 'eform'>): Paper | undefined {
  const paper = procedure.papers.find((p) => p.eform === true);
  return paper && procedure.eform.some((f) => f.type !== 'file') ? paper : undefined;
}

/**
 * Draws the declaration and stages it as the caller's file in the filing's transaction, so the
 * filing claims it with the other papers (one audit entry per file, the same rules).
 */
export async function stageDeclaration(
  tx: Executor,
  blobs: BlobStore,
  caller: Caller,
  procedure: Pick<ProcedureView, 'papers' | 'eform'>,
  input: Omit<DeclarationInput, 'form' | 'eform'>,
  provinceCode: string,
): Promise<NamedFile | undefined> {
  const paper = declarationPaper(procedure);
  const uploader = actorIdOf(caller);
  if (!paper || uploader === null) return undefined;
  const bytes = await renderDeclaration({
    ...input,
    form: declarationFormFor(paper, procedure.eform),
    eform: procedure.eform,
  });
  const stem = paper.template?.replace(/\.(docx|pdf|xlsx)$/, '') ?? 'to-khai';
  const [row] = await tx
    .insert(dossierAttachments)
    .values({
      provinceCode,
      dossierId: null,
      kind: 'paper',
      paperName: paper.name,
      fileName: `${stem}.pdf`,
      mime: 'application/pdf',
      size: bytes.byteLength,
      blobKey: await blobs.put(bytes),
      uploadedBy: uploader,
    })
    .returning({ id: dossierAttachments.id });
  return row ? { attachmentId: row.id, paperName: paper.name } : undefined;
}
