/**
 * Who may read an item, and how much of it (pure).
 *
 * - Personal data of the sender (phone, e-mail, address) is shown to its owner and to the
 *   staff of the agency handling the item (ARCHITECTURE.md data rules); each staff read is
 *   audited by the service.
 * - A report about an official's conduct is visible only to the leaders of the agency
 *   handling it and to inspectors (§8.1, indicator 5.1); to other staff it does not exist.
 * - Other staff of the province (the hotline, administrators, other agencies) see the
 *   matter and its progress, with the sender reduced to initials.
 */
import type { Caller } from '../../platform/auth/caller.ts';
import type { FeedbackClassification } from './schema.ts';
import type { FeedbackActor } from './states.ts';

export interface AccessFacts {
  provinceCode: string;
  agencyId: string;
  classification: FeedbackClassification;
  senderAccountId: string | null;
}

export type Access = 'personal' | 'basic' | 'none';

function staffAccess(caller: Extract<Caller, { kind: 'staff' }>, item: AccessFacts): Access {
  if (caller.provinceCode !== item.provinceCode) return 'none';
  const ownAgency = caller.agencyId === item.agencyId;
  if (item.classification === 'conduct') {
    if (caller.roles.includes('inspector')) return 'personal';
    return ownAgency && caller.roles.includes('leader') ? 'personal' : 'none';
  }
  return ownAgency ? 'personal' : 'basic';
}

/** How much `caller` may read; `keyMatches` when the request carried the item's tracking key. */
export function accessOf(caller: Caller, item: AccessFacts, keyMatches = false): Access {
  switch (caller.kind) {
    case 'system':
      return 'personal';
    case 'staff':
      return staffAccess(caller, item);
    case 'citizen':
      if (item.senderAccountId === caller.id) return 'personal';
      return keyMatches ? 'basic' : 'none';
    case 'anonymous':
      return keyMatches ? 'basic' : 'none';
  }
}

/**
 * The state machine's actor for a caller, or null when the caller has nothing to do with the
 * item (the service answers "not found" so that conduct reports cannot be probed).
 */
export function actorOf(caller: Caller, item: AccessFacts, keyMatches = false): FeedbackActor | null {
  if (caller.kind === 'system') return { kind: 'system' };
  if (caller.kind === 'staff') {
    if (staffAccess(caller, item) === 'none') return null;
    return { kind: 'staff', agencyId: caller.agencyId, roles: caller.roles };
  }
  if (caller.kind === 'citizen' && item.senderAccountId === caller.id) return { kind: 'sender' };
  return keyMatches ? { kind: 'sender' } : null;
}
