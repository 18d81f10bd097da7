/**
 * Permission checks for services (pure). A service calls these first; the HTTP layer never
 * decides who may do what.
 */
import { DomainError } from '../errors.ts';
import type { Caller, StaffRole } from './caller.ts';

export type SignedInCaller = Exclude<Caller, { kind: 'anonymous' } | { kind: 'system' }>;
export type StaffCaller = Extract<Caller, { kind: 'staff' }>;

/** A citizen or a staff member; throws UNAUTHENTICATED (401) for anyone else. */
export function requireSignedIn(caller: Caller): SignedInCaller {
  if (caller.kind === 'citizen' || caller.kind === 'staff') return caller;
  throw new DomainError('UNAUTHENTICATED');
}

/**
 * A staff member holding at least one of `roles` (any role when none are named).
 * Anonymous callers get UNAUTHENTICATED (401), citizens and other staff FORBIDDEN (403).
 */
export function requireStaff(caller: Caller, ...roles: StaffRole[]): StaffCaller {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (caller.kind !== 'staff') throw new DomainError('FORBIDDEN');
  if (roles.length > 0 && !roles.some((role) => caller.roles.includes(role))) {
    throw new DomainError('FORBIDDEN', { requiredRoles: roles });
  }
  return caller;
}

/** A citizen; staff and anonymous callers are refused as above. */
export function requireCitizen(caller: Caller): Extract<Caller, { kind: 'citizen' }> {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (caller.kind !== 'citizen') throw new DomainError('FORBIDDEN');
  return caller;
}
