/** Who may do what with the national-portal connector. */
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { directoryScope, loadAgencyFacts } from '../directory/index.ts';

/**
 * Reconciliation and resend are the province's integration work (ARCHITECTURE.md: province IT
 * configures integrations): the province administrators, or the system (job, CLI).
 */
export async function assertMayReconcile(db: Executor, caller: Caller, provinceCode: string): Promise<void> {
  if (caller.kind === 'system') return;
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  const facts = caller.kind === 'staff' ? await loadAgencyFacts(db, caller.agencyId) : null;
  const scope = directoryScope(caller, facts);
  if (scope.kind === 'province' && scope.provinceCode === provinceCode) return;
  throw new DomainError('FORBIDDEN');
}
