/**
 * The Vietnamese lunar calendar (âm lịch), after Hồ Ngọc Đức's published algorithm
 * ("Thuật toán tính âm lịch", astronomical new moons and solar terms from Jean Meeus,
 * "Astronomical Algorithms"), evaluated at the Vietnamese meridian, UTC+7.
 *
 * The meridian matters: the Chinese calendar (UTC+8) sometimes starts a month a day later,
 * e.g. Tết 1985 is 21/01 in Vietnam but 20/02 in China. DOMAIN.md §5.2 lists the dates this
 * must reproduce; the tests check them and a round trip over every day 1990–2100.
 *
 * Rules of the calendar: a month starts on the day (UTC+7) of a new moon; month 11 is the
 * month holding the winter solstice; a year with 13 months between two months 11 has a leap
 * month, the first month after month 11 holding no major solar term (trung khí).
 */
import { DomainError, registerErrors } from '../errors.ts';
import { addDays, dayNumber, type IsoDate, isoFromDayNumber, yearOf } from './dates.ts';

registerErrors({
  LUNAR_DATE_INVALID: { status: 400, vi: 'Ngày âm lịch không tồn tại.' },
  LUNAR_YEAR_OUT_OF_RANGE: { status: 400, vi: 'Năm nằm ngoài phạm vi hỗ trợ của lịch âm (1900–2199).' },
});

export interface LunarDate {
  day: number;
  month: number;
  /** The lunar year, numbered like the Gregorian year in which its month 1 begins. */
  year: number;
  /** True for the intercalary month (tháng nhuận) that repeats `month`. */
  leap: boolean;
}

/** The algorithm is defined for 1800–2199; we accept a smaller window and test 1990–2100. */
const LUNAR_SUPPORTED_YEARS = { from: 1900, to: 2199 } as const;

const TIME_ZONE = 7;
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01 13:52 UTC, the epoch of the month count `k`. */
const EPOCH_NEW_MOON = 2415021.076998695;
/** Julian day number of 1970-01-01: converts between Julian days and our day numbers. */
const UNIX_EPOCH_JDN = 2440588;

const RAD = Math.PI / 180;

/** Julian day of the k-th new moon after the epoch (Meeus ch. 49, shortened). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * RAD);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * RAD) + 0.0021 * Math.sin(2 * RAD * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * RAD) + 0.0161 * Math.sin(RAD * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(RAD * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(RAD * 2 * F) - 0.0051 * Math.sin(RAD * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(RAD * (M - Mpr)) + 0.0004 * Math.sin(RAD * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(RAD * (2 * F - M)) - 0.0006 * Math.sin(RAD * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(RAD * (2 * F - Mpr)) + 0.0005 * Math.sin(RAD * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd + c1 - deltaT;
}

/** Sun's apparent longitude in radians, in [0, 2π), at Julian day `jdn` (UTC). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(RAD * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(RAD * 2 * M) + 0.00029 * Math.sin(RAD * 3 * M);
  const L = (L0 + DL) * RAD;
  return L - Math.PI * 2 * Math.floor(L / (Math.PI * 2));
}

/** Julian day number (local day) of the k-th new moon. */
function newMoonDay(k: number): number {
  return Math.floor(newMoon(k) + 0.5 + TIME_ZONE / 24);
}

/** Which of the 12 major-term sectors (0–11) the sun is in at the start of local day `jdn`. */
function sunSector(jdn: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - TIME_ZONE / 24) / Math.PI) * 6);
}

/** Julian day number of the first day of lunar month 11 of Gregorian year `year`. */
function lunarMonth11(year: number): number {
  const off = julianDayNumber(`${String(year).padStart(4, '0')}-12-31`) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k);
  // The month must hold the winter solstice (sun at 270°, sector 9).
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** Months after month 11 (starting at a11) at which the leap month sits. */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - EPOCH_NEW_MOON) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

function julianDayNumber(date: IsoDate): number {
  return dayNumber(date) + UNIX_EPOCH_JDN;
}

function isoFromJulianDayNumber(jdn: number): IsoDate {
  return isoFromDayNumber(jdn - UNIX_EPOCH_JDN);
}

function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_SUPPORTED_YEARS.from || year > LUNAR_SUPPORTED_YEARS.to) {
    throw new DomainError('LUNAR_YEAR_OUT_OF_RANGE', { year });
  }
}

/** The lunar date of a Gregorian date (local Vietnamese day). */
export function solarToLunar(date: IsoDate): LunarDate {
  const gregorianYear = yearOf(date);
  assertSupportedYear(gregorianYear);
  const jdn = julianDayNumber(date);
  const k = Math.floor((jdn - EPOCH_NEW_MOON) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > jdn) monthStart = newMoonDay(k);
  // The mean-month estimate of k can run one month ahead when a new moon falls near local
  // midnight (07/05/2054, 09/04/2062): the published code then gives day 0. Step back.
  for (let j = k - 1; monthStart > jdn; j--) monthStart = newMoonDay(j);
  let a11 = lunarMonth11(gregorianYear);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = gregorianYear;
    a11 = lunarMonth11(gregorianYear - 1);
  } else {
    year = gregorianYear + 1;
    b11 = lunarMonth11(gregorianYear + 1);
  }
  const day = jdn - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { day, month, year, leap };
}

/**
 * The Gregorian date of a lunar date. Throws LUNAR_DATE_INVALID for a day the calendar does
 * not have (day 30 of a 29-day month, a leap flag on a month that is not repeated that year).
 */
export function lunarToSolar(lunar: LunarDate): IsoDate {
  const { day, month, year, leap } = lunar;
  assertSupportedYear(year);
  if (!Number.isInteger(day) || day < 1 || day > 30 || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new DomainError('LUNAR_DATE_INVALID', { ...lunar });
  }
  const a11 = month < 11 ? lunarMonth11(year - 1) : lunarMonth11(year);
  const b11 = month < 11 ? lunarMonth11(year) : lunarMonth11(year + 1);
  const k = Math.floor(0.5 + (a11 - EPOCH_NEW_MOON) / SYNODIC_MONTH);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw new DomainError('LUNAR_DATE_INVALID', { ...lunar });
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new DomainError('LUNAR_DATE_INVALID', { ...lunar });
  }
  const result = isoFromJulianDayNumber(newMoonDay(k + off) + day - 1);
  // Day 30 of a 29-day month lands on day 1 of the next month: reject it.
  const back = solarToLunar(result);
  if (back.day !== day || back.month !== month || back.year !== year || back.leap !== leap) {
    throw new DomainError('LUNAR_DATE_INVALID', { ...lunar });
  }
  return result;
}

/** Mùng 1 Tết: the first day of lunar month 1 of `year`. */
export function tetDate(year: number): IsoDate {
  return lunarToSolar({ day: 1, month: 1, year, leap: false });
}

/** Giao thừa: the last day of the lunar year ending before `tetDate(year)` (29 or 30 Tết). */
export function lunarNewYearEve(year: number): IsoDate {
  return addDays(tetDate(year), -1);
}

/** Giỗ Tổ Hùng Vương: 10/3 lunar (Labour Code 2019 Art. 112(1)(e)); never the leap month 3. */
export function hungKingsDay(year: number): IsoDate {
  return lunarToSolar({ day: 10, month: 3, year, leap: false });
}

/** How we write a lunar day on slips: "mùng 1", "29 tháng Chạp" style labels for Tết days. */
export function tetDayLabel(date: IsoDate): string {
  const lunar = solarToLunar(date);
  if (lunar.month === 1 && !lunar.leap && lunar.day <= 10) return `mùng ${lunar.day} Tết`;
  if (lunar.month === 12 && !lunar.leap) return `${lunar.day} tháng Chạp`;
  return `${lunar.day}/${lunar.month}${lunar.leap ? ' nhuận' : ''} âm lịch`;
}
