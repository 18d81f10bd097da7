/**
 * Early / on time / late, the way the national portal counts dossiers for QĐ 766 indicator 2.1
 * (DOMAIN.md §1.5, §3.1; [V: S7] "Mô tả công thức tính chỉ số 766"). Pure: the reporting
 * period's end stands in for "now".
 */
import { localDateOf } from '../../platform/calendar/index.ts';
import type { DossierSnapshot, SupplementInterval } from './states.ts';

/** Stored on a finished dossier (schema `timing`) and printed on the control sheet (Mẫu 06). */
type FinalTiming = 'early' | 'onTime' | 'late';
/** Plus the two classes of a dossier still being processed at the end of the period. */
export type TimingClass = FinalTiming | 'inProgressOnTime' | 'inProgressLate';

export interface TimingInput {
  /** Ngày tiếp nhận; the start of processing. Only received dossiers are counted. */
  receivedAt: Date;
  /** Ngày hẹn trả as synced to the national portal; null when none is stored. */
  dueAt: Date | null;
  /** First of result_ready > delivered > stopped/refused/withdrawn; null while processing. */
  finishedAt: Date | null;
  /** Clock stops for supplementation after reception; `to` null while still waiting. */
  supplementIntervals: readonly SupplementInterval[];
  /** Supplement requests after reception; more than one makes the dossier late. */
  supplementRequests: number;
  /** The procedure's maximum time, used only without a due date, in the unit of `measure`. */
  legalLimitMs?: number;
  /** How time is measured against `legalLimitMs`; pass `calendar.workingMsBetween` for working days. */
  measure?: (from: Date, to: Date) => number;
  /** End of the reporting period: the classification is as of this instant. */
  periodEnd: Date;
}

const calendarMs = (from: Date, to: Date): number => to.getTime() - from.getTime();

/** Where processing ends for the index, and whether the dossier counts as finished. */
function endOfProcessing(input: TimingInput): { end: Date; finished: boolean } {
  const { finishedAt, periodEnd } = input;
  if (finishedAt && finishedAt.getTime() <= periodEnd.getTime()) return { end: finishedAt, finished: true };
  // S7: a dossier waiting for the applicant counts as finished at the time of the request.
  const waiting = input.supplementIntervals.find(
    (i) => i.from.getTime() <= periodEnd.getTime() && (i.to === null || i.to.getTime() > periodEnd.getTime()),
  );
  if (waiting) return { end: waiting.from, finished: true };
  // S7: no end yet → the end of the reporting period.
  return { end: periodEnd, finished: false };
}

/** The supplement waiting time before `end`, measured with `measure` (S7: deducted from the end). */
function supplementTime(input: TimingInput, end: Date, measure: (from: Date, to: Date) => number): number {
  let sum = 0;
  for (const interval of input.supplementIntervals) {
    const from = interval.from.getTime();
    const to = Math.min(interval.to?.getTime() ?? end.getTime(), end.getTime());
    if (to > from) sum += measure(interval.from, new Date(to));
  }
  return sum;
}

/**
 * The national classification [V: S7, indicator 2.1]:
 * - on time when (end − supplement waiting time) ≤ due date;
 * - the end is the first ending state; a dossier waiting for supplementation ends at the request;
 * - more than one supplement request makes the dossier late;
 * - without a due date: (end − start − supplement time) ≤ the legal limit;
 * - without an end: the end of the reporting period (then the class is `inProgress…`).
 * Early (our rule, docs/dossiers.md): on time and the adjusted end falls on a calendar day
 * (Vietnam time) before the due date's day. Without a due date there is no early.
 * Throws RangeError when there is neither a due date nor a legal limit.
 */
export function classifyTiming(input: TimingInput): TimingClass {
  const { end, finished } = endOfProcessing(input);
  const late: TimingClass = finished ? 'late' : 'inProgressLate';
  const onTime: TimingClass = finished ? 'onTime' : 'inProgressOnTime';
  if (input.supplementRequests > 1) return late;

  if (input.dueAt) {
    const adjustedEnd = new Date(end.getTime() - supplementTime(input, end, calendarMs));
    if (adjustedEnd.getTime() > input.dueAt.getTime()) return late;
    if (finished && localDateOf(adjustedEnd) < localDateOf(input.dueAt)) return 'early';
    return onTime;
  }

  if (input.legalLimitMs === undefined) throw new RangeError('classifyTiming needs a due date or a legal time limit');
  const measure = input.measure ?? calendarMs;
  const elapsed = measure(input.receivedAt, end) - supplementTime(input, end, measure);
  return elapsed <= input.legalLimitMs ? onTime : late;
}

/** Counted in the numerator of indicator 2.1: finished early or on time, or still within time. */
export const countsAsOnTime = (timing: TimingClass): boolean =>
  timing === 'early' || timing === 'onTime' || timing === 'inProgressOnTime';

/**
 * The timing input of a dossier snapshot as of `periodEnd`; null when the dossier was never
 * received (S7 counts only received dossiers). Requests made before reception stopped no
 * clock, so only the clock stops after reception count towards "more than one request".
 */
export function timingInputOf(
  snapshot: DossierSnapshot,
  options: { periodEnd: Date; legalLimitMs?: number; measure?: (from: Date, to: Date) => number },
): TimingInput | null {
  if (snapshot.receivedAt === null) return null;
  const periodEnd = options.periodEnd.getTime();
  return {
    receivedAt: snapshot.receivedAt,
    dueAt: snapshot.dueAt,
    finishedAt: snapshot.finishedAt,
    supplementIntervals: snapshot.supplementIntervals,
    supplementRequests: snapshot.supplementIntervals.filter((i) => i.from.getTime() <= periodEnd).length,
    ...(options.legalLimitMs === undefined ? {} : { legalLimitMs: options.legalLimitMs }),
    ...(options.measure ? { measure: options.measure } : {}),
    periodEnd: options.periodEnd,
  };
}
