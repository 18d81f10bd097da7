/**
 * Working time (thời gian làm việc) and the deadline arithmetic of DOMAIN.md §1.5.
 *
 * Time is UTC+7 (dates.ts). Working time is a set of half-open intervals [start, end): the
 * office periods of every working day. A working day is a day that is not a weekly rest day
 * and not a day off, or a rest day made a working day by a swap (làm bù).
 *
 * - `normalise(t)`: the first instant of working time at or after t (S1: after closing → next
 *   working day's opening; lunch → afternoon opening; before opening → opening).
 * - `addWorkingHours(t, h)`: the earliest instant x with exactly h hours of working time in
 *   [t, x]. It can be a period's end (07:00 + 4.5 h = 11:30, not 13:30), so it is associative:
 *   add(add(t, a), b) = add(t, a + b). Adding 0 returns t unchanged.
 * - `addWorkingDays(t, n)`: whole days keep the time of day (S1: Friday 16:45 + 1 day =
 *   Monday 16:45, or the next working day's 16:45); a fraction is working hours
 *   (0.5 day = 4 h with the default 8-hour day).
 * - `addCalendarDays(t, n, …)`: "ngày" (calendar days), per S1 and §1.5.
 * - `shiftDueAfterPause`: §1.5 "after supplementation", due + working time of the pause.
 *
 * Every function is pure: the caller passes the instants; nothing reads the clock.
 */
import { type IsoDate, localDayNumber, localMidnightMs, weekdayOfDayNumber } from './dates.ts';
import { WorkingDays, type WorkingDaysOptions } from './working-days.ts';
import {
  clockMs,
  DEFAULT_RECEPTION_CUTOFF,
  DEFAULT_WORKING_HOURS,
  type PeriodMs,
  parseWorkingHours,
  type WorkingHours,
} from './working-hours.ts';

const HOUR_MS = 3_600_000;

interface SkippedDay {
  date: IsoDate;
  reason: string;
}

export interface DueResult {
  dueAt: Date;
  /** Days that did not count, with the reason, e.g. to print on the receipt slip. */
  skipped: SkippedDay[];
  /** True when a day on the way belongs to a year whose schedule is only forecast. */
  provisional: boolean;
}

export interface CalendarOptions extends WorkingDaysOptions {
  /** Office hours; default 07:00–11:30 and 13:30–17:00. */
  hours?: WorkingHours;
}

export interface CalendarDaysOptions {
  /** Days off other than weekly rest days do not count (S1 flag TinhNgayHenTraLoaiThoiGianNgayBoQuaNgayLe). */
  skipHolidays: boolean;
  /** Move a result falling on a non-working day to the next working day. Default true (S1 always does). */
  pushOffDaysOff?: boolean;
}

/**
 * The kinds of legal time limit (docs/dossiers.md lists their legal basis):
 * - working_days, working_hours, calendar_days: as the procedure states them;
 * - same_day ("trong ngày"): due at the end of the office hours of the day of reception, or of
 *   the next working day when received after the cut-off; amount > 1 counts further working days.
 */
type LimitUnit = 'working_days' | 'working_hours' | 'calendar_days' | 'same_day';

export interface LegalLimit {
  amount: number;
  unit: LimitUnit;
}

export interface LegalDueOptions {
  /** 'HH:MM'; default the calendar's office-hours cut-off, else 15:00. */
  cutoff?: string;
  /** calendar_days only: days off do not count either. */
  skipHolidays?: boolean;
}

export class WorkingCalendar extends WorkingDays {
  readonly hours: WorkingHours;
  /** Working time of one working day in ms (8 h by default); 1 working day of a procedure. */
  readonly workingDayMs: number;
  readonly #periods: readonly PeriodMs[];

  constructor(options: CalendarOptions = {}) {
    super(options);
    this.hours = options.hours ?? DEFAULT_WORKING_HOURS;
    this.#periods = parseWorkingHours(this.hours);
    this.workingDayMs = this.#periods.reduce((sum, p) => sum + p.end - p.start, 0);
  }

  /** True inside an office period [start, end) of a working day. */
  isWorkingTime(instant: Date): boolean {
    const t = instant.getTime();
    const day = localDayNumber(t);
    if (!this.isWorkingDayNumber(day)) return false;
    const offset = t - localMidnightMs(day);
    return this.#periods.some((p) => offset >= p.start && offset < p.end);
  }

  /** The first instant of working time at or after `instant` (§1.5, S1 receipt rule). */
  normalise(instant: Date): Date {
    return new Date(this.#normaliseMs(instant.getTime()));
  }

  addWorkingHours(instant: Date, hours: number): Date {
    return new Date(this.#addMs(instant.getTime(), hoursToMs(hours)));
  }

  addWorkingHoursDetailed(instant: Date, hours: number): DueResult {
    return this.#result(instant.getTime(), this.#addMs(instant.getTime(), hoursToMs(hours)));
  }

  addWorkingDays(instant: Date, days: number): Date {
    return new Date(this.#addDaysMs(instant.getTime(), days));
  }

  addWorkingDaysDetailed(instant: Date, days: number): DueResult {
    return this.#result(instant.getTime(), this.#addDaysMs(instant.getTime(), days));
  }

  addCalendarDays(instant: Date, days: number, options: CalendarDaysOptions): Date {
    return this.addCalendarDaysDetailed(instant, days, options).dueAt;
  }

  addCalendarDaysDetailed(instant: Date, days: number, options: CalendarDaysOptions): DueResult {
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`calendar days must be a whole number ≥ 0: ${days}`);
    // Keep the calendar day of receipt (the count starts the next day, Civil Code 2015
    // Art. 147 [M]); only the clock moves into office hours, as S1 does.
    const start = this.#clockMs(instant.getTime());
    let day = localDayNumber(start);
    const timeOfDay = start - localMidnightMs(day);
    const skipped: SkippedDay[] = [];
    let idle = 0;
    for (let remaining = days; remaining > 0; ) {
      day++;
      const off = this.dayNumberOff(day);
      if (
        options.skipHolidays &&
        off &&
        off.kind !== 'weekend' &&
        !this.weekendDays.includes(weekdayOfDayNumber(day))
      ) {
        skipped.push({ date: off.date, reason: off.reason });
        this.guard(++idle);
        continue;
      }
      idle = 0;
      remaining--;
    }
    if (options.pushOffDaysOff ?? true) {
      for (let off = this.dayNumberOff(day); off; off = this.dayNumberOff(++day)) {
        skipped.push({ date: off.date, reason: off.reason });
        this.guard(++idle);
      }
    }
    const due = localMidnightMs(day) + timeOfDay;
    return {
      dueAt: new Date(due),
      skipped,
      provisional: this.provisionalBetween(localDayNumber(start), localDayNumber(due)),
    };
  }

  /** Working time in ms between two instants; negative when `to` is before `from`. */
  workingMsBetween(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (b < a) return -this.workingMsBetween(to, from);
    let sum = 0;
    for (let day = localDayNumber(a); day <= localDayNumber(b); day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      const base = localMidnightMs(day);
      for (const p of this.#periods) {
        const overlap = Math.min(b, base + p.end) - Math.max(a, base + p.start);
        if (overlap > 0) sum += overlap;
      }
    }
    return sum;
  }

  /**
   * §1.5 "after supplementation" [V: S1 GetNgayHenTraBoSung]: the clock stops while the
   * applicant supplements the dossier, so the due date moves by the working time between the
   * request (`pausedAt`) and the completed supplement (`resumedAt`).
   */
  shiftDueAfterPause(dueAt: Date, pausedAt: Date, resumedAt: Date): Date {
    return this.shiftDueAfterPauseDetailed(dueAt, pausedAt, resumedAt).dueAt;
  }

  shiftDueAfterPauseDetailed(dueAt: Date, pausedAt: Date, resumedAt: Date): DueResult {
    if (resumedAt.getTime() < pausedAt.getTime()) throw new RangeError('the clock resumes before it was paused');
    const due = this.#addMs(dueAt.getTime(), this.workingMsBetween(pausedAt, resumedAt));
    return this.#result(dueAt.getTime(), due);
  }

  /**
   * The legal due date of a dossier received at `receivedAt` (DOMAIN.md §1.5). Reception outside
   * office hours counts from the next working time (Decree 45/2020). A day-based limit received
   * at or after the cut-off (15:00) counts from the next working day: "trường hợp nhận hồ sơ sau
   * 15 giờ … thì trả kết quả trong ngày làm việc tiếp theo" (QĐ 1872/QĐ-BTP), so Monday 15:30
   * + 1 working day is due at the end of Tuesday, and a same-day limit at the end of Tuesday too.
   */
  legalDueDetailed(receivedAt: Date, limit: LegalLimit, options: LegalDueOptions = {}): DueResult {
    const start = this.#normaliseMs(receivedAt.getTime());
    const cutoffText = options.cutoff ?? this.hours.cutoff ?? DEFAULT_RECEPTION_CUTOFF;
    const cutoff = clockMs(cutoffText);
    if (cutoff === undefined) throw new RangeError(`reception cut-off must be HH:MM: ${cutoffText}`);
    const day = localDayNumber(start);
    const late = start - localMidnightMs(day) >= cutoff;
    // The first working time of the day the count starts on.
    const from = late ? localMidnightMs(this.nextWorkingDayNumber(day + 1)) + (this.#periods[0]?.start ?? 0) : start;
    const dayHours = this.workingDayMs / HOUR_MS;
    switch (limit.unit) {
      case 'working_hours':
        return this.addWorkingHoursDetailed(new Date(start), limit.amount);
      case 'calendar_days':
        return this.addCalendarDaysDetailed(new Date(start), limit.amount, {
          skipHolidays: options.skipHolidays ?? false,
        });
      case 'working_days': {
        if (!late) return this.addWorkingDaysDetailed(new Date(start), limit.amount);
        // From the next opening, n whole days of working time end at the n-th day's closing.
        return this.#result(start, this.#addMs(from, Math.round(limit.amount * this.workingDayMs)));
      }
      case 'same_day': {
        const opening = localMidnightMs(localDayNumber(from)) + (this.#periods[0]?.start ?? 0);
        const days = Math.max(1, Math.ceil(limit.amount));
        return this.#result(start, this.#addMs(opening, hoursToMs(days * dayHours)));
      }
    }
  }

  legalDue(receivedAt: Date, limit: LegalLimit, options: LegalDueOptions = {}): Date {
    return this.legalDueDetailed(receivedAt, limit, options).dueAt;
  }

  // ---- internals ---------------------------------------------------------------------

  /** Into the office periods of the same or a later day, ignoring days off. */
  #clockMs(t: number): number {
    const day = localDayNumber(t);
    const base = localMidnightMs(day);
    for (const p of this.#periods) if (t < base + p.end) return Math.max(t, base + p.start);
    return localMidnightMs(day + 1) + (this.#periods[0]?.start ?? 0);
  }

  #normaliseMs(t: number): number {
    let day = localDayNumber(t);
    if (this.isWorkingDayNumber(day)) {
      const base = localMidnightMs(day);
      for (const p of this.#periods) if (t < base + p.end) return Math.max(t, base + p.start);
    }
    day = this.nextWorkingDayNumber(day + 1);
    return localMidnightMs(day) + (this.#periods[0]?.start ?? 0);
  }

  #addMs(t0: number, ms: number): number {
    let remaining = ms;
    let t = t0;
    if (remaining === 0) return t0;
    for (let day = localDayNumber(t), idle = 0; ; day++, t = localMidnightMs(day)) {
      if (!this.isWorkingDayNumber(day)) {
        this.guard(++idle);
        continue;
      }
      idle = 0;
      const base = localMidnightMs(day);
      for (const p of this.#periods) {
        const start = Math.max(t, base + p.start);
        const available = base + p.end - start;
        if (available <= 0) continue;
        if (remaining <= available) return start + remaining;
        remaining -= available;
      }
    }
  }

  #addDaysMs(t0: number, days: number): number {
    if (!Number.isFinite(days) || days < 0) throw new RangeError(`working days must be a number ≥ 0: ${days}`);
    const total = Math.round(days * this.workingDayMs);
    const whole = Math.floor(total / this.workingDayMs);
    const rest = total - whole * this.workingDayMs;
    if (whole === 0) return this.#addMs(t0, rest);
    const start = this.#normaliseMs(t0);
    let day = localDayNumber(start);
    const timeOfDay = start - localMidnightMs(day);
    for (let i = 0; i < whole; i++) day = this.nextWorkingDayNumber(day + 1);
    return this.#addMs(localMidnightMs(day) + timeOfDay, rest);
  }

  #result(from: number, due: number): DueResult {
    const skipped: SkippedDay[] = [];
    for (let day = localDayNumber(from); day <= localDayNumber(due); day++) {
      const off = this.dayNumberOff(day);
      if (off) skipped.push({ date: off.date, reason: off.reason });
    }
    return {
      dueAt: new Date(due),
      skipped,
      provisional: this.provisionalBetween(localDayNumber(from), localDayNumber(due)),
    };
  }
}

function hoursToMs(hours: number): number {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`working hours must be a number ≥ 0: ${hours}`);
  return Math.round(hours * HOUR_MS);
}
