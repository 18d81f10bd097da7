/** What a citizen or an officer reads about a paper and its uses. */
import type { PaperOrigin, PaperUseKind } from '../schema.ts';

export const ORIGIN_LABELS: Record<PaperOrigin, string> = {
  uploaded: 'Giấy tờ đã nộp kèm hồ sơ',
  digitised: 'Bản số hóa từ bản chính, có chứng nhận',
  result: 'Kết quả giải quyết thủ tục hành chính điện tử',
};

export const USE_LABELS: Record<PaperUseKind, string> = {
  reused: 'Dùng lại cho hồ sơ mới, không phải nộp lại',
  staff_read: 'Cán bộ tiếp nhận xem khi giải quyết hồ sơ',
  digitised: 'Số hóa và chứng nhận tại Bộ phận Một cửa',
};

export const MY_PAPERS = '/giay-to-cua-toi';

/** 2031-12-31 → 31/12/2031. */
export const vnDate = (iso: string) => iso.split('-').reverse().join('/');
