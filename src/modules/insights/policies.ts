/**
 * Who may read the dashboard (pure; the service loads the facts):
 * - staff of the deployment's province with the role leader, admin or inspector — the people
 *   who steer (lãnh đạo), run the systems and the operations centre (admin), and inspect;
 * - the aggregate figures and the 766 index are the whole province's for all of them (the
 *   national portal publishes the index of every agency);
 * - the lists of dossiers behind a figure and the overdue list (dossier codes, the officer
 *   holding each) are the whole province's for staff of a province-level agency, and their own
 *   commune's (its People's Committee and the agencies under it) for staff of a commune;
 * - everyone else is refused: citizens, anonymous visitors, other roles, other provinces.
 */
import type { Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { type AgencyFact, communeOf } from './dimensions.ts';

const DASHBOARD_ROLES = ['leader', 'admin', 'inspector'] as const;

export type ListScope = { kind: 'province' } | { kind: 'commune'; communeId: string };

export type DashboardCaller = Extract<Caller, { kind: 'staff' }>;

/** Throws unless the caller may read the dashboard; returns the scope of the dossier lists. */
export function dashboardAccess(
  caller: Caller,
  provinceCode: string,
  agencies: ReadonlyMap<string, AgencyFact>,
): { caller: DashboardCaller; lists: ListScope } {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (caller.kind !== 'staff' || caller.provinceCode !== provinceCode) throw new DomainError('FORBIDDEN');
  if (!caller.roles.some((r) => (DASHBOARD_ROLES as readonly string[]).includes(r))) throw new DomainError('FORBIDDEN');
  const own = agencies.get(caller.agencyId);
  if (!own?.active) throw new DomainError('FORBIDDEN');
  if (own.level === 'province') return { caller, lists: { kind: 'province' } };
  const commune = communeOf(own.id, agencies);
  if (!commune) throw new DomainError('FORBIDDEN');
  return { caller, lists: { kind: 'commune', communeId: commune.id } };
}
