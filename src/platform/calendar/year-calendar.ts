/**
 * The days off of one year: statutory holidays (holidays.ts) placed on the year's dates, the
 * yearly schedule's choices (schedules.ts) or the default rule (default-schedule.ts), swaps,
 * and the make-up days of Labour Code 2019 Art. 111(3) (DOMAIN.md §5.1).
 */
import {
  addDays,
  formatVietnameseDate,
  type IsoDate,
  isoFromParts,
  vietnameseWeekdayName,
  weekdayOf,
  yearOf,
} from './dates.ts';
import { deriveNationalDayAdjacent, deriveTetDays } from './default-schedule.ts';
import { holidaysInForce, STATUTORY_HOLIDAYS, type StatutoryHoliday } from './holidays.ts';
import { lunarToSolar, tetDate, tetDayLabel } from './lunar.ts';
import { NATIONAL_SCOPE, type YearSchedule } from './schedules.ts';

export type DayOffKind = 'holiday' | 'compensatory' | 'swap' | 'extra';

export interface DayOff {
  date: IsoDate;
  kind: DayOffKind;
  /** Vietnamese, e.g. "Tết Nguyên Đán", "Nghỉ bù Giỗ Tổ Hùng Vương". */
  reason: string;
  /** Extra detail, e.g. "mùng 1 Tết". */
  detail?: string;
  /** A proposed holiday not yet confirmed by an administrator (holidays.ts `provisional`). */
  provisional?: boolean;
}

export interface SwappedWorkingDay {
  date: IsoDate;
  /** Vietnamese, e.g. "Làm bù cho thứ Sáu 02/01/2026". */
  reason: string;
}

export interface YearCalendar {
  year: number;
  /** Days off other than the weekly rest days. */
  daysOff: ReadonlyMap<IsoDate, DayOff>;
  /** Weekly rest days that are working days this year (làm bù). */
  workingDays: ReadonlyMap<IsoDate, SwappedWorkingDay>;
  /** True when a part of the year is forecast: no official schedule, or one marked provisional. */
  provisional: boolean;
  /** Where each part comes from (notices, or the default rule). */
  sources: string[];
  /** The statutory Tết days of the year (weekend ones are made up in `daysOff`). */
  tetDays: readonly IsoDate[];
  /** The second National Day holiday, 01/09 or 03/09. */
  nationalDayAdjacent?: IsoDate;
}

export interface BuildYearOptions {
  /** Scopes applied in order; later ones overlay earlier ones. Default `['national']`. */
  scopes?: readonly string[];
  holidays?: readonly StatutoryHoliday[];
  /** Weekly rest days, 0 = Sunday … 6 = Saturday. Default Saturday and Sunday. */
  weekendDays?: readonly number[];
}

export const DEFAULT_WEEKEND_DAYS: readonly number[] = [6, 0];

const DEFAULT_RULE_SOURCE =
  'Quy tắc mặc định của hệ thống (chưa có thông báo chính thức): 05 ngày Tết quanh đêm giao thừa, ' +
  'ngày liền kề Quốc khánh tạo kỳ nghỉ dài hơn';

interface Occurrence {
  date: IsoDate;
  holiday: StatutoryHoliday;
  detail?: string;
}

/** Tết days and the National Day adjacent day as chosen for a year (by notice or derived). */
interface YearChoices {
  tetDays?: readonly IsoDate[];
  nationalDayAdjacent?: IsoDate;
  swaps: NonNullable<YearSchedule['swaps']>;
  extraDaysOff: NonNullable<YearSchedule['extraDaysOff']>;
  extraWorkingDays: NonNullable<YearSchedule['extraWorkingDays']>;
}

function occurrences(year: number, holidays: readonly StatutoryHoliday[], choices: YearChoices): Occurrence[] {
  const out: Occurrence[] = [];
  for (const h of holidays) {
    const rule = h.rule;
    const inForce = (date: IsoDate) => holidaysInForce([h], date).length > 0;
    if (rule.kind === 'solar' || rule.kind === 'lunar') {
      // A lunar holiday is never kept in the leap month (Giỗ Tổ is 10/3, not 10/3 nhuận).
      const date =
        rule.kind === 'solar'
          ? isoFromParts(year, rule.month, rule.day)
          : lunarToSolar({ day: rule.day, month: rule.month, year, leap: false });
      if (inForce(date)) out.push({ date, holiday: h });
    } else if (rule.kind === 'tet') {
      if (!inForce(tetDate(year))) continue;
      for (const date of choices.tetDays ?? []) out.push({ date, holiday: h, detail: tetDayLabel(date) });
    } else {
      const date = isoFromParts(year, rule.month, rule.day);
      if (!inForce(date)) continue;
      out.push({ date, holiday: h });
      if (rule.adjacentDays > 0 && choices.nationalDayAdjacent !== undefined) {
        out.push({ date: choices.nationalDayAdjacent, holiday: h, detail: 'ngày liền kề' });
      }
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** "thứ Sáu 02/01/2026", "Chủ nhật 26/04/2026": the way a date reads inside a sentence. */
function dayLabel(date: IsoDate): string {
  const name = vietnameseWeekdayName(weekdayOf(date));
  return `${name.startsWith('Thứ') ? `thứ${name.slice(3)}` : name} ${formatVietnameseDate(date)}`;
}

/** Days off of `year` given the choices already made. */
function assembleYear(
  year: number,
  holidays: readonly StatutoryHoliday[],
  choices: YearChoices,
  weekendDays: readonly number[],
): { daysOff: Map<IsoDate, DayOff>; workingDays: Map<IsoDate, SwappedWorkingDay> } {
  const daysOff = new Map<IsoDate, DayOff>();
  const workingDays = new Map<IsoDate, SwappedWorkingDay>();
  const inYear = (date: IsoDate) => yearOf(date) === year;

  for (const swap of choices.swaps) {
    if (inYear(swap.workingDay)) {
      workingDays.set(swap.workingDay, { date: swap.workingDay, reason: `Làm bù cho ${dayLabel(swap.dayOff)}` });
    }
    if (inYear(swap.dayOff)) {
      daysOff.set(swap.dayOff, {
        date: swap.dayOff,
        kind: 'swap',
        reason: 'Nghỉ hoán đổi ngày làm việc',
        detail: `làm bù vào ${dayLabel(swap.workingDay)}`,
      });
    }
  }
  for (const extra of choices.extraWorkingDays) {
    if (inYear(extra.date)) workingDays.set(extra.date, { date: extra.date, reason: extra.reason });
  }
  for (const extra of choices.extraDaysOff) {
    if (inYear(extra.date)) daysOff.set(extra.date, { date: extra.date, kind: 'extra', reason: extra.reason });
  }

  const isRestDay = (date: IsoDate) => weekendDays.includes(weekdayOf(date)) && !workingDays.has(date);
  const owed: Occurrence[] = [];
  const placed = new Set<IsoDate>();
  for (const occ of occurrences(year, holidays, choices)) {
    // A holiday on a rest day, or on a day already taken by another holiday, is owed.
    if (occ.holiday.compensated && (isRestDay(occ.date) || placed.has(occ.date))) owed.push(occ);
    if (placed.has(occ.date)) continue;
    placed.add(occ.date);
    const entry: DayOff = { date: occ.date, kind: 'holiday', reason: occ.holiday.name };
    if (occ.detail !== undefined) entry.detail = occ.detail;
    if (occ.holiday.provisional) {
      entry.provisional = true;
      entry.detail ??= 'dự kiến, chờ xác nhận văn bản ban hành';
    }
    daysOff.set(occ.date, entry);
  }
  // Art. 111(3): made up on the next working day, in date order, after days already off.
  for (const occ of owed) {
    let date = addDays(occ.date, 1);
    while (isRestDay(date) || daysOff.has(date)) date = addDays(date, 1);
    const why = isRestDay(occ.date) ? 'rơi vào ngày nghỉ hằng tuần' : 'trùng một ngày lễ khác';
    const detail = `${occ.holiday.name} ${dayLabel(occ.date)} ${why}`;
    daysOff.set(date, { date, kind: 'compensatory', reason: `Nghỉ bù ${occ.holiday.name}`, detail });
  }
  return { daysOff, workingDays };
}

/**
 * The days off and swapped working days of `year` for the given scopes, from the schedules
 * (official notices) and, for what no schedule fixes, the default rule in default-schedule.ts.
 */
export function buildYearCalendar(
  year: number,
  schedules: readonly YearSchedule[],
  options: BuildYearOptions = {},
): YearCalendar {
  const scopes = options.scopes ?? [NATIONAL_SCOPE];
  // A provisional holiday stands until the year's schedule confirms or rejects it (issue 23).
  const decisions = new Map<string, 'confirmed' | 'rejected'>();
  for (const s of schedules) {
    if (s.year !== year || !scopes.includes(s.scope)) continue;
    for (const [id, decision] of Object.entries(s.holidayDecisions ?? {})) decisions.set(id, decision);
  }
  const holidays = (options.holidays ?? STATUTORY_HOLIDAYS).flatMap((h) => {
    if (!h.provisional) return [h];
    const decision = decisions.get(h.id);
    if (decision === 'rejected') return [];
    return decision === 'confirmed' ? [{ ...h, provisional: false }] : [h];
  });
  const weekendDays = options.weekendDays ?? DEFAULT_WEEKEND_DAYS;
  const choices: YearChoices = { swaps: [], extraDaysOff: [], extraWorkingDays: [] };
  const sources: string[] = [];
  let provisional = false;

  for (const scope of scopes) {
    // Neighbouring years too: a swap may cross New Year.
    for (const s of schedules.filter((x) => x.scope === scope && Math.abs(x.year - year) <= 1)) {
      choices.swaps.push(...(s.swaps ?? []));
      choices.extraDaysOff.push(...(s.extraDaysOff ?? []));
      choices.extraWorkingDays.push(...(s.extraWorkingDays ?? []));
      if (s.year !== year) continue;
      if (s.tetDays) choices.tetDays = s.tetDays;
      if (s.nationalDayAdjacent) choices.nationalDayAdjacent = s.nationalDayAdjacent;
      sources.push(s.source);
      provisional ||= s.provisional;
    }
  }
  const tetRule = holidays.find((h) => h.rule.kind === 'tet' && holidaysInForce([h], tetDate(year)).length > 0);
  const ndRule = holidays.find(
    (h) => h.rule.kind === 'national-day' && holidaysInForce([h], `${year}-09-02`).length > 0,
  );
  let derived = false;
  if (choices.tetDays === undefined && tetRule?.rule.kind === 'tet') {
    choices.tetDays = deriveTetDays(year, tetRule.rule.days, weekendDays);
    derived = true;
  }
  if (
    choices.nationalDayAdjacent === undefined &&
    ndRule?.rule.kind === 'national-day' &&
    ndRule.rule.adjacentDays > 0
  ) {
    choices.nationalDayAdjacent = deriveNationalDayAdjacent(
      year,
      (adjacent) => assembleYear(year, holidays, { ...choices, nationalDayAdjacent: adjacent }, weekendDays),
      weekendDays,
    );
    derived = true;
  }
  if (derived) {
    sources.push(DEFAULT_RULE_SOURCE);
    provisional = true;
  }
  const { daysOff, workingDays } = assembleYear(year, holidays, choices, weekendDays);
  const calendar: YearCalendar = { year, daysOff, workingDays, provisional, sources, tetDays: choices.tetDays ?? [] };
  if (choices.nationalDayAdjacent !== undefined) calendar.nationalDayAdjacent = choices.nationalDayAdjacent;
  return calendar;
}

/**
 * The schedule the default rule gives for `year` (provisional), e.g. to seed a year in the
 * admin table before the notice is out.
 */
export function deriveDefaultSchedule(year: number, options: BuildYearOptions = {}): YearSchedule {
  const calendar = buildYearCalendar(year, [], options);
  const schedule: YearSchedule = {
    year,
    scope: NATIONAL_SCOPE,
    provisional: true,
    source: DEFAULT_RULE_SOURCE,
    tetDays: [...calendar.tetDays],
    swaps: [],
  };
  if (calendar.nationalDayAdjacent !== undefined) schedule.nationalDayAdjacent = calendar.nationalDayAdjacent;
  return schedule;
}
