/**
 * Upload checks: the type is recognised from the bytes (never from the file name or the
 * declared type), the size is bounded, and an empty file is refused.
 */
import { fileTypeFromBuffer } from 'file-type';
import { DomainError, registerErrors } from '../errors.ts';

const uploadKinds = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;
export type UploadKind = keyof typeof uploadKinds;

/** What a paper may be when the caller names no kinds (WebP only where asked for: photos). */
const DOCUMENT_KINDS: readonly UploadKind[] = ['pdf', 'jpeg', 'png', 'docx'];

registerErrors({
  UPLOAD_EMPTY: { status: 400, vi: 'Tệp đính kèm trống. Vui lòng chọn lại tệp.' },
  UPLOAD_TOO_LARGE: { status: 413, vi: 'Tệp đính kèm vượt quá dung lượng cho phép.' },
  UPLOAD_TYPE_NOT_ALLOWED: {
    status: 415,
    vi: 'Định dạng tệp không được chấp nhận. Chỉ nhận tệp PDF, JPEG, PNG hoặc DOCX.',
  },
});

export interface CheckedUpload {
  kind: UploadKind;
  mime: string;
  size: number;
}

const formatMb = (n: number) => `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;

export async function checkUpload(
  bytes: Uint8Array,
  options: { maxBytes: number; allowed?: readonly UploadKind[]; fileName?: string },
): Promise<CheckedUpload> {
  const fileName = options.fileName ?? '';
  if (bytes.byteLength === 0) throw new DomainError('UPLOAD_EMPTY', { fileName });
  if (bytes.byteLength > options.maxBytes) {
    throw new DomainError(
      'UPLOAD_TOO_LARGE',
      { fileName, size: bytes.byteLength, maxBytes: options.maxBytes },
      `Tệp "${fileName}" nặng ${formatMb(bytes.byteLength)}, vượt quá giới hạn ${formatMb(options.maxBytes)}.`,
    );
  }
  const detected = await fileTypeFromBuffer(bytes);
  const allowed = options.allowed ?? DOCUMENT_KINDS;
  const kind = allowed.find((k) => uploadKinds[k] === detected?.mime);
  if (!kind) {
    throw new DomainError('UPLOAD_TYPE_NOT_ALLOWED', { fileName, detected: detected?.mime ?? 'unknown' });
  }
  return { kind, mime: uploadKinds[kind], size: bytes.byteLength };
}
