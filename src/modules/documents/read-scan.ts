/**
 * What a scanned incoming document's text layer says, for the clerk to check: the number and
 * notation ("Số: 123/UBND-VP"), the date line ("…, ngày 12 tháng 11 năm 2026"), the subject
 * (a letter's "V/v …" line, or the line under the type's title) and the type by its title, as
 * Decree 30/2020/NĐ-CP Annex I lays them out. Only prefills: every field is shown to the clerk
 * before registering, and nothing is guessed when the text does not match the layout.
 */
import { documentTypes } from './format-check.ts';

export interface ScanFields {
  codeNumber?: string;
  codeNotation?: string;
  issuedDate?: string;
  subject?: string;
  /** The form's type value (format-check.ts code, 'CV' for a letter). */
  type?: string;
}

const NUMBER = /Số\s*:\s*(\d{1,11})\s*\/\s*([\p{Lu}\d][\p{Lu}\d.\-–]{0,29})/u;
const DATE = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;
const SUBJECT = /^\s*(V\/v|Về việc)\s+(.+)$/mu;

const pad = (n: string) => n.padStart(2, '0');

/** The subject: the "V/v" line and the lines that continue it (up to a blank line, the date line or "Kính gửi"). */
function subjectOf(lines: string[]): string | undefined {
  const start = lines.findIndex((l) => SUBJECT.test(l));
  if (start >= 0) {
    const parts = [lines[start]?.trim() ?? ''];
    for (const next of lines.slice(start + 1, start + 4)) {
      if (!next.trim() || DATE.test(next) || /^(Kính gửi|Căn cứ|Số:|\p{Lu}{4,})/u.test(next.trim())) break;
      parts.push(next.trim());
    }
    return parts.join(' ').replace(/\s+/gu, ' ').slice(0, 500);
  }
  // Other types: the title in capitals ("QUYẾT ĐỊNH") then the subject on the next line.
  const title = lines.findIndex((l) => documentTypes.some((t) => t.code && l.trim() === t.name.toUpperCase()));
  const next = title >= 0 ? lines.slice(title + 1).find((l) => l.trim()) : undefined;
  return next ? next.trim().slice(0, 500) : undefined;
}

export function readScanText(text: string): ScanFields {
  const lines = text.split(/\r?\n/u);
  const out: ScanFields = {};
  const number = NUMBER.exec(text);
  if (number?.[1] && number[2]) {
    out.codeNumber = number[1];
    out.codeNotation = number[2].replace(/[.\-–]+$/u, '').replace('–', '-');
  }
  const date = DATE.exec(text);
  if (date?.[1] && date[2] && date[3]) {
    const iso = `${date[3]}-${pad(date[2])}-${pad(date[1])}`;
    if (!Number.isNaN(Date.parse(iso)) && new Date(iso).toISOString().startsWith(iso)) out.issuedDate = iso;
  }
  const subject = subjectOf(lines);
  if (subject) out.subject = subject;
  const type = documentTypes.find((t) => t.code && lines.some((l) => l.trim() === t.name.toUpperCase()));
  out.type = type ? type.code : out.subject && SUBJECT.test(out.subject) ? 'CV' : undefined;
  if (out.type === undefined) delete out.type;
  return out;
}
