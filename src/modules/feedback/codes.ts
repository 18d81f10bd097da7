/**
 * Tracking codes `PAKN-YYMMDD-NNNN` (DOMAIN.md §8.2: every item gets a tracking code), per
 * province and day (Vietnam time), like the dossier codes of §1.4: the counter row is
 * incremented inside the intake transaction, so its row lock serialises intakes of one day
 * and a rolled-back intake gives its number back — no gaps, no duplicates.
 */
import { sql } from 'drizzle-orm';
import { localDateOf } from '../../platform/calendar/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';

export const FEEDBACK_CODE = /^PAKN-\d{6}-\d{4,9}$/;

/** PAKN-261123-0007: the 7th item of 23/11/2026. More than 9999 in a day widens the number. */
function formatFeedbackCode(localDate: string, seq: number): string {
  const yymmdd = localDate.slice(2).replaceAll('-', '');
  return `PAKN-${yymmdd}-${String(seq).padStart(4, '0')}`;
}

export async function nextFeedbackCode(tx: Executor, provinceCode: string, at: Date): Promise<string> {
  const day = localDateOf(at);
  const [row] = await rows<{ last_seq: number }>(
    tx,
    sql`insert into feedback_code_counters (province_code, day, last_seq) values (${provinceCode}, ${day}, 1)
        on conflict (province_code, day) do update set last_seq = feedback_code_counters.last_seq + 1
        returning last_seq`,
  );
  if (!row) throw new Error('feedback code counter returned no row');
  return formatFeedbackCode(day, row.last_seq);
}
