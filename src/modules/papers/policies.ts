/**
 * Who may do what to a citizen's papers (Decree 45/2020, DOMAIN.md §2.1; the rules marked [M]
 * there are ours to confirm, see docs/papers.md):
 * - the owner (the citizen's account) sees, reuses and removes their papers, never a legal result;
 * - the receiver (cán bộ tiếp nhận) of the one-stop that received a dossier digitises its
 *   papers and attests the copies, and reads the applicant's papers for that dossier (audited);
 * - nobody else reads them.
 */
import type { Caller } from '../../platform/auth/caller.ts';
import type { PaperOrigin } from './schema.ts';

export const isOwner = (caller: Caller, paper: { ownerAccountId: string | null }): boolean =>
  caller.kind === 'citizen' && paper.ownerAccountId !== null && paper.ownerAccountId === caller.id;

/** A legal result (kết quả giải quyết TTHC điện tử) has the value of the paper one: it stays. */
export const mayRemove = (paper: { origin: PaperOrigin }): boolean => paper.origin !== 'result';

/** The receiving one-stop's receiver attests digitised copies and reads the applicant's papers. */
export const isReceiverOf = (caller: Caller, dossier: { receivingAgencyId: string }): boolean =>
  caller.kind === 'staff' && caller.roles.includes('receiver') && caller.agencyId === dossier.receivingAgencyId;
