/**
 * The staff inboxes by role (documents-reports-ioc.md §2.5): the clerk's "to register", "to
 * present", "to check" and "to issue"; the leader's "to assign", "to approve" and "to sign";
 * everyone's "to handle" and "my drafts"; and the accent-folded search. Secret documents only
 * for the people named on them. Overdue is computed here from the deadline, never stored.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { localDateOf } from '../../platform/calendar/index.ts';
import { foldVietnamese } from '../../platform/codes/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { requireStaffCaller } from './context.ts';

export const inboxKinds = [
  'to_register',
  'to_present',
  'to_assign',
  'to_handle',
  'drafts',
  'to_approve',
  'to_check',
  'to_sign',
  'to_issue',
] as const;
export type InboxKind = (typeof inboxKinds)[number];

export const inboxLabels: Record<InboxKind, string> = {
  to_register: 'Chờ vào sổ',
  to_present: 'Chờ trình lãnh đạo',
  to_assign: 'Chờ phân công',
  to_handle: 'Cần xử lý',
  drafts: 'Dự thảo của tôi',
  to_approve: 'Chờ duyệt',
  to_check: 'Chờ kiểm tra thể thức',
  to_sign: 'Chờ ký',
  to_issue: 'Chờ phát hành',
};

/** Which inboxes a role sees in the workspace. */
export function inboxesFor(caller: Caller): InboxKind[] {
  if (caller.kind !== 'staff') return [];
  const kinds = new Set<InboxKind>();
  if (caller.roles.includes('clerk'))
    for (const k of ['to_register', 'to_present', 'to_check', 'to_issue'] as const) kinds.add(k);
  if (caller.roles.includes('leader')) for (const k of ['to_assign', 'to_approve', 'to_sign'] as const) kinds.add(k);
  if (caller.roles.some((r) => r === 'specialist' || r === 'leader' || r === 'clerk')) {
    kinds.add('to_handle');
    kinds.add('drafts');
  }
  return inboxKinds.filter((k) => kinds.has(k));
}

export interface InboxItem {
  id: string;
  direction: 'incoming' | 'outgoing';
  state: string;
  codeNumber: string | null;
  codeNotation: string;
  typeName: string;
  subject: string;
  issuerName: string;
  issuedDate: string | null;
  registerNumber: number | null;
  urgency: string;
  secrecy: string;
  /** The caller's own deadline (to handle) or the document's. */
  dueDate: string | null;
  assignmentKind: string | null;
  overdue: boolean;
  updatedAt: string;
}

const visible = (accountId: string): SQL =>
  sql`(d.secrecy = 'none' or exists (select 1 from document_readers r where r.document_id = d.id and r.account_id = ${accountId}))`;

const columns = sql`d.id, d.direction, d.state, d.code_number as "codeNumber", d.code_notation as "codeNotation",
  d.type_name as "typeName", d.subject, d.issuer_name as "issuerName", d.issued_date::text as "issuedDate",
  d.register_number as "registerNumber", d.urgency, d.secrecy, d.updated_at::text as "updatedAt"`;

/** One inbox, newest first, at most `limit` rows. */
export async function listInbox(
  db: Executor,
  caller: Caller,
  kind: InboxKind,
  options: { now?: Date; limit?: number } = {},
): Promise<InboxItem[]> {
  const staff = requireStaffCaller(caller);
  const today = localDateOf(options.now ?? new Date());
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  if (kind === 'to_handle') {
    return rows<InboxItem>(
      db,
      sql`select ${columns}, a.due_date::text as "dueDate", a.kind as "assignmentKind",
            (a.due_date is not null and a.due_date < ${today}::date) as overdue
          from document_assignments a join documents d on d.id = a.document_id
          where a.assignee_id = ${staff.id} and a.state in ('pending', 'in_progress') and d.state = 'in_progress'
          order by a.due_date asc nulls last, a.assigned_at desc limit ${limit}`,
    );
  }
  const where: Record<Exclude<InboxKind, 'to_handle'>, SQL> = {
    to_register: sql`d.direction = 'incoming' and d.state = 'received'`,
    to_present: sql`d.direction = 'incoming' and d.state = 'registered'`,
    to_assign: sql`d.direction = 'incoming' and d.state = 'presented'`,
    drafts: sql`d.direction = 'outgoing' and d.state = 'draft' and d.created_by = ${staff.id}`,
    to_approve: sql`d.direction = 'outgoing' and d.state = 'awaiting_approval' and d.approver_id = ${staff.id}`,
    to_check: sql`d.direction = 'outgoing' and d.state = 'awaiting_format_check'`,
    to_sign: sql`d.direction = 'outgoing' and d.state = 'awaiting_signature' and d.approver_id = ${staff.id}`,
    to_issue: sql`d.direction = 'outgoing' and d.state = 'signed'`,
  };
  // A secret document received over the hub names nobody yet: the clerks see it to register it.
  const secrecy = kind === 'to_register' ? sql`true` : visible(staff.id);
  return rows<InboxItem>(
    db,
    sql`select ${columns}, d.due_date::text as "dueDate", null as "assignmentKind",
          (d.due_date is not null and d.due_date < ${today}::date) as overdue
        from documents d
        where d.agency_id = ${staff.agencyId} and ${where[kind]} and ${secrecy}
        order by d.updated_at desc limit ${limit}`,
  );
}

export interface SearchQuery {
  q?: string;
  direction?: 'incoming' | 'outgoing';
  from?: string;
  to?: string;
  limit?: number;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/gu, (c) => `\\${c}`);

/** Search by subject, number and notation, issuer (accent-folded), and by date (issued or registered). */
export async function searchDocuments(db: Executor, caller: Caller, query: SearchQuery): Promise<InboxItem[]> {
  const staff = requireStaffCaller(caller);
  const conditions: SQL[] = [sql`d.agency_id = ${staff.agencyId}`, visible(staff.id)];
  const folded = foldVietnamese(query.q ?? '');
  const words = folded.split(' ').filter(Boolean).slice(0, 8);
  for (const word of words) {
    conditions.push(sql`d.search_text like ${`%${escapeLike(word)}%`}`);
  }
  if (query.direction) conditions.push(sql`d.direction = ${query.direction}`);
  if (query.from)
    conditions.push(
      sql`coalesce(d.issued_date, (d.created_at at time zone 'Asia/Ho_Chi_Minh')::date) >= ${query.from}::date`,
    );
  if (query.to)
    conditions.push(
      sql`coalesce(d.issued_date, (d.created_at at time zone 'Asia/Ho_Chi_Minh')::date) <= ${query.to}::date`,
    );
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const where = sql.join(conditions, sql` and `);
  const search = (from: SQL) =>
    rows<InboxItem>(
      db,
      sql`select ${columns}, d.due_date::text as "dueDate", null as "assignmentKind", false as overdue
          from ${from} where ${where}
          order by d.created_at desc limit ${limit}`,
    );
  if (words.length > 0) {
    // The newest matches are among the newest documents when the words are common: a page found
    // there is the answer (the window is read in the same order), and the trigram index is not
    // asked for every match in the agency's history only to sort them.
    const recent = await search(
      sql`(select * from documents where agency_id = ${staff.agencyId}
            order by created_at desc limit ${RECENT_WINDOW}) d`,
    );
    if (recent.length === limit) return recent;
  }
  return search(sql`documents d`);
}

/**
 * How many of the agency's newest documents a search reads first, newest first, before it asks
 * the trigram index. "báo cáo" is in one document in six: PostgreSQL's trigram estimate put it at
 * one in twenty-six and chose to intersect the agency's index with the trigram index's 168,107
 * matches, then sort (240 ms at 1,000,000 documents); the window finds the page in a few hundred
 * rows. A rare word or a number finds less than a page in the window and goes to the index, which
 * is selective for it.
 */
const RECENT_WINDOW = 2000;
