/**
 * `mocua national reconcile --date YYYY-MM-DD [--resend]`: the day's reconciliation with the
 * national portal, printed one dossier per line; with `--resend`, every dossier found different
 * or missing is queued again (the page's one-click resend, for all of them). Exit code 0 when
 * both sides agree, 1 when something differs (for a cron job that alerts), 2 on a bad date.
 */

import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { NationalContext } from './context.ts';
import { reconcileNational, resendDossier } from './reconcile-national.ts';

export async function nationalReconcileCommand(
  db: Executor,
  ctx: NationalContext,
  date: string,
  options: { resend: boolean; print?: (line: string) => void },
): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  if (!ctx.adapter) {
    print('Chưa cấu hình NATIONAL_ADAPTER_URL: không có gì để đối soát / national portal not configured.');
    return 2;
  }
  let report: Awaited<ReturnType<typeof reconcileNational>>;
  try {
    report = await reconcileNational(db, date, ctx);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NATIONAL_RECONCILE_DATE_INVALID') {
      print('Ngày đối soát phải có dạng YYYY-MM-DD / --date must be YYYY-MM-DD.');
      return 2;
    }
    throw err;
  }
  let differing = 0;
  for (const row of report) {
    const diffs = row.differences.map((d) => `${d.field}: ${d.ours || '∅'} ≠ ${d.theirs || '∅'}`).join('; ');
    print(`${row.dossierCode}\t${row.maHoSo}\t${row.verdict}${diffs ? `\t${diffs}` : ''}`);
    if (row.verdict === 'same') continue;
    differing++;
    if (options.resend) {
      const queued = await resendDossier(db, row.dossierCode, ctx);
      print(`  → ${queued.queued ? 'đã xếp hàng gửi lại / queued again' : `không gửi lại được: ${queued.reason}`}`);
    }
  }
  print(`${report.length} hồ sơ, ${differing} khác nhau / ${report.length} dossiers, ${differing} differ (${date}).`);
  return differing === 0 ? 0 : 1;
}
