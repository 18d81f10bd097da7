/**
 * Who may do what in the exchange module (pure):
 * - look a citizen up in the population register: receivers at the counter, with the citizen's
 *   consent (lookup-population.ts), and only if the connector's allow-list names them;
 * - look an enterprise or a land parcel up: receivers and specialists (they check what an
 *   applicant declares), each call with its purpose; the connector's allow-list decides too;
 * - read and export the message log: the province's administrators (they run the connectors)
 *   and inspectors (they check who read what); the log holds who asked, for which dossier and
 *   why, never the data exchanged.
 */
import type { Caller } from '../../platform/auth/caller.ts';
import { requireStaff, type StaffCaller } from '../../platform/auth/permissions.ts';
import { DomainError } from '../../platform/errors.ts';

export function requireLogReader(caller: Caller, provinceCode: string): StaffCaller {
  const staff = requireStaff(caller, 'admin', 'inspector');
  if (staff.provinceCode !== provinceCode) throw new DomainError('FORBIDDEN');
  return staff;
}

export function requireRegisterReader(caller: Caller, provinceCode: string): StaffCaller {
  const staff = requireStaff(caller, 'receiver', 'specialist');
  if (staff.provinceCode !== provinceCode) throw new DomainError('FORBIDDEN');
  return staff;
}
