/**
 * The scheduled pull: asks the portal (service NATIONAL_PULL_SERVICE, answered with
 * `result: [HoSo…]`) for the dossiers filed there for the province, and receives each one
 * (receive-national-dossier.ts, idempotent on the national code, so a dossier pulled again or
 * pushed as well stays one dossier). A dossier that fails does not stop the others.
 */
import { Value } from 'typebox/value';
import type { Executor } from '../../platform/db/index.ts';
import type { NationalContext } from './context.ts';
import { IncomingHoSo } from './inbound-schema.ts';
import { type ReceivedNational, receiveNationalDossier } from './receive-national-dossier.ts';

export interface PullReport {
  received: ReceivedNational[];
  failed: Array<{ nationalCode: string; reason: string }>;
}

export async function pullNationalDossiers(db: Executor, ctx: NationalContext): Promise<PullReport> {
  const report: PullReport = { received: [], failed: [] };
  if (!ctx.adapter || !ctx.pullService) return report;
  const answer = await ctx.adapter.call(ctx.pullService, {});
  if (answer.error_code !== 0) throw new Error(`national pull refused (error_code ${answer.error_code})`);
  const list = Array.isArray(answer.result) ? answer.result : [];
  for (const item of list) {
    const code = typeof item === 'object' && item !== null && 'MaHoSo' in item ? String(item.MaHoSo) : '?';
    if (!Value.Check(IncomingHoSo, item)) {
      const first = [...Value.Errors(IncomingHoSo, item)][0];
      report.failed.push({
        nationalCode: code,
        reason: `invalid HoSo: ${first?.instancePath ?? ''} ${first?.message ?? ''}`,
      });
      continue;
    }
    try {
      report.received.push(await receiveNationalDossier(db, item, 'pull', ctx));
    } catch (err) {
      const reason = err instanceof Error ? ('code' in err ? String(err.code) : err.message) : String(err);
      report.failed.push({ nationalCode: code, reason });
    }
  }
  return report;
}
