/**
 * Who may change the directory: pure functions of the caller and of where agencies sit in
 * the tree. The service loads the facts, these decide.
 *
 * - A staff member with role `admin` in the root UBND tỉnh (kind `people_committee`, no parent)
 *   or in the province-level Sở Khoa học và Công nghệ directly under it (kind
 *   `science_technology`, which runs the province's digital-government systems) administers
 *   the whole province.
 * - An `admin` elsewhere administers their own agency and its sub-agencies only, and may not
 *   change what makes their own agency what it is (code, kind, level, parent, active): that
 *   would let them promote themselves to province administrator.
 * - Nobody else changes the directory; in particular staff of one agency cannot change the
 *   staff of another agency.
 * - Nobody changes their own roles. Granting a privileged role (`leader`, `admin`) needs the
 *   level above the agency where it is held: an agency admin grants them only in the agencies
 *   below their own; in their own agency, the province admin does; in the agencies that
 *   administer the province (root UBND, Sở KH&CN), only the system (the CLI,
 *   `mocua users create-admin`). So no admin can make a peer, nor themselves, more powerful.
 * - Background jobs, the seed and the CLI (`system`) may do anything.
 */
import type { Caller, StaffRole } from '../../platform/auth/caller.ts';
import type { AgencyKind, AgencyLevel } from './schema.ts';

export interface AgencyNode {
  id: string;
  kind: AgencyKind;
  level: AgencyLevel;
}

/** An agency and its place in the tree. */
export interface AgencyFacts extends AgencyNode {
  provinceCode: string;
  active: boolean;
  /** From the root down to this agency, this agency last. */
  path: readonly AgencyNode[];
}

export type DirectoryScope =
  | { kind: 'system' }
  | { kind: 'province'; provinceCode: string }
  | { kind: 'agency'; provinceCode: string; agencyId: string }
  | { kind: 'none' };

/** True when this agency's admins administer the whole province. */
export function isProvinceAdminAgency(agency: AgencyFacts): boolean {
  const root = agency.path[0];
  if (root?.kind !== 'people_committee') return false;
  if (agency.path.length === 1) return true;
  return agency.path.length === 2 && agency.kind === 'science_technology' && agency.level === 'province';
}

/** What the caller may administer. `callerAgency` is the facts of a staff caller's agency. */
export function directoryScope(caller: Caller, callerAgency: AgencyFacts | null): DirectoryScope {
  if (caller.kind === 'system') return { kind: 'system' };
  if (caller.kind !== 'staff' || !caller.roles.includes('admin')) return { kind: 'none' };
  if (!callerAgency || callerAgency.id !== caller.agencyId || !callerAgency.active) return { kind: 'none' };
  if (callerAgency.provinceCode !== caller.provinceCode) return { kind: 'none' };
  if (isProvinceAdminAgency(callerAgency)) return { kind: 'province', provinceCode: callerAgency.provinceCode };
  return { kind: 'agency', provinceCode: callerAgency.provinceCode, agencyId: callerAgency.id };
}

/** True when the scope includes this agency (itself or one of its ancestors is the scope's agency). */
export function coversAgency(scope: DirectoryScope, target: AgencyFacts): boolean {
  switch (scope.kind) {
    case 'system':
      return true;
    case 'province':
      return target.provinceCode === scope.provinceCode;
    case 'agency':
      return target.provinceCode === scope.provinceCode && target.path.some((n) => n.id === scope.agencyId);
    case 'none':
      return false;
  }
}

/** A new agency under `parent`, or a new root of `provinceCode` when parent is null. */
export function canCreateAgency(scope: DirectoryScope, provinceCode: string, parent: AgencyFacts | null): boolean {
  if (parent === null) {
    return scope.kind === 'system' || (scope.kind === 'province' && scope.provinceCode === provinceCode);
  }
  return parent.provinceCode === provinceCode && coversAgency(scope, parent);
}

export interface AgencyChange {
  /** Code, kind, level, parent or active changes. */
  structural: boolean;
  /** Set when the agency moves: the new parent, or null for "becomes a root". */
  newParent?: AgencyFacts | null;
}

export function canUpdateAgency(scope: DirectoryScope, target: AgencyFacts, change: AgencyChange): boolean {
  if (!coversAgency(scope, target)) return false;
  if (change.structural && scope.kind === 'agency' && scope.agencyId === target.id) return false;
  if (change.newParent === undefined) return true;
  return canCreateAgency(scope, target.provinceCode, change.newParent);
}

/** Changing a staff member of `agency`, and when moving them, placing them in `newAgency`. */
export function canChangeStaff(scope: DirectoryScope, agency: AgencyFacts, newAgency?: AgencyFacts): boolean {
  if (!coversAgency(scope, agency)) return false;
  return newAgency === undefined || (newAgency.provinceCode === agency.provinceCode && coversAgency(scope, newAgency));
}

/** Roles that decide (approve, sign) or administer: granted only from the level above. */
export const PRIVILEGED_ROLES: readonly StaffRole[] = ['leader', 'admin'];

/** Granting a privileged role to a staff member of `agency` (see the top). */
export function canGrantPrivilegedRole(scope: DirectoryScope, agency: AgencyFacts): boolean {
  switch (scope.kind) {
    case 'system':
      return true;
    case 'province':
      return agency.provinceCode === scope.provinceCode && !isProvinceAdminAgency(agency);
    case 'agency':
      return coversAgency(scope, agency) && agency.id !== scope.agencyId;
    case 'none':
      return false;
  }
}

/** Counters belong to a service centre; whoever administers the centre manages its counters. */
export function canChangeCounter(scope: DirectoryScope, centre: AgencyFacts): boolean {
  return coversAgency(scope, centre);
}

/** The staff list (names, contacts, roles) is for the province's own staff and the system. */
export function canReadStaff(caller: Caller, provinceCode: string): boolean {
  if (caller.kind === 'system') return true;
  return caller.kind === 'staff' && caller.provinceCode === provinceCode;
}
