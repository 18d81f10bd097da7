/**
 * The wall screen's figures: the period's indicators and the agencies' breakdown, with the
 * year's targets. No dossier list (nothing to audit, nothing personal on a wall).
 */
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { breakdown, indicatorsOf } from './indicators.ts';
import { loadPeriod } from './load-period.ts';
import { parsePeriod } from './periods.ts';
import { dashboardAccess } from './policies.ts';
import { reportLookups } from './reports/export-report.ts';
import { findTargets } from './targets.ts';

export async function wallScreen(
  db: Executor,
  caller: Caller,
  input: { provinceCode: string; period: string; now?: Date },
) {
  const lookups = await reportLookups(db, input.provinceCode);
  dashboardAccess(caller, input.provinceCode, lookups.agencies);
  const now = input.now ?? new Date();
  const period = parsePeriod(input.period);
  const data = await loadPeriod(db, input.provinceCode, period);
  const year = new Date(period.end.getTime() - 1 + 7 * 3_600_000).getUTCFullYear();
  return {
    period,
    indicators: indicatorsOf(data, {}, lookups, now),
    breakdown: breakdown(data, {}, 'agency', lookups, now),
    targets: await findTargets(db, input.provinceCode, year),
  };
}

export type WallData = Awaited<ReturnType<typeof wallScreen>>;
