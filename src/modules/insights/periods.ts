/**
 * Reporting periods (DOMAIN.md §3 "periods are month, quarter, 6 months, 9 months, year", plus
 * any range), in Vietnam time (UTC+7, no daylight saving). Written as:
 *   2026-11            a month
 *   2026-Q4            a quarter
 *   2026-6T, 2026-9T   the first 6 or 9 months of the year (6 tháng, 9 tháng)
 *   2026               a year
 *   2026-11-03..2026-11-20   any range of days, both ends included
 *   2026-11-BC, 2026-Q4-BC, 2026-6T-BC, 2026-BC   the NĐ 09/2019 reporting periods (15th to 14th)
 * `start` is included, `end` excluded.
 */
import { DomainError } from '../../platform/errors.ts';

type PeriodKind = 'month' | 'quarter' | 'months6' | 'months9' | 'year' | 'range';

export interface Period {
  kind: PeriodKind;
  /** As written (normalised). */
  key: string;
  start: Date;
  end: Date;
  label: string;
}

const at = (y: number, m: number, d = 1): Date =>
  // Midnight in Vietnam = 17:00 UTC the day before.
  new Date(Date.UTC(y, m - 1, d) - 7 * 3_600_000);
const pad = (n: number) => String(n).padStart(2, '0');

function make(kind: PeriodKind, key: string, start: Date, end: Date, label: string): Period {
  return { kind, key, start, end, label };
}

/**
 * The reporting period of NĐ 09/2019/NĐ-CP Art. 12 (documents-reports-ioc.md §3.1, [M]): data
 * from the 15th of the month before the period to the 14th of its last month — month 15/10–14/11,
 * quarter 15/09–14/12, six months 15/12–14/06, year 15/12 of the year before–14/12. Written as
 * the calendar period with `-BC` ("kỳ báo cáo"): 2026-11-BC, 2026-Q4-BC, 2026-6T-BC, 2026-BC.
 * Nine months is not in the source's list, so 2026-9T-BC is refused.
 */
function cutOff(base: Period): Period {
  const local = (d: Date) => new Date(d.getTime() + 7 * 3_600_000);
  const s = local(base.start);
  const e = local(base.end);
  const start = at(s.getUTCFullYear(), s.getUTCMonth(), 15);
  const end = at(e.getUTCFullYear(), e.getUTCMonth(), 15);
  const last = local(new Date(end.getTime() - 1));
  const from = local(start);
  const range = `${pad(from.getUTCDate())}/${pad(from.getUTCMonth() + 1)}/${from.getUTCFullYear()} đến ${pad(last.getUTCDate())}/${pad(last.getUTCMonth() + 1)}/${last.getUTCFullYear()}`;
  return make(base.kind, `${base.key}-BC`, start, end, `${base.label} (kỳ báo cáo, số liệu từ ${range})`);
}

export function parsePeriod(raw: string): Period {
  const trimmed = raw.trim();
  const bc = /^(\d{4}(?:-\d{2}|-Q[1-4]|-6T)?)-BC$/.exec(trimmed);
  if (bc?.[1]) return cutOff(parseCalendar(bc[1]));
  return parseCalendar(trimmed);
}

function parseCalendar(raw: string): Period {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo >= 1 && mo <= 12) return make('month', s, at(y, mo), at(y, mo + 1), `Tháng ${mo}/${y}`);
  }
  m = /^(\d{4})-Q([1-4])$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return make('quarter', s, at(y, 3 * q - 2), at(y, 3 * q + 1), `Quý ${['I', 'II', 'III', 'IV'][q - 1]}/${y}`);
  }
  m = /^(\d{4})-(6|9)T$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const n = Number(m[2]);
    return make(n === 6 ? 'months6' : 'months9', s, at(y, 1), at(y, n + 1), `${n} tháng đầu năm ${y}`);
  }
  m = /^(\d{4})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    return make('year', s, at(y, 1), at(y + 1, 1), `Năm ${y}`);
  }
  m = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const [y1, m1, d1, y2, m2, d2] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const start = at(y1, m1, d1);
    const end = at(y2, m2, d2 + 1);
    const valid =
      new Date(Date.UTC(y1, m1 - 1, d1)).getUTCDate() === d1 && new Date(Date.UTC(y2, m2 - 1, d2)).getUTCDate() === d2;
    if (valid && end.getTime() > start.getTime() && end.getTime() - start.getTime() <= 5 * 366 * 86_400_000) {
      return make('range', s, start, end, `Từ ${pad(d1)}/${pad(m1)}/${y1} đến ${pad(d2)}/${pad(m2)}/${y2}`);
    }
  }
  throw new DomainError(
    'VALIDATION_FAILED',
    { period: raw.slice(0, 40) },
    'Kỳ báo cáo không hợp lệ: dùng tháng (2026-11), quý (2026-Q4), 6 hoặc 9 tháng (2026-6T, 2026-9T), năm (2026), khoảng ngày (2026-11-01..2026-11-30) hoặc kỳ báo cáo 15–14 (2026-11-BC, 2026-Q4-BC, 2026-6T-BC, 2026-BC).',
  );
}

/** The period of the same kind just before (month-on-month, quarter-on-quarter…). */
export function previousPeriod(p: Period): Period {
  if (p.key.endsWith('-BC')) return parsePeriod(`${previousPeriod(parseCalendar(p.key.slice(0, -3))).key}-BC`);
  const ms = p.end.getTime() - p.start.getTime();
  const y = new Date(p.start.getTime() + 7 * 3_600_000).getUTCFullYear();
  const mo = new Date(p.start.getTime() + 7 * 3_600_000).getUTCMonth() + 1;
  switch (p.kind) {
    case 'month':
      return parsePeriod(mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`);
    case 'quarter': {
      const q = (mo + 2) / 3;
      return parsePeriod(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`);
    }
    case 'months6':
    case 'months9':
      return parsePeriod(`${y - 1}-${p.kind === 'months6' ? 6 : 9}T`);
    case 'year':
      return parsePeriod(String(y - 1));
    case 'range': {
      const start = new Date(p.start.getTime() - ms);
      return make('range', `${p.key}~prev`, start, p.start, `Kỳ trước (${Math.round(ms / 86_400_000)} ngày)`);
    }
  }
}

/** The month containing an instant (Vietnam time). */
export function monthOf(instant: Date): Period {
  const local = new Date(instant.getTime() + 7 * 3_600_000);
  return parsePeriod(`${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}`);
}
