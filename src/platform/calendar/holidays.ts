/**
 * Statutory holidays (ngày nghỉ lễ, tết) as versioned data with effective dates.
 *
 * DOMAIN.md §5.1: Labour Code 2019 Art. 112(1) gives 11 days: 01/01, 5 Tết days, Giỗ Tổ
 * Hùng Vương (10/3 lunar), 30/04, 01/05, 02/09 plus one adjacent day. 24/11 "Ngày Văn hóa
 * Việt Nam" is only a proposal (issue 23): it ships `provisional`, counted as a day off, until an
 * administrator confirms or rejects it in the year's schedule. A holiday on the weekly
 * rest day is made up on the next working day (Art. 111(3)). Which Tết days and which day
 * next to 02/09 are fixed each year by the Prime Minister (Art. 112(3)); see schedules.ts.
 * The days off of one year are assembled in year-calendar.ts.
 */
import type { IsoDate } from './dates.ts';

type HolidayRule =
  | { kind: 'solar'; month: number; day: number }
  | { kind: 'lunar'; month: number; day: number }
  /** Lunar New Year: `days` days placed around the eve by the yearly schedule. */
  | { kind: 'tet'; days: number }
  /** 02/09 and `adjacentDays` day(s) next to it chosen by the yearly schedule. */
  | { kind: 'national-day'; month: number; day: number; adjacentDays: number };

export interface StatutoryHoliday {
  id: string;
  /** Vietnamese name, used in the reasons shown to officers and citizens. */
  name: string;
  rule: HolidayRule;
  /** First date on which this version applies. */
  effectiveFrom: IsoDate;
  /** Last date on which this version applies, if superseded. */
  effectiveTo?: IsoDate;
  /** Made up on the next working day when it falls on a rest day (Art. 111(3)). */
  compensated: boolean;
  source: string;
  note?: string;
  /**
   * Not verified as enacted: the day counts as off, the due dates crossing it are marked
   * provisional, and a year's schedule confirms or rejects it (`holidayDecisions`).
   */
  provisional?: boolean;
}

const LC2019 = 'Bộ luật Lao động 2019 (45/2019/QH14), Điều 112 khoản 1';
const LC2012 = 'Bộ luật Lao động 2012 (10/2012/QH13), Điều 115 [M]';

/**
 * Versions by effective date. The 2012 Code (in force 01/05/2013) had the same days except a
 * single National Day; the 2019 Code (in force 01/01/2021) added the adjacent day.
 */
export const STATUTORY_HOLIDAYS: readonly StatutoryHoliday[] = [
  {
    id: 'tet-duong-lich',
    name: 'Tết Dương lịch',
    rule: { kind: 'solar', month: 1, day: 1 },
    effectiveFrom: '2013-05-01',
    compensated: true,
    source: `${LC2019}, điểm a; trước đó ${LC2012}`,
  },
  {
    id: 'tet-nguyen-dan',
    name: 'Tết Nguyên Đán',
    rule: { kind: 'tet', days: 5 },
    effectiveFrom: '2013-05-01',
    compensated: true,
    source: `${LC2019}, điểm b; trước đó ${LC2012}`,
  },
  {
    id: 'gio-to-hung-vuong',
    name: 'Giỗ Tổ Hùng Vương',
    rule: { kind: 'lunar', month: 3, day: 10 },
    effectiveFrom: '2013-05-01',
    compensated: true,
    source: `${LC2019}, điểm e; trước đó ${LC2012}`,
  },
  {
    id: 'ngay-chien-thang',
    name: 'Ngày Chiến thắng',
    rule: { kind: 'solar', month: 4, day: 30 },
    effectiveFrom: '2013-05-01',
    compensated: true,
    source: `${LC2019}, điểm c; trước đó ${LC2012}`,
  },
  {
    id: 'quoc-te-lao-dong',
    name: 'Ngày Quốc tế Lao động',
    rule: { kind: 'solar', month: 5, day: 1 },
    effectiveFrom: '2013-05-01',
    compensated: true,
    source: `${LC2019}, điểm d; trước đó ${LC2012}`,
  },
  {
    id: 'quoc-khanh',
    name: 'Quốc khánh',
    rule: { kind: 'national-day', month: 9, day: 2, adjacentDays: 0 },
    effectiveFrom: '2013-05-01',
    effectiveTo: '2020-12-31',
    compensated: true,
    source: LC2012,
  },
  {
    id: 'quoc-khanh',
    name: 'Quốc khánh',
    rule: { kind: 'national-day', month: 9, day: 2, adjacentDays: 1 },
    effectiveFrom: '2021-01-01',
    compensated: true,
    source: `${LC2019}, điểm đ`,
  },
  {
    id: 'ngay-van-hoa-viet-nam',
    name: 'Ngày Văn hóa Việt Nam',
    rule: { kind: 'solar', month: 11, day: 24 },
    effectiveFrom: '2026-07-01',
    compensated: false,
    provisional: true,
    source:
      'Đề xuất, chưa thấy văn bản ban hành: Bộ Chính trị chọn ngày 24/11; Nghị quyết 30/NQ-CP ngày 26/02/2026 của ' +
      'Chính phủ giao sửa Điều 112 Bộ luật Lao động (tin vneconomy.vn 26/02/2026, vnexpress.net 17/01/2026) [V]. ' +
      'Số "Nghị quyết 28/2026/QH16" chỉ thấy trong mã nguồn, không tìm được văn bản (DOMAIN.md §5.1).',
    note:
      'Dự kiến: quản trị viên xác nhận (hoặc không) trong lịch nghỉ của năm khi có văn bản. Ngày này không nằm trong ' +
      'Điều 112 khoản 1 nên Điều 111 khoản 3 (nghỉ bù) không hiển nhiên áp dụng; để false đến khi văn bản quy định.',
  },
];

/** The statutory holiday versions in force on `date`. */
export function holidaysInForce(holidays: readonly StatutoryHoliday[], date: IsoDate): StatutoryHoliday[] {
  return holidays.filter((h) => h.effectiveFrom <= date && (h.effectiveTo === undefined || date <= h.effectiveTo));
}
