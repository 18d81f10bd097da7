/**
 * Lists of dossiers. Staff see those their agency holds or held: the running ones most urgent
 * first (overdue, due today, due soon, the rest), the finished ones on their own tab, or a
 * search; always with the counts of the running ones (inbox-staff.ts: every query from an
 * index, keyset-paged). Citizens see their own, drafts included.
 */
import { and, asc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { getWorkingCalendar } from '../../platform/calendar/store.ts';
import { foldVietnamese } from '../../platform/codes/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { agencyHeading } from '../directory/index.ts';
import { dueSoonLimit, endOfVietnamDay } from './deadlines.ts';
import { type StaffRow, staffList } from './inbox-staff.ts';
import { iso } from './queries.ts';
import { dossiers } from './schema.ts';
import { type DossierState, stateLabelForCitizen, stateLabelVi } from './states.ts';
import { applicantOf } from './stored-json.ts';
import type { DossierList, DossierListItem } from './view-types.ts';

export interface ListFilters {
  state?: DossierState;
  /** Due from now up to the due-soon limit, today included (the API's filter). */
  dueSoon?: boolean;
  overdue?: boolean;
  /**
   * The inbox's cards (issue 13.12): exactly the running dossiers whose `urgency` is this one,
   * so each card's list holds what its count counts — due_today ends with the Vietnam day,
   * due_soon starts after it.
   */
  urgency?: 'overdue' | 'due_today' | 'due_soon';
  procedureId?: string;
  /** Staff: another agency's dossiers (admins and inspectors only). */
  agencyId?: string;
  /** Submitted from / until. */
  from?: Date;
  to?: Date;
  /** Part of the code, or of the applicant's name or id number (folded). */
  q?: string;
  /** Staff: the finished dossiers (delivered, refused, withdrawn, stopped, result ready) instead. */
  finished?: boolean;
  /** Staff: the `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
  /** Citizens' own list only (a handful of rows); staff lists page by cursor. */
  offset?: number;
  now?: Date;
}

/** States a dossier can be in once its finished_at is set: they list on the finished tab. */
const finishedStates: readonly DossierState[] = ['intake_refused', 'withdrawn', 'stopped', 'result_ready', 'delivered'];

const urgencies = ['overdue', 'due_today', 'due_soon', 'normal', 'normal', 'finished'] as const;
const greatest = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The agency whose dossiers a staff member lists: their own, or any for admins and inspectors. */
function agencyOf(caller: Caller, agencyId: string | undefined): string {
  if (caller.kind !== 'staff') throw new DomainError(caller.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  const agency = agencyId ?? caller.agencyId;
  if (agency !== caller.agencyId && !caller.roles.some((r) => r === 'admin' || r === 'inspector')) {
    throw new DomainError('FORBIDDEN');
  }
  return agency;
}

/** The calendar the buckets are counted on: the officer's agency's, or the province default. */
async function calendarOf(db: Executor, caller: Caller) {
  if (caller.kind !== 'staff') return getWorkingCalendar(db, { provinceCode: '', hours: null });
  // Read at most once a minute (directory's agency-cache.ts), like the calendars themselves.
  const agency = await agencyHeading(db, caller.agencyId);
  return getWorkingCalendar(db, { provinceCode: caller.provinceCode, hours: agency?.officeHours ?? null });
}

export async function listDossiers(db: Executor, caller: Caller, filters: ListFilters = {}): Promise<DossierList> {
  if (caller.kind === 'citizen') return citizenList(db, caller, filters);
  const agencyId = agencyOf(caller, filters.agencyId);
  const now = filters.now ?? new Date();
  const todayEnd = endOfVietnamDay(now);
  const soonEnd = greatest(dueSoonLimit(await calendarOf(db, caller), now), todayEnd);
  const input = {
    agencyId,
    now,
    todayEnd,
    soonEnd,
    state: filters.state,
    procedureId: filters.procedureId,
    from: filters.from,
    to: filters.to,
    overdue: filters.overdue === true || filters.urgency === 'overdue',
    dueSoon: filters.dueSoon,
    dueToday: filters.urgency === 'due_today',
    dueAfterToday: filters.urgency === 'due_soon',
    cursor: filters.cursor,
    limit: Math.min(filters.limit ?? 50, 200),
  };
  const q = filters.q?.normalize('NFC').trim();
  const finished = filters.finished === true || (filters.state !== undefined && finishedStates.includes(filters.state));
  // The page and the counts of the running dossiers: one statement (inbox-staff.ts).
  const { page, counts } = await staffList(
    db,
    input,
    q ? { kind: 'search', q } : finished ? { kind: 'finished' } : { kind: 'running' },
  );
  const urgency = (r: StaffRow): DossierListItem['urgency'] => {
    if (r.finishedAt) return 'finished';
    if (r.idle || !r.dueAt) return 'normal';
    if (r.dueAt < now) return 'overdue';
    if (r.dueAt <= todayEnd) return 'due_today';
    return r.dueAt <= soonEnd ? 'due_soon' : 'normal';
  };
  return {
    items: page.rows.map((r) => {
      const state = r.state as DossierState;
      return {
        id: r.id,
        code: r.code,
        state,
        stateLabel: stateLabelVi(state),
        procedureName: r.procedureName,
        applicantName: r.applicantName,
        submittedAt: iso(r.submittedAt),
        dueAt: iso(r.dueAt),
        urgency: urgency(r),
      };
    }),
    ...counts,
    nextCursor: page.nextCursor,
  };
}

/** A citizen's own dossiers, drafts included: a handful of rows, by the same urgency order. */
async function citizenList(
  db: Executor,
  caller: Caller & { kind: 'citizen' },
  filters: ListFilters,
): Promise<DossierList> {
  const now = filters.now ?? new Date();
  const where: SQL[] = [eq(dossiers.applicantAccountId, caller.id)];
  const todayEnd = endOfVietnamDay(now);
  const soon = dueSoonLimit(await calendarOf(db, caller), now);
  // 0 overdue, 1 due today, 2 due soon, 3 later, 4 no clock running, 5 finished.
  const bucket = sql<number>`(case
    when ${dossiers.finishedAt} is not null then 5
    when ${dossiers.dueAt} is null or ${dossiers.clockPausedAt} is not null then 4
    when ${dossiers.dueAt} < ${now} then 0
    when ${dossiers.dueAt} <= ${todayEnd} then 1
    when ${dossiers.dueAt} <= ${greatest(soon, todayEnd)} then 2
    else 3 end)`;
  if (filters.state) where.push(eq(dossiers.state, filters.state));
  if (filters.procedureId) where.push(eq(dossiers.procedureId, filters.procedureId));
  if (filters.from) where.push(gte(dossiers.submittedAt, filters.from));
  if (filters.to) where.push(lte(dossiers.submittedAt, filters.to));
  if (filters.overdue) where.push(sql`${bucket} = 0`);
  if (filters.dueSoon) where.push(sql`${bucket} in (1, 2)`);
  if (filters.urgency) where.push(sql`${bucket} = ${['overdue', 'due_today', 'due_soon'].indexOf(filters.urgency)}`);
  const q = filters.q?.normalize('NFC').trim();
  if (q) {
    const folded = `%${likeEscape(foldVietnamese(q))}%`;
    where.push(sql`(${dossiers.code} ilike ${`%${likeEscape(q)}%`} or ${dossiers.applicantSearch} like ${folded})`);
  }
  const condition = and(...where);
  const rows = await db
    .select({
      id: dossiers.id,
      code: dossiers.code,
      state: dossiers.state,
      procedureName: sql<string>`${dossiers.procedureSnapshot}->>'name'`,
      applicant: dossiers.applicant,
      submittedAt: dossiers.submittedAt,
      dueAt: dossiers.dueAt,
      bucket,
    })
    .from(dossiers)
    .where(condition)
    .orderBy(bucket, sql`${dossiers.dueAt} asc nulls last`, asc(dossiers.submittedAt), asc(dossiers.id))
    .limit(Math.min(filters.limit ?? 50, 200))
    .offset(filters.offset ?? 0);
  const [counts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${bucket} = 0))::int`,
      dueToday: sql<number>`(count(*) filter (where ${bucket} = 1))::int`,
      dueSoon: sql<number>`(count(*) filter (where ${bucket} in (1, 2)))::int`,
    })
    .from(dossiers)
    .where(condition);
  const items: DossierListItem[] = rows.map((r) => {
    const state = r.state as DossierState;
    return {
      id: r.id,
      code: r.code ?? '',
      state,
      stateLabel: stateLabelForCitizen(state),
      procedureName: r.procedureName,
      applicantName: applicantOf(r).fullName,
      submittedAt: iso(r.submittedAt),
      dueAt: iso(r.dueAt),
      urgency: urgencies[Number(r.bucket)] ?? 'normal',
    };
  });
  return {
    items,
    total: counts?.total ?? 0,
    overdue: counts?.overdue ?? 0,
    dueToday: counts?.dueToday ?? 0,
    dueSoon: counts?.dueSoon ?? 0,
    nextCursor: null,
  };
}
