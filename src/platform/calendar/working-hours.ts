/**
 * Office hours of an agency (giờ làm việc). DOMAIN.md §1.5: S1 uses 07:00–11:30 and
 * 13:30–17:00 (8 h, 1 working day = 8 h); each province sets its own hours, so they are
 * configuration per agency, checked here.
 */
import { DomainError, registerErrors } from '../errors.ts';

registerErrors({
  CALENDAR_WORKING_HOURS_INVALID: {
    status: 422,
    vi: 'Giờ làm việc chưa hợp lệ: cần ít nhất một buổi, giờ dạng HH:MM, giờ bắt đầu trước giờ kết thúc và các buổi không chồng nhau.',
  },
});

interface WorkingPeriod {
  /** 'HH:MM', local time (UTC+7). */
  start: string;
  /** 'HH:MM', after `start`; '24:00' allowed. */
  end: string;
}

export interface WorkingHours {
  periods: readonly WorkingPeriod[];
  /**
   * Reception cut-off 'HH:MM' (DOMAIN.md §1.5): a dossier received at or after it counts from
   * the next working day. Absent: DEFAULT_RECEPTION_CUTOFF.
   */
  cutoff?: string;
}

/** DOMAIN.md §1.5 [R: S6; V for hộ tịch, QĐ 1872/QĐ-BTP]: "nhận hồ sơ sau 15 giờ". */
export const DEFAULT_RECEPTION_CUTOFF = '15:00';

/** S1 defaults (DOMAIN.md §1.5) [V]: morning 07:00–11:30, afternoon 13:30–17:00. */
export const DEFAULT_WORKING_HOURS: WorkingHours = {
  periods: [
    { start: '07:00', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
};

/** A period as milliseconds after local midnight, [start, end). */
export interface PeriodMs {
  start: number;
  end: number;
}

const CLOCK = /^(\d{2}):(\d{2})$/;

/** 'HH:MM' as ms after local midnight; undefined when malformed. */
export function clockMs(text: string): number | undefined {
  const match = CLOCK.exec(text);
  if (!match) return undefined;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return undefined;
  return (h * 60 + m) * 60_000;
}

/** Checks and converts working hours; throws CALENDAR_WORKING_HOURS_INVALID. */
export function parseWorkingHours(hours: WorkingHours): PeriodMs[] {
  const periods: PeriodMs[] = [];
  for (const p of hours.periods) {
    const start = clockMs(p.start);
    const end = clockMs(p.end);
    if (start === undefined || end === undefined || start >= end) {
      throw new DomainError('CALENDAR_WORKING_HOURS_INVALID', { period: p });
    }
    periods.push({ start, end });
  }
  if (hours.cutoff !== undefined && clockMs(hours.cutoff) === undefined) {
    throw new DomainError('CALENDAR_WORKING_HOURS_INVALID', { cutoff: hours.cutoff });
  }
  periods.sort((a, b) => a.start - b.start);
  if (periods.length === 0) throw new DomainError('CALENDAR_WORKING_HOURS_INVALID', { periods: [] });
  for (let i = 1; i < periods.length; i++) {
    const prev = periods[i - 1];
    const cur = periods[i];
    if (prev && cur && cur.start < prev.end) {
      throw new DomainError('CALENDAR_WORKING_HOURS_INVALID', { periods: hours.periods });
    }
  }
  return periods;
}
