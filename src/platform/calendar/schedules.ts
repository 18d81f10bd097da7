/**
 * Yearly civil-service schedules (lịch nghỉ lễ, Tết của cán bộ, công chức, viên chức).
 *
 * Labour Code 2019 Art. 112(3) leaves two things to the Prime Minister each year: which five
 * days are Tết and which day next to 02/09 is the second National Day holiday. The notice
 * (Bộ LĐ-TB&XH to 2025, Bộ Nội vụ from 2026) may also swap a weekday off for a Saturday
 * worked (hoán đổi ngày làm việc). DOMAIN.md §5.1: this is an admin-edited table per year and
 * per scope (national, province), so it lives in data (`data/calendar/schedules.json`) and is
 * validated here. A schedule is an overlay: a province schedule may only add days.
 */
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import schedulesJson from '../../../data/calendar/schedules.json' with { type: 'json' };
import { DomainError, registerErrors } from '../errors.ts';
import { type IsoDate, isIsoDate, yearOf } from './dates.ts';

registerErrors({
  CALENDAR_SCHEDULE_INVALID: {
    status: 422,
    vi: 'Lịch nghỉ lễ, Tết theo năm chưa hợp lệ. Vui lòng kiểm tra các mục được nêu.',
  },
});

export const NATIONAL_SCOPE = 'national';

const IsoDateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const ScheduleSwap = Type.Object(
  {
    /** The weekday given off. */
    dayOff: IsoDateText,
    /** The weekend day worked in exchange (làm bù). */
    workingDay: IsoDateText,
    source: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
const ScheduleExtraDay = Type.Object(
  {
    date: IsoDateText,
    reason: Type.String({ minLength: 1 }),
    source: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export const YearSchedule = Type.Object(
  {
    year: Type.Integer({ minimum: 1990, maximum: 2100 }),
    /** `national`, or a province code (2 digits, DOMAIN.md §4.3) for a provincial overlay. */
    scope: Type.String({ minLength: 1 }),
    /** True while the schedule is a forecast ("dự kiến"), not an announced notice. */
    provisional: Type.Boolean(),
    /** The notice (number, date, issuer) or how the schedule was derived. */
    source: Type.String({ minLength: 1 }),
    note: Type.Optional(Type.String()),
    /** The statutory Tết days the notice names (weekend ones are made up by Art. 111(3)). */
    tetDays: Type.Optional(Type.Array(IsoDateText, { minItems: 1 })),
    /** The whole announced break, weekends included; informational, checked by tests. */
    tetBreak: Type.Optional(Type.Object({ from: IsoDateText, to: IsoDateText }, { additionalProperties: false })),
    /** 01/09 or 03/09: the second National Day holiday. */
    nationalDayAdjacent: Type.Optional(IsoDateText),
    swaps: Type.Optional(Type.Array(ScheduleSwap)),
    extraDaysOff: Type.Optional(Type.Array(ScheduleExtraDay)),
    extraWorkingDays: Type.Optional(Type.Array(ScheduleExtraDay)),
    /**
     * The administrator's decision on a provisional statutory holiday (holidays.ts, e.g.
     * `ngay-van-hoa-viet-nam`) for this year: confirmed (enacted) or rejected (not a day off).
     */
    holidayDecisions: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[a-z0-9-]{1,60}$' }),
        Type.Union([Type.Literal('confirmed'), Type.Literal('rejected')]),
      ),
    ),
  },
  { additionalProperties: false },
);
export type YearSchedule = Static<typeof YearSchedule>;

const SchedulesFile = Type.Object({
  description: Type.Optional(Type.String()),
  schedules: Type.Array(YearSchedule),
});
/**
 * Validates schedules read from the data file or the admin table. Throws
 * CALENDAR_SCHEDULE_INVALID with the list of problems.
 */
export function parseSchedules(input: unknown): YearSchedule[] {
  if (!Value.Check(SchedulesFile, input)) {
    const problems = Value.Errors(SchedulesFile, input).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new DomainError('CALENDAR_SCHEDULE_INVALID', { problems });
  }
  const problems = input.schedules.flatMap(scheduleProblems);
  const seen = new Set<string>();
  for (const s of input.schedules) {
    const key = `${s.year}/${s.scope}`;
    if (seen.has(key)) problems.push(`${key}: có hơn một lịch cho cùng năm và phạm vi`);
    seen.add(key);
  }
  if (problems.length > 0) throw new DomainError('CALENDAR_SCHEDULE_INVALID', { problems });
  return input.schedules;
}

function scheduleProblems(s: YearSchedule): string[] {
  const where = `${s.year}/${s.scope}`;
  const problems: string[] = [];
  const check = (date: IsoDate, what: string, sameYear: boolean) => {
    if (!isIsoDate(date)) problems.push(`${where}: ${what} ${date} không phải ngày hợp lệ`);
    else if (sameYear && yearOf(date) !== s.year) problems.push(`${where}: ${what} ${date} không thuộc năm ${s.year}`);
    // Swaps and extra days may reach into the neighbouring year (e.g. a New Year swap).
    else if (Math.abs(yearOf(date) - s.year) > 1) problems.push(`${where}: ${what} ${date} quá xa năm ${s.year}`);
  };
  for (const d of s.tetDays ?? []) check(d, 'ngày Tết', true);
  if (new Set(s.tetDays ?? []).size !== (s.tetDays ?? []).length) problems.push(`${where}: ngày Tết bị lặp`);
  if (s.tetBreak) {
    check(s.tetBreak.from, 'đầu kỳ nghỉ Tết', true);
    check(s.tetBreak.to, 'cuối kỳ nghỉ Tết', true);
  }
  if (s.nationalDayAdjacent !== undefined) {
    const ok = s.nationalDayAdjacent === `${s.year}-09-01` || s.nationalDayAdjacent === `${s.year}-09-03`;
    // Labour Code 2019 Art. 112(1)(đ): 02/09 and one day immediately before or after.
    if (!ok) problems.push(`${where}: ngày liền kề Quốc khánh phải là 01/09 hoặc 03/09`);
  }
  for (const swap of s.swaps ?? []) {
    check(swap.dayOff, 'ngày nghỉ hoán đổi', false);
    check(swap.workingDay, 'ngày làm bù', false);
  }
  for (const extra of s.extraDaysOff ?? []) check(extra.date, 'ngày nghỉ thêm', false);
  for (const extra of s.extraWorkingDays ?? []) check(extra.date, 'ngày làm việc thêm', false);
  return problems;
}

/** The schedules shipped in `data/calendar/schedules.json` (national, 2025–2027). */
export const DEFAULT_SCHEDULES: readonly YearSchedule[] = parseSchedules(schedulesJson);

/** The schedule of one year and scope, if any. */
export function findSchedule(
  schedules: readonly YearSchedule[],
  year: number,
  scope: string,
): YearSchedule | undefined {
  return schedules.find((s) => s.year === year && s.scope === scope);
}
