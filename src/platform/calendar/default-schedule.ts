/**
 * The default rule for a year whose notice is not out yet (the schedule is then "dự kiến").
 *
 * Tết (Labour Code 2019 Art. 112(1)(b), 5 days): the notices place the five days either from
 * the day before the eve to mùng 3, or from the eve to mùng 4. We take the window covering
 * more weekdays, and on a tie the one starting the day before the eve. This reproduces every
 * notice from 2021 to 2026 (2021, 2023, 2024, 2025: eve−1 … mùng 3; 2022, 2026: eve … mùng 4).
 * Weekend days inside the window are then made up after it (Art. 111(3)).
 *
 * National Day (Art. 112(1)(đ)): 02/09 plus 01/09 or 03/09. We take the day giving the longer
 * unbroken break around 02/09 (weekends and make-up days included); on a tie, the one that is
 * a weekday; then 01/09. This too reproduces the choices of 2021–2026.
 *
 * Swaps (hoán đổi) are never guessed: they exist only in an announced schedule.
 */
import { addDays, type IsoDate, weekdayOf } from './dates.ts';
import { lunarNewYearEve } from './lunar.ts';

/** The statutory Tết days the default rule gives for `year`. */
export function deriveTetDays(year: number, days: number, weekendDays: readonly number[]): IsoDate[] {
  const eve = lunarNewYearEve(year);
  const windowFrom = (start: IsoDate) => Array.from({ length: days }, (_, i) => addDays(start, i));
  const weekdaysIn = (dates: IsoDate[]) => dates.filter((d) => !weekendDays.includes(weekdayOf(d))).length;
  const dayBeforeEve = windowFrom(addDays(eve, -1));
  const fromEve = windowFrom(eve);
  return weekdaysIn(fromEve) > weekdaysIn(dayBeforeEve) ? fromEve : dayBeforeEve;
}

interface AssembledYear {
  daysOff: ReadonlyMap<IsoDate, unknown>;
  workingDays: ReadonlyMap<IsoDate, unknown>;
}

/**
 * The National Day adjacent day the default rule gives for `year`. `assemble` builds the
 * year's days off with a given adjacent day (injected to keep this file free of holidays.ts).
 */
export function deriveNationalDayAdjacent(
  year: number,
  assemble: (adjacent: IsoDate) => AssembledYear,
  weekendDays: readonly number[],
): IsoDate {
  const nationalDay = `${year}-09-02`;
  const score = (adjacent: IsoDate): number[] => {
    const { daysOff, workingDays } = assemble(adjacent);
    const off = (d: IsoDate) => daysOff.has(d) || (weekendDays.includes(weekdayOf(d)) && !workingDays.has(d));
    let length = 1;
    for (let d = addDays(nationalDay, -1); off(d); d = addDays(d, -1)) length++;
    for (let d = addDays(nationalDay, 1); off(d); d = addDays(d, 1)) length++;
    const isWeekday = weekendDays.includes(weekdayOf(adjacent)) ? 0 : 1;
    return [length, isWeekday];
  };
  const before = `${year}-09-01`;
  const after = `${year}-09-03`;
  const [a, b] = [score(before), score(after)];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y ? before : after;
  }
  return before;
}
