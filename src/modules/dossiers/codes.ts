/**
 * Dossier codes `AgencyCode-YYMMDD-NNNN` (DOMAIN.md §1.4): the sequence is per receiving
 * agency and day. The counter row is incremented inside the reception transaction, so its
 * row lock serialises receptions of one agency and day and a rolled-back reception gives its
 * number back: no gaps, no duplicates, whatever the concurrency. A filing takes its number in
 * its last statement (pending-code.ts); `assignDossierCode` (a draft submitted later) still
 * takes it mid-transaction.
 */
import { eq, sql } from 'drizzle-orm';
import { localDateOf } from '../../platform/calendar/index.ts';
import { formatDossierCode } from '../../platform/codes/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { agencyById } from '../directory/index.ts';
import { dossierHolders, dossiers } from './schema.ts';

registerErrors({
  DOSSIER_CODE_UNAVAILABLE: { status: 409, vi: 'Không cấp được mã số hồ sơ cho cơ quan tiếp nhận.' },
});

export async function nextDossierCode(tx: Executor, agencyCode: string, receivedAt: Date): Promise<string> {
  const day = localDateOf(receivedAt);
  const [row] = await rows<{ last_seq: number }>(
    tx,
    sql`insert into dossier_code_counters (agency_code, day, last_seq) values (${agencyCode}, ${day}, 1)
        on conflict (agency_code, day) do update set last_seq = dossier_code_counters.last_seq + 1
        returning last_seq`,
  );
  if (!row) throw new DomainError('DOSSIER_CODE_UNAVAILABLE', { agencyCode });
  const code = formatDossierCode(agencyCode, receivedAt, row.last_seq);
  if (!code.ok) throw new DomainError('DOSSIER_CODE_UNAVAILABLE', { agencyCode, reason: code.error.message });
  return code.value;
}

/**
 * Gives a draft its code on submission (§1.4: the code belongs to the submission, with the
 * receiving agency's identifier and the submission date), and opens it to that agency.
 */
export async function assignDossierCode(
  tx: Executor,
  dossier: { id: string; receivingAgencyId: string },
  submittedAt: Date,
): Promise<string> {
  const agency = await agencyById(tx, dossier.receivingAgencyId);
  if (!agency) throw new DomainError('DOSSIER_CODE_UNAVAILABLE', { agencyId: dossier.receivingAgencyId });
  const code = await nextDossierCode(tx, agency.code, submittedAt);
  await tx.update(dossiers).set({ code, submittedAt }).where(eq(dossiers.id, dossier.id));
  await tx
    .insert(dossierHolders)
    .values({ dossierId: dossier.id, agencyId: dossier.receivingAgencyId, since: submittedAt })
    .onConflictDoNothing();
  return code;
}
