/**
 * Which days are working days (ngày làm việc): not a weekly rest day and not a day off, or a
 * rest day made a working day by a swap (làm bù). DOMAIN.md §5.1. The time arithmetic on top
 * of this is in working-time.ts.
 */
import { DomainError, registerErrors } from '../errors.ts';
import { dayNumber, type IsoDate, isoFromDayNumber, vietnameseWeekdayName, weekdayOf, yearOf } from './dates.ts';
import { type DayOff, type DayOffKind, DEFAULT_WEEKEND_DAYS, type SwappedWorkingDay } from './year-calendar.ts';

registerErrors({
  CALENDAR_NO_WORKING_DAY: {
    status: 422,
    vi: 'Không tìm thấy ngày làm việc nào trong hơn một năm liên tiếp. Vui lòng kiểm tra lại lịch nghỉ.',
  },
});

/** A run of days off longer than this means the configuration is broken. */
const MAX_CONSECUTIVE_DAYS_OFF = 370;

export interface NonWorkingDay {
  date: IsoDate;
  kind: DayOffKind | 'weekend';
  reason: string;
  detail?: string;
  provisional?: boolean;
}

/** What the calendar needs to know about one year (a `YearCalendar` fits). */
export interface YearDays {
  daysOff: ReadonlyMap<IsoDate, DayOff>;
  workingDays: ReadonlyMap<IsoDate, SwappedWorkingDay>;
  provisional?: boolean;
}

export interface WorkingDaysOptions {
  /** Weekly rest days, 0 = Sunday … 6 = Saturday. Default Saturday and Sunday. */
  weekendDays?: readonly number[];
  /** Days off given directly (they win over `yearDays`). */
  daysOff?: Iterable<DayOff>;
  /** Rest days that are working days, given directly. */
  swappedWorkingDays?: Iterable<SwappedWorkingDay>;
  /** Supplies a year's days on demand, e.g. `buildYearCalendar` over the schedules. */
  yearDays?: (year: number) => YearDays;
}

export class WorkingDays {
  readonly weekendDays: readonly number[];
  readonly #daysOff = new Map<IsoDate, DayOff>();
  readonly #workingDays = new Map<IsoDate, SwappedWorkingDay>();
  readonly #yearDays: ((year: number) => YearDays) | undefined;
  readonly #years = new Map<number, YearDays>();
  readonly #days = new Map<number, NonWorkingDay | null>();

  constructor(options: WorkingDaysOptions = {}) {
    this.weekendDays = options.weekendDays ?? DEFAULT_WEEKEND_DAYS;
    for (const d of options.daysOff ?? []) this.#daysOff.set(d.date, d);
    for (const d of options.swappedWorkingDays ?? []) this.#workingDays.set(d.date, d);
    this.#yearDays = options.yearDays;
  }

  /** The year's days as supplied by `yearDays` (built once, then cached), if any. */
  yearDays(year: number): YearDays | undefined {
    if (!this.#yearDays) return undefined;
    let entry = this.#years.get(year);
    if (entry === undefined) {
      entry = this.#yearDays(year);
      this.#years.set(year, entry);
    }
    return entry;
  }

  /** Why `date` is not a working day, or undefined when it is one. */
  nonWorkingDay(date: IsoDate): NonWorkingDay | undefined {
    const year = this.yearDays(yearOf(date));
    const off = this.#daysOff.get(date) ?? year?.daysOff.get(date);
    if (off) return off;
    if (this.#workingDays.has(date) || year?.workingDays.has(date)) return undefined;
    const weekday = weekdayOf(date);
    if (!this.weekendDays.includes(weekday)) return undefined;
    return { date, kind: 'weekend', reason: `Nghỉ hằng tuần (${vietnameseWeekdayName(weekday)})` };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.nonWorkingDay(date) === undefined;
  }

  /** The reason `date` is off ("Tết Nguyên Đán", "Nghỉ bù Giỗ Tổ Hùng Vương", …), or undefined. */
  reasonOff(date: IsoDate): string | undefined {
    return this.nonWorkingDay(date)?.reason;
  }

  /** The first working day after `date` (or `date` itself with `includeSelf`). */
  nextWorkingDay(date: IsoDate, options: { includeSelf?: boolean } = {}): IsoDate {
    const day = dayNumber(date);
    return isoFromDayNumber(this.nextWorkingDayNumber(options.includeSelf ? day : day + 1));
  }

  /** As `nonWorkingDay`, by day number, memoised: the arithmetic asks for the same days often. */
  protected dayNumberOff(day: number): NonWorkingDay | undefined {
    let entry = this.#days.get(day);
    if (entry === undefined) {
      entry = this.nonWorkingDay(isoFromDayNumber(day)) ?? null;
      this.#days.set(day, entry);
    }
    return entry ?? undefined;
  }

  protected isWorkingDayNumber(day: number): boolean {
    return this.dayNumberOff(day) === undefined;
  }

  protected nextWorkingDayNumber(from: number): number {
    let day = from;
    for (let idle = 1; !this.isWorkingDayNumber(day); idle++) {
      this.guard(idle);
      day++;
    }
    return day;
  }

  /** Stops a search through a calendar that has no working day left. */
  protected guard(consecutiveDaysOff: number): void {
    if (consecutiveDaysOff > MAX_CONSECUTIVE_DAYS_OFF) throw new DomainError('CALENDAR_NO_WORKING_DAY');
  }

  /** True when a year between the two days has only a forecast schedule. */
  protected provisionalBetween(fromDay: number, toDay: number): boolean {
    const first = yearOf(isoFromDayNumber(fromDay));
    const last = yearOf(isoFromDayNumber(toDay));
    for (let year = first; year <= last; year++) if (this.yearDays(year)?.provisional) return true;
    // A proposed holiday on the way (24/11, issue 23) makes the date provisional too.
    for (let day = fromDay; day <= toDay; day++) {
      const off = this.dayNumberOff(day);
      if (off && 'provisional' in off && off.provisional) return true;
    }
    return false;
  }
}
