/**
 * Lists of dossiers. Staff see those their agency holds or held, most urgent first (overdue,
 * due today, due soon, the rest), with the count of each bucket; citizens see their own,
 * drafts included.
 */
import { and, asc, eq, exists, gte, isNotNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { getWorkingCalendar } from '../../platform/calendar/store.ts';
import { foldVietnamese } from '../../platform/codes/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { agencies } from '../directory/schema.ts';
import { dueSoonLimit, endOfVietnamDay } from './deadlines.ts';
import type { Applicant } from './filing-rules.ts';
import { iso } from './queries.ts';
import { dossierHolders, dossiers } from './schema.ts';
import { type DossierState, stateLabelForCitizen, stateLabelVi } from './states.ts';
import type { DossierList, DossierListItem } from './view-types.ts';

export interface ListFilters {
  state?: DossierState;
  dueSoon?: boolean;
  overdue?: boolean;
  procedureId?: string;
  /** Staff: another agency's dossiers (admins and inspectors only). */
  agencyId?: string;
  /** Submitted from / until. */
  from?: Date;
  to?: Date;
  /** Part of the code, or of the applicant's name or id number (folded). */
  q?: string;
  limit?: number;
  offset?: number;
  now?: Date;
}

const urgencies = ['overdue', 'due_today', 'due_soon', 'normal', 'normal', 'finished'] as const;
const greatest = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

async function scopeOf(db: Executor, caller: Caller, agencyId: string | undefined): Promise<SQL> {
  if (caller.kind === 'citizen') return eq(dossiers.applicantAccountId, caller.id);
  if (caller.kind !== 'staff') throw new DomainError(caller.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  const agency = agencyId ?? caller.agencyId;
  if (agency !== caller.agencyId && !caller.roles.some((r) => r === 'admin' || r === 'inspector')) {
    throw new DomainError('FORBIDDEN');
  }
  const heldBy = exists(
    db
      .select({ one: sql`1` })
      .from(dossierHolders)
      .where(and(eq(dossierHolders.dossierId, dossiers.id), eq(dossierHolders.agencyId, agency))),
  );
  // A citizen's unsent draft is not the agency's yet.
  return and(isNotNull(dossiers.code), or(eq(dossiers.holdingAgencyId, agency), heldBy)) as SQL;
}

/** The calendar the buckets are counted on: the officer's agency's, or the province default. */
async function calendarOf(db: Executor, caller: Caller) {
  if (caller.kind !== 'staff') return getWorkingCalendar(db, { provinceCode: '', hours: null });
  const [agency] = await db
    .select({ hours: agencies.officeHours })
    .from(agencies)
    .where(eq(agencies.id, caller.agencyId));
  return getWorkingCalendar(db, { provinceCode: caller.provinceCode, hours: agency?.hours ?? null });
}

export async function listDossiers(db: Executor, caller: Caller, filters: ListFilters = {}): Promise<DossierList> {
  const now = filters.now ?? new Date();
  const where: SQL[] = [await scopeOf(db, caller, filters.agencyId)];
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
  const q = filters.q?.normalize('NFC').trim();
  if (q) {
    const folded = `%${likeEscape(foldVietnamese(q))}%`;
    where.push(
      or(sql`${dossiers.code} ilike ${`%${likeEscape(q)}%`}`, sql`${dossiers.applicantSearch} like ${folded}`) as SQL,
    );
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
      stateLabel: caller.kind === 'staff' ? stateLabelVi(state) : stateLabelForCitizen(state),
      procedureName: r.procedureName,
      applicantName: (r.applicant as Applicant).fullName,
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
  };
}
