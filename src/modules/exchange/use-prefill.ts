/**
 * The filing takes the looked-up data (only the one who looked it up — the officer at the
 * counter, or the citizen online —, only for a while), and once the dossier is filed the prefill
 * is tied to it: the dossier then counts as using population data (indicators 4.5a/4.5b,
 * DOMAIN.md §3) and the copy of the data is erased (the dossier holds what was filed).
 */
import { and, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { requireStaff } from '../../platform/auth/permissions.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { exchangePrefills, type PopulationPrefill } from './schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Who may take a prefill: the receiver who looked it up, or the citizen who did (`staff_id` holds either id). */
function askerIdOf(caller: Caller): string {
  if (caller.kind === 'citizen') return caller.id;
  return requireStaff(caller, 'receiver').id;
}

/** The data waiting for this caller's form; EXCHANGE_PREFILL_NOT_FOUND when expired, used or another's. */
export async function getPopulationPrefill(
  db: Executor,
  caller: Caller,
  prefillId: string,
  now = new Date(),
): Promise<PopulationPrefill> {
  const askerId = askerIdOf(caller);
  if (!UUID.test(prefillId)) throw new DomainError('EXCHANGE_PREFILL_NOT_FOUND');
  const [row] = await db
    .select({ data: exchangePrefills.data })
    .from(exchangePrefills)
    .where(
      and(
        eq(exchangePrefills.id, prefillId),
        eq(exchangePrefills.staffId, askerId),
        isNull(exchangePrefills.usedAt),
        gt(exchangePrefills.expiresAt, now),
      ),
    );
  if (!row?.data) throw new DomainError('EXCHANGE_PREFILL_NOT_FOUND');
  return row.data;
}

/** Marks the filed dossier as using population data; a replay of the same filing changes nothing. */
export async function markDossierUsesPopulationData(
  db: Executor,
  caller: Caller,
  prefillId: string,
  dossier: { id: string; code: string; procedureCode: string },
  now = new Date(),
): Promise<boolean> {
  const askerId = askerIdOf(caller);
  if (!UUID.test(prefillId)) return false;
  const updated = await db
    .update(exchangePrefills)
    .set({
      dossierId: dossier.id,
      dossierCode: dossier.code,
      procedureCode: dossier.procedureCode,
      usedAt: now,
      data: null,
    })
    .where(
      and(eq(exchangePrefills.id, prefillId), eq(exchangePrefills.staffId, askerId), isNull(exchangePrefills.usedAt)),
    )
    .returning({ id: exchangePrefills.id });
  return updated.length > 0;
}

/** Dossiers of the province that used population data, with their procedure (indicators 4.5a/4.5b). */
export async function dossiersUsingPopulationData(
  db: Executor,
  provinceCode: string,
): Promise<{ dossierId: string; procedureCode: string | null }[]> {
  const rows = await db
    .selectDistinct({ dossierId: exchangePrefills.dossierId, procedureCode: exchangePrefills.procedureCode })
    .from(exchangePrefills)
    .where(and(eq(exchangePrefills.provinceCode, provinceCode), isNotNull(exchangePrefills.dossierId)));
  return rows.flatMap((r) => (r.dossierId ? [{ dossierId: r.dossierId, procedureCode: r.procedureCode }] : []));
}
