/**
 * Pure rules of a procedure's content: the hour budget of the process template (DOMAIN.md
 * §1.5) and the checks a schema cannot express. No database, no clock.
 */
import { foldVietnamese } from '../../platform/codes/fold.ts';
import { DomainError } from '../../platform/errors.ts';
import './errors.ts';
import type { ProcedureContent, ProcessStep, TimeLimit } from './model.ts';

/**
 * DOMAIN.md §1.5: durations are kept in working hours, 8 hours = 1 working day (S1 divides by
 * 8; the default office hours 07:00–11:30 and 13:30–17:00 are 8 h). A province with other
 * office hours still budgets 8 h per day: the calendar turns budgets into instants.
 */
const HOURS_PER_WORKING_DAY = 8;

/**
 * The working hours a process template must add up to for a legal time limit.
 *   - working_days: amount × 8;
 *   - working_hours: amount;
 *   - calendar_days: amount × 8 as well. A step budget is working time, and calendar days
 *     have no fixed number of working hours (weekends and holidays in between vary), so each
 *     calendar day is budgeted as one working day. The budgets only split the work between
 *     steps; the dossier's due date is computed from the calendar with the real rule
 *     (platform/calendar `addCalendarDays`). Same rule as data/procedures/README.md.
 */
export function budgetHours(limit: TimeLimit): number {
  // same_day: the steps share the day of reception (one working day of 8 h per day counted).
  return limit.unit === 'working_hours' ? limit.amount : limit.amount * HOURS_PER_WORKING_DAY;
}

const EPSILON = 1e-9;

/** Hours of a template per channel: counter (`hours`) and online (`hoursOnline`, default `hours`). */
export function templateHours(steps: readonly ProcessStep[]): { total: number; online: number } {
  let total = 0;
  let online = 0;
  for (const s of steps) {
    total += s.hours;
    online += s.hoursOnline ?? s.hours;
  }
  return { total, online };
}

const number = (n: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n);

const UNIT_VI: Record<TimeLimit['unit'], string> = {
  working_days: 'ngày làm việc',
  working_hours: 'giờ làm việc',
  calendar_days: 'ngày',
  same_day: 'trong ngày',
};

export function describeTimeLimit(limit: TimeLimit): string {
  if (limit.unit === 'same_day') {
    const days = limit.amount > 1 ? `trong ${number(limit.amount)} ngày làm việc` : 'trong ngày';
    const cutoff = (limit.cutoff ?? '15:00').replace(':', ' giờ ').replace(' giờ 00', ' giờ');
    return `${days} (nhận hồ sơ sau ${cutoff} thì trả kết quả trong ngày làm việc tiếp theo)`;
  }
  return `${number(limit.amount)} ${UNIT_VI[limit.unit]}`;
}

/**
 * Refuses a template whose step budgets do not add up to the legal limit, per channel
 * (DOMAIN.md §1.5: online and counter channels may have different limits and budgets).
 */
export function assertProcessBudget(
  steps: readonly ProcessStep[],
  timeLimit: TimeLimit,
  timeLimitOnline: TimeLimit | null,
): void {
  const { total, online } = templateHours(steps);
  const channels: Array<{ channel: 'counter' | 'online'; limit: TimeLimit; actual: number }> = [
    { channel: 'counter', limit: timeLimit, actual: total },
  ];
  if (timeLimitOnline) channels.push({ channel: 'online', limit: timeLimitOnline, actual: online });
  for (const { channel, limit, actual } of channels) {
    const expected = budgetHours(limit);
    if (Math.abs(actual - expected) <= EPSILON) continue;
    const onlinePart = channel === 'online' ? ' khi nộp trực tuyến' : '';
    const calendarNote =
      limit.unit === 'calendar_days' ? ' (mỗi ngày theo lịch được tính 8 giờ làm việc khi phân bổ cho các bước)' : '';
    throw new DomainError(
      'PROCESS_BUDGET_MISMATCH',
      { channel, expectedHours: expected, actualHours: actual, timeLimit: limit },
      `Tổng thời gian các bước của quy trình${onlinePart} là ${number(actual)} giờ làm việc, nhưng thời hạn giải quyết ` +
        `theo quy định là ${describeTimeLimit(limit)}, tức ${number(expected)} giờ làm việc${calendarNote}. ` +
        'Vui lòng điều chỉnh thời gian các bước cho khớp.',
    );
  }
}

export interface ContentProblem {
  field: string;
  message: string;
}

/** Checks a schema cannot express; empty when the content is consistent. */
export function contentProblems(c: ProcedureContent): ContentProblem[] {
  const out: ContentProblem[] = [];
  // Two-level local government (from 01/07/2025): a commune procedure is implemented by the
  // commune People's Committee, a province procedure by a provincial agency.
  if (c.level === 'commune' && c.agencyKind !== 'commune')
    out.push({
      field: 'agencyKind',
      message: 'Thủ tục cấp xã do Ủy ban nhân dân cấp xã thực hiện (agencyKind "commune").',
    });
  if (c.level === 'province' && c.agencyKind === 'commune')
    out.push({ field: 'agencyKind', message: 'Thủ tục cấp tỉnh không thể do Ủy ban nhân dân cấp xã thực hiện.' });
  if (c.name.trim() !== c.name || c.name !== c.name.normalize('NFC'))
    out.push({ field: 'name', message: 'Tên thủ tục phải chuẩn hóa NFC và không có khoảng trắng ở đầu, cuối.' });
  const declarations = c.papers.filter((p) => p.eform === true);
  if (declarations.length > 1)
    out.push({
      field: 'papers',
      message: 'Chỉ một giấy tờ được đánh dấu là tờ khai do biểu mẫu điện tử điền (eform).',
    });
  if (declarations.length > 0 && !c.eform.some((f) => f.type !== 'file'))
    out.push({ field: 'papers', message: 'Giấy tờ "eform" cần thủ tục có biểu mẫu điện tử để điền.' });
  const keys = new Set<string>();
  c.eform.forEach((f, i) => {
    if (keys.has(f.key)) out.push({ field: `eform.${i}.key`, message: `Khóa "${f.key}" bị trùng trong biểu mẫu.` });
    keys.add(f.key);
    if (f.type === 'choice' && !f.options)
      out.push({ field: `eform.${i}.options`, message: 'Trường lựa chọn phải có danh sách giá trị.' });
    if (f.type !== 'choice' && f.options)
      out.push({ field: `eform.${i}.options`, message: 'Chỉ trường lựa chọn mới có danh sách giá trị.' });
    if (f.check === 'not_future' && f.type !== 'date')
      out.push({ field: `eform.${i}.check`, message: 'Chỉ trường ngày mới có kiểm tra "not_future".' });
    if (f.check === 'person_name' && f.type !== 'text')
      out.push({ field: `eform.${i}.check`, message: 'Chỉ trường văn bản mới có kiểm tra "person_name".' });
    if (f.check === 'year_of_birth' && f.type !== 'number')
      out.push({ field: `eform.${i}.check`, message: 'Chỉ trường số mới có kiểm tra "year_of_birth".' });
    if (f.requiredWith !== undefined && (f.requiredWith === f.key || !c.eform.some((g) => g.key === f.requiredWith)))
      out.push({
        field: `eform.${i}.requiredWith`,
        message: `"requiredWith" phải là khóa của một trường khác trong biểu mẫu ("${f.requiredWith}").`,
      });
  });
  c.process.forEach((s, i) => {
    if (s.unit === 'other_agency' && !s.otherAgencyKind)
      out.push({ field: `process.${i}.otherAgencyKind`, message: 'Bước liên thông phải nêu loại cơ quan phối hợp.' });
    if (s.unit !== 'other_agency' && s.otherAgencyKind)
      out.push({ field: `process.${i}.otherAgencyKind`, message: 'Chỉ bước liên thông mới nêu cơ quan phối hợp.' });
    if (s.hoursOnline !== undefined && !c.timeLimitOnline)
      out.push({
        field: `process.${i}.hoursOnline`,
        message: 'Chỉ nêu thời gian riêng cho nộp trực tuyến khi thủ tục có thời hạn trực tuyến riêng.',
      });
  });
  return out;
}

/**
 * Text for search: folded like SQL `vn_fold` (the same table, platform/codes/fold.ts), then
 * punctuation other than the dot of codes turned into spaces, so "(hòa giải," holds the word
 * "hoa" and the query "hoa giai" matches it word by word.
 */
export function searchFold(text: string): string {
  return foldVietnamese(text)
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    .trim();
}

/**
 * Search keys of a procedure:
 *   - searchKey: name, field name and national code, for the trigram index;
 *   - nameKey: the name without the generic opening "Thủ tục", so that "đăng ký khai sinh"
 *     is an exact match of "Thủ tục đăng ký khai sinh" when ranking.
 */
export function searchKeysOf(name: string, fieldName: string, nationalCode: string | null) {
  const nameKey = searchFold(name).replace(/^thu tuc /, '');
  const searchKey = searchFold([name, fieldName, nationalCode ?? ''].join(' '));
  return { nameKey, searchKey };
}
