/** Who may do what with payments. Paying is the applicant's (start-payment.ts); reading follows the dossier's read rule. */
import type { Caller } from '../../platform/auth/caller.ts';

/** Refunds: a receiver or a leader of the agency competent for the dossier. */
export function mayHandleRefunds(caller: Caller, competentAgencyId: string): boolean {
  if (caller.kind === 'system') return true;
  return (
    caller.kind === 'staff' &&
    caller.agencyId === competentAgencyId &&
    caller.roles.some((role) => role === 'receiver' || role === 'leader')
  );
}
