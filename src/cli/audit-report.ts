/**
 * What `mocua verify-audit` prints about a `verifyAudit` report, and whether it is broken; the
 * restore drill (`mocua restore`) prints the same after restoring.
 */
import { CHECKPOINT_WARNINGS, type VerifyReport } from '../platform/audit/index.ts';

/** Prints the report; true when a chain or a checkpoint is broken (warnings are not breaks). */
export function printAuditReport(report: VerifyReport, file?: string): boolean {
  let broken = false;
  if (report.firstBreak) {
    const b = report.firstBreak;
    console.error(`HỎNG / BROKEN: entry #${b.id} (${b.stream}, seq ${b.seq}): ${b.problem}`);
    broken = true;
  }
  const warnings = new Map<string, number[]>();
  for (const p of report.checkpoints.problems) {
    if (CHECKPOINT_WARNINGS.has(p.problem)) {
      warnings.set(p.problem, [...(warnings.get(p.problem) ?? []), p.checkpointId]);
      continue;
    }
    broken = true;
    console.error(`HỎNG / BROKEN: checkpoint #${p.checkpointId}: ${p.problem}${p.detail ? ` (${p.detail})` : ''}`);
  }
  // Not breaks: checkpoints written before a key or a TSA was configured, or waiting for the TSA.
  for (const [problem, ids] of warnings) {
    const shown = ids.slice(0, 10).map((id) => `#${id}`);
    console.error(
      `CẢNH BÁO / WARNING: ${ids.length} checkpoints ${problem}: ${shown.join(', ')}${ids.length > 10 ? ', …' : ''}`,
    );
  }
  if (broken) return true;
  const c = report.checkpoints;
  console.log(`OK: ${report.events} entries in ${report.streams} chains verified.`);
  console.log(
    `OK: ${c.checked} checkpoints${file ? ` from ${file}` : ''} verified, ${c.stamped} time-stamped; signed by ${c.signers.join(', ') || '—'}; TSA ${c.tsas.join(', ') || '—'}.`,
  );
  return false;
}
