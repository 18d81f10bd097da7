/**
 * Domain errors: a stable machine code, one HTTP status and one Vietnamese message per code.
 * Modules register their codes at load time; the HTTP error mapper is the only place that
 * turns a DomainError into a response.
 */
export interface ErrorEntry {
  status: number;
  /** What a citizen or officer reads. Full diacritics. */
  vi: string;
}

const catalog = new Map<string, ErrorEntry>();

export function registerErrors(entries: Record<string, ErrorEntry>): void {
  for (const [code, entry] of Object.entries(entries)) {
    const existing = catalog.get(code);
    if (existing && (existing.status !== entry.status || existing.vi !== entry.vi)) {
      throw new Error(`error code ${code} registered twice with different meanings`);
    }
    catalog.set(code, entry);
  }
}

export function errorEntry(code: string): ErrorEntry | undefined {
  return catalog.get(code);
}

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: string,
    readonly details: Record<string, unknown> = {},
    message?: string,
  ) {
    const entry = catalog.get(code);
    super(message ?? entry?.vi ?? code);
    this.name = 'DomainError';
    this.status = entry?.status ?? 400;
  }
}

registerErrors({
  VALIDATION_FAILED: { status: 400, vi: 'Dữ liệu gửi lên chưa hợp lệ. Vui lòng kiểm tra các trường được nêu.' },
  MALFORMED_REQUEST: { status: 400, vi: 'Yêu cầu không đúng định dạng.' },
  PAYLOAD_TOO_LARGE: { status: 413, vi: 'Dữ liệu gửi lên vượt quá dung lượng cho phép.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, vi: 'Kiểu dữ liệu gửi lên không được hỗ trợ.' },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy nội dung yêu cầu.' },
  METHOD_NOT_ALLOWED: { status: 405, vi: 'Phương thức không được hỗ trợ.' },
  UNAUTHENTICATED: { status: 401, vi: 'Vui lòng đăng nhập để tiếp tục.' },
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.' },
  CSRF_INVALID: { status: 403, vi: 'Phiên biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.' },
  RATE_LIMITED: { status: 429, vi: 'Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.' },
  CONFLICT: { status: 409, vi: 'Dữ liệu đã bị thay đổi bởi thao tác khác. Vui lòng tải lại và thử lại.' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    vi: 'Mã chống gửi trùng (Idempotency-Key) đã được dùng cho một yêu cầu khác.',
  },
  INTERNAL: { status: 500, vi: 'Hệ thống gặp sự cố. Vui lòng thử lại sau.' },
  SERVICE_UNAVAILABLE: { status: 503, vi: 'Hệ thống tạm thời chưa sẵn sàng. Vui lòng thử lại sau.' },
});
