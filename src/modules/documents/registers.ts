/**
 * The registers and the follow-up book of Decree 30/2020/NĐ-CP Annex IV, read from the
 * documents: "Sổ đăng ký văn bản đi" and "Sổ đăng ký văn bản đến" (10 columns each) of an
 * agency and a year, and "Sổ theo dõi giải quyết văn bản đến" (7 columns: what each person
 * owes, the deadline, the progress, the answer). Secret documents are in their own series
 * and listed only to the people named on them. Also the Excel export of a register (exceljs).
 */

import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Caller } from '../../platform/auth/caller.ts';
import { localDateOf } from '../../platform/calendar/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { staffByAccounts } from '../directory/index.ts';
import { requireStaffCaller } from './context.ts';
import type { DocumentDirection } from './schema.ts';

export interface RegisterEntry {
  id: string;
  registerNumber: number;
  registeredAt: string;
  codeNumber: string | null;
  codeNotation: string;
  issuedDate: string | null;
  typeName: string;
  subject: string;
  issuerName: string;
  signerName: string | null;
  recipients: string;
  /** Names of the people handling it (account ids until `withNames`). */
  handlers: string[];
  description: string | null;
  series: string;
}

/** The register's rows of a year, in number order (series 'general' then 'secret'). */
export async function registerEntries(
  db: Executor,
  caller: Caller,
  query: { year: number; direction: DocumentDirection },
): Promise<RegisterEntry[]> {
  const staff = requireStaffCaller(caller);
  const entries = await rows<RegisterEntry>(
    db,
    sql`select d.id, d.register_number as "registerNumber", d.registered_at::text as "registeredAt",
          d.code_number as "codeNumber", d.code_notation as "codeNotation", d.issued_date::text as "issuedDate",
          d.type_name as "typeName", d.subject, d.issuer_name as "issuerName", d.signer->>'fullName' as "signerName",
          coalesce((select string_agg(x->>'organName', '; ') from jsonb_array_elements(d.recipients) x), '') as recipients,
          coalesce((select array_agg(a.assignee_id order by a.kind) from document_assignments a
             where a.document_id = d.id), '{}') as handlers,
          d.description, g.series
        from document_registers g join documents d on d.register_id = g.id
        where g.agency_id = ${staff.agencyId} and g.year = ${query.year} and g.direction = ${query.direction}
          and (d.secrecy = 'none' or exists (select 1 from document_readers r where r.document_id = d.id and r.account_id = ${staff.id}))
        order by g.series, d.register_number`,
  );
  const names = await namesOf(
    db,
    entries.flatMap((e) => e.handlers),
  );
  return entries.map((e) => ({ ...e, handlers: e.handlers.map((id) => names.get(id) ?? id) }));
}

/** Full names from the directory's staff list (its public face, not its table). */
async function namesOf(db: Executor, accountIds: readonly string[]): Promise<Map<string, string>> {
  const people = await staffByAccounts(db, [...new Set(accountIds)]);
  return new Map(people.flatMap((p) => (p.accountId ? [[p.accountId, p.fullName] as const] : [])));
}

export interface FollowUpRow {
  documentId: string;
  registerNumber: number | null;
  document: string;
  assignee: string;
  kind: string;
  dueDate: string | null;
  state: string;
  overdue: boolean;
  /** Done: on time or late (completedAt ≤ dueDate). */
  onTime: boolean | null;
  answer: string | null;
}

/** The follow-up book (Annex IV): every assignment of the year's incoming documents, by person. */
export async function followUpBook(
  db: Executor,
  caller: Caller,
  query: { year: number; now?: Date },
): Promise<FollowUpRow[]> {
  const staff = requireStaffCaller(caller);
  const today = localDateOf(query.now ?? new Date());
  const book = await rows<FollowUpRow>(
    db,
    sql`select d.id as "documentId", d.register_number as "registerNumber",
          d.type_name || ' ' || coalesce(d.code_number || '/', '') || d.code_notation || coalesce(' ngày ' || to_char(d.issued_date, 'DD/MM/YYYY'), '') || ' của ' || d.issuer_name as document,
          a.assignee_id as assignee, a.kind, a.due_date::text as "dueDate", a.state,
          (a.state in ('pending', 'in_progress') and a.due_date is not null and a.due_date < ${today}::date) as overdue,
          case when a.state = 'done' and a.due_date is not null
               then (a.completed_at at time zone 'Asia/Ho_Chi_Minh')::date <= a.due_date end as "onTime",
          (select string_agg(o.code_number || '/' || o.code_notation, '; ') from document_links l
             join documents o on o.id = l.from_id where l.to_id = d.id and o.code_number is not null) as answer
        from document_assignments a join documents d on d.id = a.document_id
        where d.agency_id = ${staff.agencyId} and a.kind <> 'for_information'
          and extract(year from (d.registered_at at time zone 'Asia/Ho_Chi_Minh')) = ${query.year}
          and (d.secrecy = 'none' or exists (select 1 from document_readers r where r.document_id = d.id and r.account_id = ${staff.id}))
        order by a.assignee_id, a.due_date nulls last`,
  );
  const names = await namesOf(
    db,
    book.map((r) => r.assignee),
  );
  return book
    .map((r) => ({ ...r, assignee: names.get(r.assignee) ?? r.assignee }))
    .sort((a, b) => a.assignee.localeCompare(b.assignee, 'vi') || (a.dueDate ?? '9').localeCompare(b.dueDate ?? '9'));
}

const vnDate = (iso: string | null): string => (iso ? iso.slice(0, 10).split('-').reverse().join('/') : '');

/** Annex IV columns, in the decree's order. */
export function registerColumns(
  direction: DocumentDirection,
): Array<{ header: string; value: (e: RegisterEntry) => string | number }> {
  const number = (e: RegisterEntry) => (e.codeNumber ? `${e.codeNumber}/${e.codeNotation}` : e.codeNotation);
  const name = (e: RegisterEntry) => `${e.typeName}: ${e.subject}`;
  if (direction === 'outgoing') {
    return [
      { header: 'Số, ký hiệu văn bản', value: number },
      { header: 'Ngày tháng văn bản', value: (e) => vnDate(e.issuedDate) },
      { header: 'Tên loại và trích yếu nội dung văn bản', value: name },
      { header: 'Người ký', value: (e) => e.signerName ?? '' },
      { header: 'Nơi nhận văn bản', value: (e) => e.recipients },
      { header: 'Đơn vị, người nhận bản lưu', value: (e) => e.issuerName },
      { header: 'Số lượng bản', value: () => 1 },
      { header: 'Ngày chuyển', value: (e) => vnDate(e.registeredAt) },
      { header: 'Ký nhận', value: () => '' },
      { header: 'Ghi chú', value: (e) => (e.series === 'secret' ? 'Sổ văn bản mật' : (e.description ?? '')) },
    ];
  }
  return [
    { header: 'Ngày đến', value: (e) => vnDate(e.registeredAt) },
    { header: 'Số đến', value: (e) => e.registerNumber },
    { header: 'Tác giả', value: (e) => e.issuerName },
    { header: 'Số, ký hiệu văn bản', value: number },
    { header: 'Ngày tháng văn bản', value: (e) => vnDate(e.issuedDate) },
    { header: 'Tên loại và trích yếu nội dung văn bản', value: name },
    { header: 'Đơn vị hoặc người nhận', value: (e) => e.handlers.join('; ') },
    { header: 'Ngày chuyển', value: (e) => vnDate(e.registeredAt) },
    { header: 'Ký nhận', value: () => '' },
    { header: 'Ghi chú', value: (e) => (e.series === 'secret' ? 'Sổ văn bản mật' : (e.description ?? '')) },
  ];
}

/** The register as an .xlsx workbook (one sheet, the Annex IV columns). */
export async function registerWorkbook(
  entries: readonly RegisterEntry[],
  meta: { direction: DocumentDirection; year: number; agencyName: string },
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mở Cửa';
  const title = meta.direction === 'outgoing' ? 'SỔ ĐĂNG KÝ VĂN BẢN ĐI' : 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN';
  const sheet = workbook.addWorksheet(`${meta.direction === 'outgoing' ? 'Văn bản đi' : 'Văn bản đến'} ${meta.year}`);
  const columns = registerColumns(meta.direction);
  sheet.addRow([meta.agencyName.toUpperCase()]);
  sheet.addRow([`${title} NĂM ${meta.year}`]).font = { bold: true };
  sheet.addRow([]);
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  for (const entry of entries) sheet.addRow(columns.map((c) => c.value(entry)));
  sheet.columns.forEach((column, i) => {
    column.width = i === (meta.direction === 'outgoing' ? 2 : 5) ? 60 : 18;
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
