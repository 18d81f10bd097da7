/**
 * Working-day calendar for legal deadlines (DOMAIN.md §1.5, §5). Pure: no storage, no clock.
 * See README.md for the terms and the rules with their sources.
 */

export { type CreateCalendarOptions, createCalendar } from './create-calendar.ts';
export {
  addDays,
  formatVietnameseDate,
  type IsoDate,
  isIsoDate,
  localDateOf,
  VIETNAM_UTC_OFFSET_MS,
  weekdayOf,
} from './dates.ts';
export { deriveNationalDayAdjacent, deriveTetDays } from './default-schedule.ts';
export { type HolidayRule, holidaysInForce, STATUTORY_HOLIDAYS, type StatutoryHoliday } from './holidays.ts';
export {
  hungKingsDay,
  LUNAR_SUPPORTED_YEARS,
  type LunarDate,
  lunarNewYearEve,
  lunarToSolar,
  solarToLunar,
  tetDate,
  tetDayLabel,
} from './lunar.ts';
export {
  DEFAULT_SCHEDULES,
  findSchedule,
  NATIONAL_SCOPE,
  parseSchedules,
  ScheduleExtraDay,
  ScheduleSwap,
  SchedulesFile,
  YearSchedule,
} from './schedules.ts';
export { type NonWorkingDay, WorkingDays, type WorkingDaysOptions, type YearDays } from './working-days.ts';
export {
  DEFAULT_RECEPTION_CUTOFF,
  DEFAULT_WORKING_HOURS,
  parseWorkingHours,
  type WorkingHours,
  type WorkingPeriod,
} from './working-hours.ts';
export {
  type CalendarDaysOptions,
  type CalendarOptions,
  type DueResult,
  type LegalDueOptions,
  type LegalLimit,
  type LimitUnit,
  type SkippedDay,
  WorkingCalendar,
} from './working-time.ts';
export {
  type BuildYearOptions,
  buildYearCalendar,
  type DayOff,
  type DayOffKind,
  DEFAULT_RULE_SOURCE,
  DEFAULT_WEEKEND_DAYS,
  deriveDefaultSchedule,
  type SwappedWorkingDay,
  type YearCalendar,
} from './year-calendar.ts';
