/**
 * The online-filing indicators of Decision 766 (DOMAIN.md §3.1), computed as the national portal
 * computes them: from the dossiers it holds, i.e. what it acknowledged from us (`sent_payload`).
 * - 3.3: dossiers received online (`KenhThucHien` = 2) ÷ dossiers received, in the period
 *   (full points at ≥ 50%);
 * - 3.x: of the dossiers of procedures offered full-process online (toàn trình), those filed
 *   online ÷ all of them;
 * plus how many of the online ones were filed on the national portal itself.
 * The period is on `NgayTiepNhan` (yyyyMMddHHmmss, Vietnamese time: compared as text).
 */
import { sql } from 'drizzle-orm';
import { type Executor, rows } from '../../platform/db/index.ts';
import { nationalDateTime } from './format.ts';

export interface OnlineFilingRates {
  received: number;
  online: number;
  viaNationalPortal: number;
  fullProcessReceived: number;
  fullProcessOnline: number;
  /** 3.3 in percent, 2 decimals; null when nothing was received (shown N/A, §3.1). */
  onlineRate: number | null;
  /** 3.x in percent, 2 decimals; null without full-process dossiers. */
  fullProcessOnlineRate: number | null;
}

const percent = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 100);

/** `from` inclusive, `to` exclusive. */
export async function onlineFilingRates(
  db: Executor,
  provinceCode: string,
  period: { from: Date; to: Date },
): Promise<OnlineFilingRates> {
  const from = nationalDateTime(period.from);
  const to = nationalDateTime(period.to);
  const [row] = await rows<{
    received: number;
    online: number;
    via_portal: number;
    full_received: number;
    full_online: number;
  }>(
    db,
    sql`
    select count(*)::int as received,
           count(*) filter (where s.sent_payload->>'KenhThucHien' = '2')::int as online,
           count(f.national_code) filter (where s.sent_payload->>'KenhThucHien' = '2')::int as via_portal,
           count(*) filter (where s.online_level = 'full')::int as full_received,
           count(*) filter (where s.online_level = 'full' and s.sent_payload->>'KenhThucHien' = '2')::int as full_online
      from national_dossier_sync s
      left join national_filings f on f.dossier_id = s.dossier_id
     where s.province_code = ${provinceCode}
       and s.sent_payload is not null
       and s.sent_payload->>'NgayTiepNhan' >= ${from}
       and s.sent_payload->>'NgayTiepNhan' < ${to}`,
  );
  const n = row ?? { received: 0, online: 0, via_portal: 0, full_received: 0, full_online: 0 };
  return {
    received: n.received,
    online: n.online,
    viaNationalPortal: n.via_portal,
    fullProcessReceived: n.full_received,
    fullProcessOnline: n.full_online,
    onlineRate: percent(n.online, n.received),
    fullProcessOnlineRate: percent(n.full_online, n.full_received),
  };
}
