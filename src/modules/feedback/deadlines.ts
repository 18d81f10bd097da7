/**
 * PAKN deadlines (DOMAIN.md §8.2, the basis of QĐ 766 indicator 5.2). Pure: the caller
 * passes the working calendar (platform/calendar) and the instants.
 *
 * - refuse (out of scope): ≤ 2 working days from the submission or the last transfer;
 * - first request for more information: ≤ 5 working days, same start;
 * - answer (reaching "chờ công khai"): ≤ 15 working days, same start;
 * - publish the answer: ≤ 2 working days after it was given.
 * The day counts are a province's configuration (`FeedbackRules`), 2/5/15/2 by default.
 */

export interface FeedbackRules {
  refuseDays: number;
  supplementDays: number;
  answerDays: number;
  publishDays: number;
  /** Calendar days after the answer during which the sender may ask for it to be looked at again (local rule). */
  reopenWindowDays: number;
  /**
   * When the sender supplies the information asked for, the clocks start again: DVCQG
   * lists "Phản ánh đã bổ sung" among the items waiting for receipt (§8.2) [M].
   */
  restartClockOnSupplement: boolean;
  /** §8.1: the sender's address is required (name and a phone or e-mail always are). */
  requireSenderAddress: boolean;
}

export const DEFAULT_FEEDBACK_RULES: FeedbackRules = Object.freeze({
  refuseDays: 2,
  supplementDays: 5,
  answerDays: 15,
  publishDays: 2,
  reopenWindowDays: 30,
  restartClockOnSupplement: true,
  requireSenderAddress: true,
});

/** The part of platform/calendar's WorkingCalendar the deadlines need. */
export interface DeadlineCalendar {
  addWorkingDays(instant: Date, days: number): Date;
}

export interface ClockDeadlines {
  clockStartAt: Date;
  refuseDueAt: Date;
  supplementDueAt: Date;
  answerDueAt: Date;
}

/** The three deadlines that run from a submission or a transfer (§8.2). */
export function clockDeadlines(calendar: DeadlineCalendar, clockStartAt: Date, rules: FeedbackRules): ClockDeadlines {
  return {
    clockStartAt,
    refuseDueAt: calendar.addWorkingDays(clockStartAt, rules.refuseDays),
    supplementDueAt: calendar.addWorkingDays(clockStartAt, rules.supplementDays),
    answerDueAt: calendar.addWorkingDays(clockStartAt, rules.answerDays),
  };
}

/** §8.2: the answer is published within 2 working days of becoming "chờ công khai". */
export function publishDeadline(calendar: DeadlineCalendar, answeredAt: Date, rules: FeedbackRules): Date {
  return calendar.addWorkingDays(answeredAt, rules.publishDays);
}

const DAY_MS = 86_400_000;

/** The last instant the sender may ask to look at the answer again. */
export function reopenUntil(answeredAt: Date, rules: FeedbackRules): Date {
  return new Date(answeredAt.getTime() + rules.reopenWindowDays * DAY_MS);
}

export type FeedbackTiming = 'onTime' | 'late';

/** Done at or before the deadline is on time (indicator 5.2 has no "early"). */
export function timingOf(doneAt: Date, dueAt: Date): FeedbackTiming {
  return doneAt.getTime() <= dueAt.getTime() ? 'onTime' : 'late';
}

/**
 * §8.2 "in-progress item counted within time": today (or the period end) is still within
 * the answer deadline measured from the start of waiting for receipt.
 */
export function isWithinTime(now: Date, answerDueAt: Date): boolean {
  return now.getTime() <= answerDueAt.getTime();
}

/** Checks a province's edit: whole working days 1–60, a window of 0–365 days. */
export function parseFeedbackRules(input: Partial<FeedbackRules>, base: FeedbackRules): FeedbackRules | undefined {
  const rules: FeedbackRules = { ...base, ...input };
  const days = [rules.refuseDays, rules.supplementDays, rules.answerDays, rules.publishDays];
  if (!days.every((d) => Number.isInteger(d) && d >= 1 && d <= 60)) return undefined;
  if (!Number.isInteger(rules.reopenWindowDays) || rules.reopenWindowDays < 0 || rules.reopenWindowDays > 365) {
    return undefined;
  }
  return rules;
}
