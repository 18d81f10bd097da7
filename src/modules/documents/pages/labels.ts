/** Paths and Vietnamese labels the documents pages share. */
import type { Secrecy, Urgency } from '../schema.ts';
import type { DocumentActionType } from '../states.ts';

export const BASE = '/workspace/van-ban';
export const documentHref = (id: string) => `${BASE}/${id}`;

export const urgencyLabels: Record<Urgency, string> = {
  normal: 'Thường',
  urgent: 'Khẩn',
  very_urgent: 'Thượng khẩn',
  flash: 'Hỏa tốc',
};

export const secrecyLabels: Record<Secrecy, string> = {
  none: 'Không mật',
  confidential: 'Mật',
  secret: 'Tối mật',
  top_secret: 'Tuyệt mật',
};

export const vnDate = (iso: string | null | undefined): string =>
  iso ? iso.slice(0, 10).split('-').reverse().join('/') : '';

/** The actions with a form on the document page: path segment, button label, text field label, banner. */
export const ACTION_PATHS: Partial<
  Record<DocumentActionType, { path: string; label: string; field?: string; done: string }>
> = {
  register: { path: 'vao-so', label: 'Vào sổ văn bản đến', done: 'Đã vào sổ văn bản đến.' },
  return: {
    path: 'tra-lai-noi-gui',
    label: 'Trả lại nơi gửi',
    field: 'Lý do trả lại',
    done: 'Đã trả lại văn bản cho nơi gửi.',
  },
  present: { path: 'trinh', label: 'Trình lãnh đạo', done: 'Đã trình lãnh đạo.' },
  assign: { path: 'phan-cong', label: 'Phân công xử lý', done: 'Đã phân công xử lý.' },
  start: { path: 'bat-dau', label: 'Bắt đầu xử lý', done: 'Đã nhận xử lý.' },
  complete_assignment: {
    path: 'xong-phan-viec',
    label: 'Báo cáo hoàn thành phần việc',
    field: 'Kết quả, đề xuất',
    done: 'Đã báo cáo kết quả.',
  },
  answer: { path: 'tra-loi', label: 'Gắn văn bản trả lời', done: 'Đã gắn văn bản trả lời.' },
  close: {
    path: 'hoan-thanh',
    label: 'Hoàn thành xử lý',
    field: 'Kết quả xử lý',
    done: 'Đã hoàn thành xử lý văn bản.',
  },
  comment: { path: 'gop-y', label: 'Gửi góp ý', field: 'Góp ý', done: 'Đã gửi góp ý.' },
  submit: { path: 'trinh-duyet', label: 'Trình duyệt, ký', done: 'Đã trình lãnh đạo duyệt.' },
  send_back: { path: 'tra-lai', label: 'Trả lại dự thảo', field: 'Lý do trả lại', done: 'Đã trả lại dự thảo.' },
  approve: { path: 'duyet', label: 'Duyệt nội dung', done: 'Đã duyệt nội dung.' },
  check_format: {
    path: 'kiem-tra-the-thuc',
    label: 'Đạt thể thức, chuyển ký',
    done: 'Văn bản đạt thể thức, đã chuyển lãnh đạo ký.',
  },
  sign: { path: 'ky', label: 'Ký số', done: 'Đã ký số văn bản.' },
  issue: { path: 'phat-hanh', label: 'Ký số cơ quan, cấp số và phát hành', done: 'Đã cấp số và phát hành văn bản.' },
  recall_issued: {
    path: 'thu-hoi',
    label: 'Thu hồi văn bản',
    field: 'Lý do thu hồi',
    done: 'Đã thu hồi văn bản; kết quả thu hồi ở từng nơi nhận hiện trong mục Gửi văn bản.',
  },
  update_issued: {
    path: 'cap-nhat',
    label: 'Cập nhật văn bản đã phát hành',
    field: 'Lý do cập nhật',
    done: 'Đã mở bản cập nhật: bản cập nhật chờ duyệt, kiểm tra thể thức, ký số và phát hành lại với số, ngày của văn bản.',
  },
};

/** The issue button of an update (a document that already has its number and date). */
export const ISSUE_UPDATE_LABEL = 'Ký số cơ quan và phát hành bản cập nhật';

/** The answer of each recipient to our recall (QCVN 102:2016 status 15 / 16). */
export const recallOutcomeLabels: Record<'taken' | 'refused' | 'waiting', string> = {
  taken: 'Nơi nhận đã đồng ý thu hồi',
  refused: 'Nơi nhận từ chối hoặc không có văn bản để thu hồi',
  waiting: 'Chờ nơi nhận trả lời việc thu hồi',
};

/** The answer of each recipient to our latest update (QCVN 102:2016 status 15 / 16). */
export const updateOutcomeLabels: Record<'taken' | 'refused' | 'waiting', string> = {
  taken: 'Nơi nhận đã đồng ý cập nhật',
  refused: 'Nơi nhận từ chối cập nhật',
  waiting: 'Chờ nơi nhận trả lời việc cập nhật',
};

export const actionOfPath = (path: string): DocumentActionType | undefined =>
  (Object.keys(ACTION_PATHS) as DocumentActionType[]).find((a) => ACTION_PATHS[a]?.path === path);
