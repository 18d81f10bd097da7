/**
 * Mẫu 07, Sổ theo dõi hồ sơ (TT 03/2025 Annex I): the dossiers an agency received between two
 * instants, as Excel. Staff read their own agency's register; admins and inspectors any
 * agency's. The register lists applicants, so reading it is audited (chain `dossier-register:<agency id>`).
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { agencyNames } from '../directory/index.ts';
import { dossiers } from './schema.ts';
import { letterheadOf } from './signing-keys.ts';
import { renderDossierRegister } from './slips/index.ts';
import { applicantOf, procedureSnapshotOf } from './stored-json.ts';

export async function dossierRegister(
  db: Executor,
  caller: Caller,
  range: { from: Date; to: Date; agencyId?: string; now?: Date },
): Promise<Uint8Array> {
  if (caller.kind !== 'staff') throw new DomainError(caller.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  const agencyId = range.agencyId ?? caller.agencyId;
  if (agencyId !== caller.agencyId && !caller.roles.some((r) => r === 'admin' || r === 'inspector')) {
    throw new DomainError('FORBIDDEN');
  }
  const rows = await db
    .select()
    .from(dossiers)
    .where(
      and(
        eq(dossiers.receivingAgencyId, agencyId),
        gte(dossiers.receivedAt, range.from),
        lte(dossiers.receivedAt, range.to),
      ),
    )
    .orderBy(asc(dossiers.receivedAt), asc(dossiers.code));
  const names = await agencyNames(db);
  const xlsx = await renderDossierRegister({
    agency: await letterheadOf(db, agencyId),
    from: range.from,
    to: range.to,
    generatedAt: range.now ?? new Date(),
    entries: rows.flatMap((r) => {
      if (!r.receivedAt || !r.dueAt) return [];
      const a = applicantOf(r);
      return [
        {
          dossierCode: r.code ?? '',
          procedureName: procedureSnapshotOf(r).name,
          applicantName: a.fullName,
          ...(a.address ? { applicantAddress: a.address } : {}),
          ...(a.phone ? { applicantPhone: a.phone } : {}),
          competentAgency: names.get(r.competentAgencyId) ?? '',
          receivedAt: r.receivedAt,
          dueAt: r.dueAt,
          ...(r.finishedAt ? { resultAt: r.finishedAt } : {}),
          ...(r.deliveredAt ? { deliveredAt: r.deliveredAt } : {}),
          ...(r.timing ? { timing: r.timing } : {}),
        },
      ];
    }),
  });
  await db.transaction((tx) =>
    recordAudit(tx, {
      provinceCode: caller.provinceCode,
      stream: `dossier-register:${agencyId}`,
      action: 'read_dossier_register',
      actorId: caller.id,
      actorRole: caller.roles.join(','),
      data: { from: range.from.toISOString(), to: range.to.toISOString(), dossiers: rows.length },
    }),
  );
  return xlsx;
}
