/**
 * Satisfaction per officer, counter or agency for a quarter: counts and % of each level,
 * % = count ÷ forms × 100 (DOMAIN.md §1.6 "Aggregation"). Dossier ratings and kiosk ratings
 * both count as forms; indices 10 and 11 come from dossier ratings only.
 */
import { and, count, eq, gte, inArray, isNotNull, lt, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Caller } from '../../platform/auth/caller.ts';
import { requireStaff } from '../../platform/auth/permissions.ts';
import type { Executor } from '../../platform/db/index.ts';
import { agencyNames, countersByIds, staffByAccounts } from '../directory/index.ts';
import { adminScope, agencySubtree, isProvinceWide } from './access.ts';
import './errors.ts';
import { emptyCounts, type LevelBreakdown, type LevelCounts, levelBreakdown, parseQuarter } from './rules.ts';
import { dossierRatings, officerRatings, type RatingLevel, ratingLevels } from './schema.ts';

export type SummaryGroup = 'officer' | 'counter' | 'agency';

interface SummaryRow extends LevelBreakdown {
  /** Officer account id, counter id or agency id; null: no officer or counter known. */
  key: string | null;
  name: string | null;
  /** Chỉ số 10 and 11 (dossier ratings that answered them). */
  convenience: LevelBreakdown;
  overall: LevelBreakdown;
}

export interface RatingSummary {
  quarter: string;
  groupBy: SummaryGroup;
  rows: SummaryRow[];
  total: LevelBreakdown;
}

type Scope =
  | { kind: 'province'; provinceCode: string | null }
  | { kind: 'agencies'; ids: string[] }
  | { kind: 'self'; accountId: string };

/**
 * Province admins, inspectors and the system see the province; leaders and admins of an
 * agency see it and the agencies under it; any other staff member sees their own ratings.
 */
async function summaryScope(db: Executor, caller: Caller): Promise<Scope> {
  if (caller.kind === 'system') return { kind: 'province', provinceCode: null };
  const member = requireStaff(caller);
  const scope = await adminScope(db, caller);
  if (isProvinceWide(scope) || member.roles.includes('inspector')) {
    return { kind: 'province', provinceCode: member.provinceCode };
  }
  if (member.roles.includes('leader') || member.roles.includes('admin')) {
    return { kind: 'agencies', ids: await agencySubtree(db, member.agencyId) };
  }
  return { kind: 'self', accountId: member.id };
}

interface Source {
  provinceCode: AnyPgColumn;
  agencyId: AnyPgColumn;
  officerAccountId: AnyPgColumn;
  counterId: AnyPgColumn;
  ratedAt: AnyPgColumn;
}

function conditions(source: Source, scope: Scope, start: Date, end: Date): SQL[] {
  const out: SQL[] = [gte(source.ratedAt, start), lt(source.ratedAt, end)];
  if (scope.kind === 'province' && scope.provinceCode) out.push(eq(source.provinceCode, scope.provinceCode));
  if (scope.kind === 'agencies') out.push(inArray(source.agencyId, scope.ids));
  if (scope.kind === 'self') out.push(eq(source.officerAccountId, scope.accountId));
  return out;
}

const keyColumn = (source: Source, groupBy: SummaryGroup) =>
  groupBy === 'officer' ? source.officerAccountId : groupBy === 'counter' ? source.counterId : source.agencyId;

interface Tally {
  level: LevelCounts;
  convenience: LevelCounts;
  overall: LevelCounts;
}

export async function ratingSummary(
  db: Executor,
  caller: Caller,
  input: { groupBy: SummaryGroup; quarter: string },
): Promise<RatingSummary> {
  const q = parseQuarter(input.quarter);
  const scope = await summaryScope(db, caller);
  if (scope.kind === 'agencies' && scope.ids.length === 0)
    return { quarter: q.key, groupBy: input.groupBy, rows: [], total: levelBreakdown(emptyCounts()) };
  const tallies = new Map<string | null, Tally>();
  const tally = (key: string | null): Tally => {
    let t = tallies.get(key);
    if (!t) {
      t = { level: emptyCounts(), convenience: emptyCounts(), overall: emptyCounts() };
      tallies.set(key, t);
    }
    return t;
  };
  const add = (rows: Array<{ key: unknown; answer: RatingLevel | null; n: number }>, field: keyof Tally) => {
    for (const r of rows) {
      if (r.answer === null) continue;
      tally(typeof r.key === 'string' ? r.key : null)[field][r.answer] += r.n;
    }
  };

  for (const table of [dossierRatings, officerRatings]) {
    const key = keyColumn(table, input.groupBy);
    const where = and(...conditions(table, scope, q.start, q.end));
    const byLevel = await db
      .select({ key, answer: table.level, n: count() })
      .from(table)
      .where(where)
      .groupBy(key, table.level);
    add(byLevel, 'level');
  }
  for (const field of ['convenience', 'overall'] as const) {
    const key = keyColumn(dossierRatings, input.groupBy);
    const column = dossierRatings[field];
    const rows = await db
      .select({ key, answer: column, n: count() })
      .from(dossierRatings)
      .where(and(...conditions(dossierRatings, scope, q.start, q.end), isNotNull(column)))
      .groupBy(key, column);
    add(rows, field);
  }

  const names = await namesOf(
    db,
    input.groupBy,
    [...tallies.keys()].filter((k): k is string => k !== null),
  );
  const total = emptyCounts();
  const rows: SummaryRow[] = [...tallies.entries()].map(([key, t]) => {
    for (const level of ratingLevels) total[level] += t.level[level];
    return {
      key,
      name: key === null ? null : (names.get(key) ?? null),
      ...levelBreakdown(t.level),
      convenience: levelBreakdown(t.convenience),
      overall: levelBreakdown(t.overall),
    };
  });
  rows.sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'vi') || b.forms - a.forms);
  return { quarter: q.key, groupBy: input.groupBy, rows, total: levelBreakdown(total) };
}

async function namesOf(db: Executor, groupBy: SummaryGroup, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  if (groupBy === 'agency') return agencyNames(db, keys);
  const found =
    groupBy === 'officer'
      ? (await staffByAccounts(db, keys)).map((s) => ({ key: s.accountId, name: s.fullName }))
      : (await countersByIds(db, keys)).map((c) => ({ key: c.id, name: c.name }));
  return new Map(found.flatMap((r) => (r.key ? [[r.key, r.name] as const] : [])));
}
