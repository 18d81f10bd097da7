/**
 * The fee request of a dossier (YeuCauThanhToan): what the state machine still waits for after
 * `request_payment`, with the lines the specialist asked for, or the catalog's fees when the
 * request named none. Opening twice returns the open one (one open request per dossier).
 */
import { and, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { type DossierPaymentFacts, dossierPaymentFacts } from '../dossiers/index.ts';
import './errors.ts';
import { type FeeLine, feeRequests } from './schema.ts';

export type FeeRequestRow = typeof feeRequests.$inferSelect;

/** Lệ phí is the state's charge for the service; phí pays for it (Law on Fees and Charges 2015). */
const kindOf = (name: string): FeeLine['kind'] => (/lệ phí/i.test(name) ? 'charge' : 'fee');

function feeLinesOf(facts: DossierPaymentFacts): FeeLine[] {
  const exemptionOf = (name: string) => facts.fees.find((fee) => fee.name === name)?.exemptions ?? undefined;
  const asked = facts.items.reduce((sum, item) => sum + item.amount, 0);
  if (facts.items.length > 0 && asked === facts.outstanding) {
    return facts.items.map((item) => {
      const exemption = exemptionOf(item.name);
      return { name: item.name, amount: item.amount, kind: kindOf(item.name), ...(exemption ? { exemption } : {}) };
    });
  }
  // Part paid already, or no lines given: one line for what is still owed.
  const name = facts.fees.find((fee) => fee.amount > 0)?.name ?? 'Phí, lệ phí giải quyết thủ tục hành chính';
  return [{ name, amount: facts.outstanding, kind: kindOf(name) }];
}

/** The dossier's open fee request, opened now when the dossier waits for a payment. */
export async function openFeeRequest(
  db: Executor,
  caller: Caller,
  dossierCode: string,
): Promise<{ request: FeeRequestRow; facts: DossierPaymentFacts }> {
  const facts = await dossierPaymentFacts(db, caller, dossierCode);
  const [open] = await db
    .select()
    .from(feeRequests)
    .where(and(eq(feeRequests.dossierId, facts.id), eq(feeRequests.state, 'open')));
  if (open) return { request: open, facts };
  if (!facts.paymentDue || facts.outstanding <= 0) throw new DomainError('PAYMENT_NOTHING_DUE', { code: dossierCode });
  // A twin may open it at the same time: the partial unique index keeps one, the other reads it.
  const [row] = await db
    .insert(feeRequests)
    .values({
      provinceCode: facts.provinceCode,
      dossierId: facts.id,
      dossierCode: facts.code,
      procedureId: facts.procedureId,
      procedureNationalCode: facts.procedureNationalCode,
      procedureName: facts.procedureName,
      competentAgencyId: facts.competentAgencyId,
      amount: facts.outstanding,
      lines: feeLinesOf(facts),
      state: 'open',
    })
    .onConflictDoNothing()
    .returning();
  if (row) return { request: row, facts };
  const [twin] = await db
    .select()
    .from(feeRequests)
    .where(and(eq(feeRequests.dossierId, facts.id), eq(feeRequests.state, 'open')));
  if (!twin) throw new Error('unreachable: fee request neither inserted nor found');
  return { request: twin, facts };
}
