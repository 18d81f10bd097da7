/**
 * Error codes of the edXML exchange with what an officer reads. Field problems keep Bkav eDoc's
 * form (DOMAIN.md §6.1): `N.<field>` missing, `R.<field>` out of range, `M.<field>` mismatch.
 */
import { registerErrors } from '../../../platform/errors.ts';

registerErrors({
  EDXML_MALFORMED: {
    status: 400,
    vi: 'Gói tin edXML không đúng định dạng XML hoặc không đúng cấu trúc QCVN 102:2016.',
  },
  EDXML_INVALID: { status: 400, vi: 'Gói tin edXML thiếu thông tin bắt buộc hoặc có trường vượt quá giới hạn.' },
  EDXML_HUB_REFUSED: { status: 502, vi: 'Trục liên thông văn bản từ chối yêu cầu.' },
  EDXML_HUB_UNAVAILABLE: { status: 503, vi: 'Không kết nối được trục liên thông văn bản. Hệ thống sẽ tự gửi lại.' },
  EDXML_MESSAGE_NOT_FOUND: { status: 404, vi: 'Không tìm thấy gói tin liên thông văn bản.' },
});

/** One problem with a field: the machine code (`N.Subject`) and the Vietnamese sentence. */
export interface EdxmlIssue {
  code: string;
  vi: string;
}
