/**
 * The staff inbox at a province's size (issue 21): every query here answers from an index
 * whatever the agency's history holds.
 * - Running dossiers, most urgent first: the agency's own from `dossiers_inbox_clock` (clock
 *   running: overdue, due today, due soon, later — all in due-time order) then
 *   `dossiers_inbox_idle` (no clock or paused), plus those it held that another agency holds
 *   now (`dossier_holders_elsewhere_clock` / `_idle`, on the holders' copy of the due time);
 *   four walks in the same order, merged here, keyset-paged.
 * - Finished dossiers only on their own tab, newest first, from `dossier_holders_finished`.
 * - Search: the agency's own trigram keys on its holder rows (`dossier_holders_search`), newest
 *   first; a whole code from the unique index; a query of one or two letters from the province's
 *   trigram indexes, each match probing the holders' primary key for the agency.
 * - Counts: index-only passes over the running dossiers (own and held elsewhere), never the history.
 * Only scalar columns are read (the procedure name and the applicant's name as text), for the
 * rows returned only.
 */
import { type SQL, sql } from 'drizzle-orm';
import { foldVietnamese } from '../../platform/codes/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import type { DossierState } from './states.ts';

export interface StaffListInput {
  agencyId: string;
  now: Date;
  /** End of today and the due-soon limit (the later of the two), Vietnam time. */
  todayEnd: Date;
  soonEnd: Date;
  state?: DossierState | undefined;
  procedureId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  overdue?: boolean | undefined;
  dueSoon?: boolean | undefined;
  /** The inbox's cards: due from now to the end of today / after today up to the due-soon limit. */
  dueToday?: boolean | undefined;
  dueAfterToday?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface StaffRow {
  id: string;
  code: string;
  state: string;
  procedureName: string;
  applicantName: string;
  submittedAt: Date | null;
  dueAt: Date | null;
  finishedAt: Date | null;
  idle: boolean;
}

export interface StaffPage {
  rows: StaffRow[];
  nextCursor: string | null;
}

export interface InboxCounts {
  total: number;
  overdue: number;
  dueToday: number;
  dueSoon: number;
}

const columns = sql.raw(`d.id, d.code, d.state, d.procedure_snapshot->>'name' as "procedureName",
  d.applicant->>'fullName' as "applicantName", d.submitted_at as "submittedAt", d.due_at as "dueAt",
  d.finished_at as "finishedAt", (d.due_at is null or d.clock_paused_at is not null) as idle`);

const dateOf = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string | Date));
const normalise = (r: Record<string, unknown>): StaffRow => ({
  id: String(r.id),
  code: String(r.code ?? ''),
  state: String(r.state),
  procedureName: String(r.procedureName ?? ''),
  applicantName: String(r.applicantName ?? ''),
  submittedAt: dateOf(r.submittedAt),
  dueAt: dateOf(r.dueAt),
  finishedAt: dateOf(r.finishedAt),
  idle: r.idle === true || r.idle === 't',
});

registerErrors({
  DOSSIER_LIST_CURSOR_INVALID: {
    status: 400,
    vi: 'Con trỏ phân trang không hợp lệ; hãy tải lại danh sách từ trang đầu.',
  },
});

// ---- cursors: the sort key of the last row shown, opaque to clients ----------------------

type Cursor = (string | number | null)[];
const encode = (key: Cursor): string => Buffer.from(JSON.stringify(key)).toString('base64url');
function decode(cursor: string | undefined, shape: readonly ('n' | 's' | 'sn')[]): Cursor | null {
  if (!cursor) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    const ok =
      Array.isArray(key) &&
      key.length === shape.length &&
      key.every((v, i) =>
        shape[i] === 'n'
          ? v === 0 || v === 1
          : shape[i] === 's'
            ? typeof v === 'string'
            : v === null || typeof v === 'string',
      );
    if (!ok) throw new Error('shape');
    return key as Cursor;
  } catch {
    throw new DomainError('DOSSIER_LIST_CURSOR_INVALID');
  }
}
const ts = (v: string | number | null | undefined): Date | null =>
  v === null || v === undefined ? null : new Date(String(v));
const ms = (d: Date | null): number => (d ? d.getTime() : Number.POSITIVE_INFINITY);

/** Running order: clock running before idle, then due time (none last), submission, id. */
function runningKey(r: StaffRow): [number, number, number, string] {
  return [r.idle ? 1 : 0, ms(r.dueAt), ms(r.submittedAt), r.id];
}
function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function filtersOf(input: StaffListInput): SQL[] {
  const where: SQL[] = [];
  if (input.state) where.push(sql`d.state = ${input.state}`);
  if (input.procedureId) where.push(sql`d.procedure_id = ${input.procedureId}`);
  if (input.from) where.push(sql`d.submitted_at >= ${input.from}`);
  if (input.to) where.push(sql`d.submitted_at <= ${input.to}`);
  // Overdue and due-soon are clock-running buckets: due before now / from now to the due-soon limit.
  if (input.overdue) where.push(sql`d.due_at < ${input.now}`);
  if (input.dueSoon) where.push(sql`d.due_at >= ${input.now} and d.due_at <= ${input.soonEnd}`);
  if (input.dueToday) where.push(sql`d.due_at >= ${input.now} and d.due_at <= ${input.todayEnd}`);
  if (input.dueAfterToday) where.push(sql`d.due_at > ${input.todayEnd} and d.due_at <= ${input.soonEnd}`);
  return where;
}
const and = (parts: SQL[]): SQL => (parts.length === 0 ? sql`true` : sql.join(parts, sql` and `));

/** A page's statement and how its rows become the page (sorted and cut, with the next cursor). */
interface PageQuery {
  query: SQL;
  /** The order of the page's rows when the statement is wrapped (it then returns them unordered). */
  order: SQL;
  finish(found: StaffRow[]): StaffPage;
}

export async function runningPage(db: Executor, input: StaffListInput): Promise<StaffPage> {
  const q = runningQuery(input);
  return q.finish((await rows<Record<string, unknown>>(db, q.query)).map(normalise));
}

function runningQuery(input: StaffListInput): PageQuery {
  const c = decode(input.cursor, ['n', 'sn', 's', 's']);
  const n = input.limit + 1;
  const agency = input.agencyId;
  const extra = filtersOf(input);
  const clockOnly = [input.overdue, input.dueSoon, input.dueToday, input.dueAfterToday].includes(true);
  // Four index walks in the same order, merged below: the agency's own (dossiers_inbox_clock,
  // then _idle) and those it held that another agency holds now (dossier_holders_elsewhere_clock,
  // then _idle; handed on to a step's agency or transferred). `k` is the table whose copy of
  // due_at, submitted_at and the id the walk follows.
  const walk = (idle: boolean, own: boolean): SQL => {
    const k = own ? sql.raw('d') : sql.raw('h');
    const key = own ? sql.raw('d.id') : sql.raw('h.dossier_id');
    const after: SQL[] = [];
    if (c && !idle)
      after.push(sql`(${k}.due_at, ${k}.submitted_at, ${key}) > (${ts(c[1])}, ${ts(c[2])}, ${c[3]}::uuid)`);
    if (c && idle && c[0] === 1) {
      after.push(
        c[1] === null
          ? sql`${k}.due_at is null and (${k}.submitted_at, ${key}) > (${ts(c[2])}, ${c[3]}::uuid)`
          : sql`((${k}.due_at, ${k}.submitted_at, ${key}) > (${ts(c[1])}, ${ts(c[2])}, ${c[3]}::uuid) or ${k}.due_at is null)`,
      );
    }
    const scope = own
      ? sql`from dossiers d where d.holding_agency_id = ${agency} and d.finished_at is null and d.code is not null
          and ${idle ? sql`(d.due_at is null or d.clock_paused_at is not null)` : sql`d.due_at is not null and d.clock_paused_at is null`}`
      : sql`from dossier_holders h join dossiers d on d.id = h.dossier_id
          where h.agency_id = ${agency} and h.finished_at is null and not h.current and ${sql.raw(idle ? 'h.idle' : 'not h.idle')}
            and d.code is not null`;
    return sql`(select ${columns} ${scope} and ${and([...extra, ...after])}
        order by ${k}.due_at, ${k}.submitted_at, ${key} limit ${n})`;
  };
  const branches: SQL[] = [];
  // A cursor among the idle ones is past every clock-running one.
  if (!c || c[0] === 0) branches.push(walk(false, true), walk(false, false));
  if (!clockOnly) branches.push(walk(true, true), walk(true, false));
  const from = c ? ([c[0] ?? 0, ms(ts(c[1])), ms(ts(c[2])), String(c[3])] as const) : null;
  return {
    // One statement, one round trip: each walk keeps its own order and limit; merged here.
    query: sql.join(branches, sql` union all `),
    order: sql.raw('"id"'),
    finish: (all) => {
      const sorted = all
        .map((r) => ({ r, key: runningKey(r) }))
        .filter((x) => !from || compareKeys(x.key, from) > 0)
        .sort((a, b) => compareKeys(a.key, b.key));
      const page = sorted.slice(0, input.limit).map((x) => x.r);
      const last = page.at(-1);
      return {
        rows: page,
        nextCursor:
          sorted.length > input.limit && last
            ? encode([
                last.idle ? 1 : 0,
                last.dueAt?.toISOString() ?? null,
                last.submittedAt?.toISOString() ?? '',
                last.id,
              ])
            : null,
      };
    },
  };
}

/** Finished dossiers the agency holds or held, newest first. */
export async function finishedPage(db: Executor, input: StaffListInput): Promise<StaffPage> {
  const q = finishedQuery(input);
  return q.finish((await rows<Record<string, unknown>>(db, q.query)).map(normalise));
}

function finishedQuery(input: StaffListInput): PageQuery {
  const c = decode(input.cursor, ['s', 's']);
  const after = c ? [sql`(h.finished_at, h.dossier_id) < (${ts(c[0])}, ${c[1]}::uuid)`] : [];
  return {
    query: sql`select ${columns} from dossier_holders h join dossiers d on d.id = h.dossier_id
        where h.agency_id = ${input.agencyId} and h.finished_at is not null and d.code is not null
          and ${and([...filtersOf({ ...input, overdue: false, dueSoon: false, dueToday: false, dueAfterToday: false }), ...after])}
        order by h.finished_at desc nulls last, h.dossier_id desc nulls last limit ${input.limit + 1}`,
    order: sql.raw('"finishedAt" desc nulls last, "id" desc'),
    finish: (found) => {
      const page = found.slice(0, input.limit);
      const last = page.at(-1);
      return {
        rows: page,
        nextCursor: found.length > input.limit && last ? encode([last.finishedAt?.toISOString() ?? '', last.id]) : null,
      };
    },
  };
}

const WHOLE_CODE = /^[0-9A-Za-z.]+-\d{6}-\d{4,5}$/;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The keys of `dossier_holders_search` (migration 0037, `dossier_search_keys`) that every holder
 * row of the agency matching `folded` has, as a PostgreSQL array literal, or null when the
 * query has none (then the province-wide trigram indexes answer). The index holds pg_trgm's
 * trigrams of `search` (the code in lower case and the folded applicant), each word padded with
 * two spaces before it and one after, prefixed with the agency. A run of a–z and 0–9 in the
 * query lies inside one word of any match, so its own trigrams are that word's; a space is
 * added where the query itself shows the word's edge (an ASCII character that is not a letter
 * or digit next to the run, a separator for pg_trgm in every locale). Nothing is assumed next
 * to any other character (a letter pg_trgm may count as part of the word).
 */
export function searchKeys(agencyId: string, folded: string): string | null {
  const prefix = agencyId.slice(0, 8).toLowerCase();
  const keys = new Set<string>();
  const edge = (ch: string | undefined) => ch !== undefined && ch.charCodeAt(0) < 0x80 && !/^[a-z0-9]$/.test(ch);
  for (const m of folded.matchAll(/[a-z0-9]+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    const word = `${edge(folded[start - 1]) ? ' ' : ''}${m[0]}${edge(folded[end]) ? ' ' : ''}`;
    for (let i = 0; i + 3 <= word.length; i++) keys.add(`${prefix}${word.slice(i, i + 3)}`);
  }
  // Only a–z, 0–9, space and the agency's hex digits: quoted, nothing to escape.
  return keys.size === 0 ? null : `{${[...keys].map((k) => `"${k}"`).join(',')}}`;
}

/** Staff search by part of the code, or of the applicant's name or id number (folded), newest first. */
export async function searchPage(db: Executor, input: StaffListInput & { q: string }): Promise<StaffPage> {
  const q = searchQuery(input);
  return q.finish((await rows<Record<string, unknown>>(db, q.query)).map(normalise));
}

function searchQuery(input: StaffListInput & { q: string }): PageQuery {
  const c = decode(input.cursor, ['s', 's']);
  const after = c ? [sql`(d.submitted_at, d.id) < (${ts(c[0])}, ${c[1]}::uuid)`] : [];
  const afterHolder = c ? [sql`(h.submitted_at, h.dossier_id) < (${ts(c[0])}, ${c[1]}::uuid)`] : [];
  const code = `%${likeEscape(input.q)}%`;
  const foldedQuery = foldVietnamese(input.q);
  const folded = `%${likeEscape(foldedQuery)}%`;
  const keys = searchKeys(input.agencyId, foldedQuery);
  const match = sql`(d.code ilike ${code} or d.applicant_search like ${folded})`;
  let query: SQL;
  if (WHOLE_CODE.test(input.q)) {
    // A whole code (AgencyCode-YYMMDD-NNNN) is looked up in the unique index: one row, not a
    // trigram bitmap over every code of that agency (its trigrams are common to all of them),
    // and one primary-key probe of the holders.
    query = sql`select ${columns} from dossiers d
        where d.code = ${input.q.toUpperCase()} and d.code is not null
          and (select true from dossier_holders h where h.dossier_id = d.id and h.agency_id = ${input.agencyId})
          and ${and([...filtersOf(input), ...after])}
        order by d.submitted_at desc, d.id desc limit ${input.limit + 1}`;
  } else if (keys) {
    // The agency's own posting lists (dossier_holders_search): candidates among the rows it holds
    // or held, narrowed on the holder row's copy (the code's match is the lower-case code's, and
    // a code is ASCII: its folded query is its lower-case one), then the dossier's own columns
    // decide, as on the other paths. Grows with the agency's history, not the province's. The
    // candidates are sorted on the holder row's copy of submitted_at (kept exact by the triggers)
    // and joined to their dossiers one by one in that order, up to a page: a query matching a
    // thousand of the agency's dossiers ("0912") reads a page of them, not all.
    query = sql`select x.* from (select h.dossier_id, h.submitted_at from dossier_holders h
          where h.agency_id = ${input.agencyId} and dossier_search_keys(h.agency_id, h.search) @> ${keys}::text[]
            and h.search like ${folded} and ${and(afterHolder)}
          order by h.submitted_at desc, h.dossier_id desc) c
        cross join lateral (select ${columns} from dossiers d
          where d.id = c.dossier_id and ${match} and d.code is not null and ${and(filtersOf(input))}) x
        order by c.submitted_at desc, c.dossier_id desc limit ${input.limit + 1}`;
  } else {
    // No trigram the matches must share (a query of one or two letters): the province-wide
    // trigram indexes, and one primary-key probe of the holders per match, as a correlated scalar
    // subquery, which no planner turns into a join. `holding_agency_id = … or exists (…)` made
    // PostgreSQL hash every holder row of the agency (its whole history) on each search, and
    // PGlite does the same with a bare `exists` (a hash semi-join).
    query = sql`select ${columns} from dossiers d
        where ${match} and d.code is not null
          and (select true from dossier_holders h where h.dossier_id = d.id and h.agency_id = ${input.agencyId})
          and ${and([...filtersOf(input), ...after])}
        order by d.submitted_at desc, d.id desc limit ${input.limit + 1}`;
  }
  return {
    query,
    order: sql.raw('"submittedAt" desc, "id" desc'),
    finish: (found) => {
      const page = found.slice(0, input.limit);
      const last = page.at(-1);
      return {
        rows: page,
        nextCursor:
          found.length > input.limit && last ? encode([last.submittedAt?.toISOString() ?? '', last.id]) : null,
      };
    },
  };
}

/** The inbox counts over the agency's running dossiers (its own and those it held, now elsewhere). */
export async function inboxCounts(
  db: Executor,
  input: Pick<StaffListInput, 'agencyId' | 'now' | 'todayEnd' | 'soonEnd'>,
): Promise<InboxCounts> {
  const [row] = await rows<Record<string, number>>(db, countsQuery(input));
  return countsOf(row);
}

const countsOf = (row: Record<string, unknown> | undefined): InboxCounts => ({
  total: Number(row?.total ?? 0),
  overdue: Number(row?.overdue ?? 0),
  dueToday: Number(row?.dueToday ?? 0),
  dueSoon: Number(row?.dueSoon ?? 0),
});

/** One row: total, overdue, "dueToday", "dueSoon". */
function countsQuery(input: Pick<StaffListInput, 'agencyId' | 'now' | 'todayEnd' | 'soonEnd'>): SQL {
  const { agencyId: agency, now, todayEnd, soonEnd } = input;
  return sql`with own as (
        select count(*)::int as clock,
          (count(*) filter (where due_at < ${now}))::int as overdue,
          (count(*) filter (where due_at >= ${now} and due_at <= ${todayEnd}))::int as today,
          (count(*) filter (where due_at >= ${now} and due_at <= ${soonEnd}))::int as soon
        from dossiers
        where holding_agency_id = ${agency} and finished_at is null and code is not null
          and due_at is not null and clock_paused_at is null),
      idle as (
        select count(*)::int as n from dossiers
        where holding_agency_id = ${agency} and finished_at is null and code is not null
          and (due_at is null or clock_paused_at is not null)),
      elsewhere as (
        select count(*)::int as n,
          (count(*) filter (where due_at < ${now}))::int as overdue,
          (count(*) filter (where due_at >= ${now} and due_at <= ${todayEnd}))::int as today,
          (count(*) filter (where due_at >= ${now} and due_at <= ${soonEnd}))::int as soon
        from dossier_holders
        where agency_id = ${agency} and finished_at is null and not current and not idle),
      elsewhere_idle as (
        select count(*)::int as n from dossier_holders
        where agency_id = ${agency} and finished_at is null and not current and idle)
      select own.clock + idle.n + elsewhere.n + elsewhere_idle.n as total, own.overdue + elsewhere.overdue as overdue,
        own.today + elsewhere.today as "dueToday", own.soon + elsewhere.soon as "dueSoon"
      from own, idle, elsewhere, elsewhere_idle`;
}

export type StaffListKind = { kind: 'running' } | { kind: 'finished' } | { kind: 'search'; q: string };

/**
 * A page and the counts in one statement (one round trip per list, issue 21): the counts' row
 * joined to each row of the page, or alone (null columns) when the page is empty. Each part
 * is planned as when run alone (the page's statement has its own LIMIT; the counts aggregate).
 */
export async function staffList(
  db: Executor,
  input: StaffListInput,
  list: StaffListKind,
): Promise<{ page: StaffPage; counts: InboxCounts }> {
  const q =
    list.kind === 'search'
      ? searchQuery({ ...input, q: list.q })
      : list.kind === 'finished'
        ? finishedQuery(input)
        : runningQuery(input);
  const found = await rows<Record<string, unknown>>(
    db,
    sql`with counts as (${countsQuery(input)}), page as (${q.query})
      select page.*, counts.total as "countTotal", counts.overdue as "countOverdue",
        counts."dueToday" as "countDueToday", counts."dueSoon" as "countDueSoon"
      from counts left join page on true order by ${q.order}`,
  );
  const first = found[0];
  return {
    page: q.finish(found.filter((r) => r.id !== null && r.id !== undefined).map(normalise)),
    counts: countsOf({
      total: first?.countTotal,
      overdue: first?.countOverdue,
      dueToday: first?.countDueToday,
      dueSoon: first?.countDueSoon,
    }),
  };
}
