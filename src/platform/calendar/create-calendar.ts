/**
 * The usual way to get a calendar: statutory holidays + yearly schedules, built lazily per
 * year, with an agency's office hours. The caller (the lead's service layer) loads the
 * schedules from storage; without them the shipped `data/calendar/schedules.json` is used.
 */
import { DEFAULT_SCHEDULES, type YearSchedule } from './schedules.ts';
import type { WorkingHours } from './working-hours.ts';
import { type CalendarOptions, WorkingCalendar } from './working-time.ts';
import { type BuildYearOptions, buildYearCalendar } from './year-calendar.ts';

export interface CreateCalendarOptions extends BuildYearOptions {
  /** Yearly schedules (national and provincial); default: the shipped data file. */
  schedules?: readonly YearSchedule[];
  /** Office hours of the agency; default 07:00–11:30, 13:30–17:00. */
  hours?: WorkingHours;
  daysOff?: CalendarOptions['daysOff'];
  swappedWorkingDays?: CalendarOptions['swappedWorkingDays'];
}

export function createCalendar(options: CreateCalendarOptions = {}): WorkingCalendar {
  const schedules = options.schedules ?? DEFAULT_SCHEDULES;
  const build: BuildYearOptions = {};
  if (options.scopes) build.scopes = options.scopes;
  if (options.holidays) build.holidays = options.holidays;
  if (options.weekendDays) build.weekendDays = options.weekendDays;
  const calendarOptions: CalendarOptions = { yearDays: (year) => buildYearCalendar(year, schedules, build) };
  if (options.hours) calendarOptions.hours = options.hours;
  if (options.weekendDays) calendarOptions.weekendDays = options.weekendDays;
  if (options.daysOff) calendarOptions.daysOff = options.daysOff;
  if (options.swappedWorkingDays) calendarOptions.swappedWorkingDays = options.swappedWorkingDays;
  return new WorkingCalendar(calendarOptions);
}
