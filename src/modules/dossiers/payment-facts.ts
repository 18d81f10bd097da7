/**
 * What the payments module needs of a dossier to ask for its fee (issue 16): the amount the
 * state machine still waits for, the lines of the last request, the procedure and the payer.
 * Read with the caller's own read rule; staff reads are audited as any read of the applicant.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { Fee } from '../catalog/index.ts';
import { auditPersonalRead, readableDossier } from './queries.ts';
import { dossierActions } from './schema.ts';
import { snapshotFromJson } from './snapshot-json.ts';
import type { DossierState } from './states.ts';
import { applicantOf, procedureSnapshotOf } from './stored-json.ts';

export interface DossierPaymentFacts {
  id: string;
  code: string;
  provinceCode: string;
  state: DossierState;
  procedureId: string;
  procedureName: string;
  procedureNationalCode: string | null;
  /** The catalog's fees as the dossier was filed (names, exemption cases). */
  fees: Fee[];
  competentAgencyId: string;
  applicantAccountId: string | null;
  payerName: string;
  paymentDue: boolean;
  /** Đồng still owed: requested − paid. */
  outstanding: number;
  /** The lines of the last `request_payment`. */
  items: Array<{ name: string; amount: number }>;
}

export async function dossierPaymentFacts(db: Executor, caller: Caller, code: string): Promise<DossierPaymentFacts> {
  const row = await readableDossier(db, caller, code);
  if (caller.kind === 'staff') await auditPersonalRead(db, caller, row, { purpose: 'payment' });
  const snapshot = snapshotFromJson(row.machine);
  const procedure = procedureSnapshotOf(row);
  const [last] = await db
    .select({ payload: dossierActions.payload })
    .from(dossierActions)
    .where(and(eq(dossierActions.dossierId, row.id), eq(dossierActions.type, 'request_payment')))
    .orderBy(desc(dossierActions.seq))
    .limit(1);
  const payload = (last?.payload ?? {}) as { items?: unknown };
  const items = Array.isArray(payload.items)
    ? payload.items.flatMap((item: unknown) => {
        const i = item as { name?: unknown; amount?: unknown };
        return typeof i.name === 'string' && typeof i.amount === 'number' ? [{ name: i.name, amount: i.amount }] : [];
      })
    : [];
  return {
    id: row.id,
    code: row.code ?? '',
    provinceCode: row.provinceCode,
    state: row.state as DossierState,
    procedureId: row.procedureId,
    procedureName: procedure.name,
    procedureNationalCode: procedure.nationalCode,
    fees: procedure.fees,
    competentAgencyId: row.competentAgencyId,
    applicantAccountId: row.applicantAccountId,
    payerName: applicantOf(row).fullName,
    paymentDue: snapshot.paymentDue,
    outstanding: Math.max(0, snapshot.paymentRequested - snapshot.paymentPaid),
    items,
  };
}
