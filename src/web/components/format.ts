/**
 * Dates, times and money as people read them. Times are stored in UTC and always shown in
 * Asia/Ho_Chi_Minh (ARCHITECTURE.md, data rules), whatever the server's own time zone.
 */
import type { Lang } from '../i18n/index.ts';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

type DateInput = Date | string | null | undefined;

const toDate = (value: DateInput): Date | null => {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
};

// Built once: a DateTimeFormat costs ~100× a format call, and a list page formats two dates a row.
const VIETNAM_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * Vietnam has kept UTC+7 without daylight saving since 13 June 1975 (the tz database's
 * Asia/Ho_Chi_Minh): from then on the parts are arithmetic (formatToParts was a twentieth of a
 * list page's CPU, two dates a row); earlier dates ask the time-zone database.
 */
const FIXED_OFFSET_SINCE = Date.UTC(1975, 5, 13);
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

const partsOf = (d: Date) => {
  const t = d.getTime();
  if (t >= FIXED_OFFSET_SINCE) {
    const v = new Date(t + VIETNAM_OFFSET_MS);
    return {
      y: String(v.getUTCFullYear()),
      m: two(v.getUTCMonth() + 1),
      d: two(v.getUTCDate()),
      hh: two(v.getUTCHours()),
      mm: two(v.getUTCMinutes()),
    };
  }
  const p = Object.fromEntries(VIETNAM_PARTS.formatToParts(d).map((x) => [x.type, x.value]));
  return { y: p.year ?? '', m: p.month ?? '', d: p.day ?? '', hh: p.hour ?? '', mm: p.minute ?? '' };
};

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const dayOf = (p: ReturnType<typeof partsOf>, lang: Lang) =>
  lang === 'vi' ? `${p.d}/${p.m}/${p.y}` : `${Number(p.d)} ${MONTHS_EN[Number(p.m) - 1]} ${p.y}`;

/** "22/11/2026" (vi) or "22 Nov 2026" (en); empty for no date. */
export function formatDate(value: DateInput, lang: Lang = 'vi'): string {
  const d = toDate(value);
  return d ? dayOf(partsOf(d), lang) : '';
}

/** "14:30 ngày 22/11/2026" (vi) or "22 Nov 2026, 14:30" (en). */
export function formatDateTime(value: DateInput, lang: Lang = 'vi'): string {
  const d = toDate(value);
  if (!d) return '';
  const p = partsOf(d);
  return lang === 'vi' ? `${p.hh}:${p.mm} ngày ${dayOf(p, lang)}` : `${dayOf(p, lang)}, ${p.hh}:${p.mm}`;
}

/** The machine-readable value of <time datetime>. */
export const isoOf = (value: DateInput): string => toDate(value)?.toISOString() ?? '';

/** The calendar day in Vietnam as yyyy-mm-dd (for <input type="date"> and day comparisons). */
export function vietnamDay(value: DateInput): string {
  const d = toDate(value);
  if (!d) return '';
  const p = partsOf(d);
  return `${p.y}-${p.m}-${p.d}`;
}

/** Đồng with the Vietnamese thousands separator: "8.000 đ". */
const MONEY = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }),
};
const SIZE = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

export function formatMoney(amount: number, lang: Lang = 'vi'): string {
  const n = MONEY[lang === 'vi' ? 'vi' : 'en'].format(amount);
  return lang === 'vi' ? `${n} đ` : `${n} VND`;
}

/** "1,5 MB", "820 kB". */
export function formatSize(bytes: number, lang: Lang = 'vi'): string {
  const nf = SIZE[lang === 'vi' ? 'vi' : 'en'];
  if (bytes >= 1024 * 1024) return `${nf.format(bytes / (1024 * 1024))} MB`;
  return `${nf.format(Math.max(1, Math.round(bytes / 1024)))} kB`;
}
