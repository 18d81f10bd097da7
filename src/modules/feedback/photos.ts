/**
 * Photos sent with feedback (issue 13.8): at most five, each recognised from its bytes as a
 * JPEG, PNG or WebP and bounded in size (platform/storage/uploads.ts), then stored without its
 * metadata: the EXIF orientation stays, the GPS position only when the sender ticked consent
 * (platform/storage/image-metadata.ts). The portal form posts them as multipart; the API takes
 * one raw image per request.
 */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../platform/errors.ts';
import { cleanImageMetadata, type ImageKind } from '../../platform/storage/image-metadata.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { checkUpload } from '../../platform/storage/uploads.ts';
import type { Problem } from '../../web/components/form.tsx';
import { type FormBody, formBody } from '../../web/http.tsx';
import type { FeedbackAttachment } from './schema.ts';

export const MAX_PHOTOS = 5;
const PHOTO_KINDS: readonly ImageKind[] = ['jpeg', 'png', 'webp'];

export interface StoredPhoto {
  key: string;
  mime: string;
  size: number;
  /** The photo had a GPS position and it was kept (the sender agreed). */
  locationKept: boolean;
  /** The photo had a GPS position, kept or not. */
  hadLocation: boolean;
}

/** Checks one photo by its bytes and size, removes its metadata, and stores it. */
export async function storePhoto(
  blobs: BlobStore,
  bytes: Uint8Array,
  options: { maxBytes: number; keepLocation: boolean; fileName?: string },
): Promise<StoredPhoto> {
  const checked = await checkUpload(bytes, {
    maxBytes: options.maxBytes,
    allowed: PHOTO_KINDS,
    ...(options.fileName ? { fileName: options.fileName } : {}),
  });
  const cleaned = cleanImageMetadata(bytes, checked.kind as ImageKind, { keepLocation: options.keepLocation });
  const key = await blobs.put(cleaned.bytes);
  return {
    key,
    mime: checked.mime,
    size: cleaned.bytes.length,
    locationKept: cleaned.locationKept,
    hadLocation: cleaned.location !== undefined,
  };
}

export const attachmentOf = (p: StoredPhoto): FeedbackAttachment => ({
  kind: 'blob',
  key: p.key,
  mime: p.mime,
  ...(p.locationKept ? { locationKept: true } : {}),
});

const mb = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;

/** What the sender reads beside the photo field when one photo is refused. */
export function photoProblem(err: unknown, fileName: string, maxBytes: number): Problem {
  const name = fileName.slice(0, 80);
  if (err instanceof DomainError && err.code === 'UPLOAD_TOO_LARGE')
    return { field: 'photos', message: `Ảnh “${name}” lớn hơn ${mb(maxBytes)}. Vui lòng chọn ảnh nhỏ hơn.` };
  if (err instanceof DomainError && err.code === 'UPLOAD_TYPE_NOT_ALLOWED')
    return { field: 'photos', message: `Tệp “${name}” không phải ảnh JPEG, PNG hoặc WebP.` };
  if (err instanceof DomainError && (err.code === 'IMAGE_INVALID' || err.code === 'UPLOAD_EMPTY'))
    return { field: 'photos', message: `Ảnh “${name}” bị hỏng hoặc không đọc được. Vui lòng chọn ảnh khác.` };
  throw err;
}

export interface PostedFeedbackForm {
  body: FormBody;
  photos: Array<{ fileName: string; bytes: Uint8Array }>;
  problems: Problem[];
}

/**
 * The form's fields and photos. A multipart post (the page's form) is read part by part: a
 * sixth photo or one over the size limit is a problem for the page, never a 413 page; a
 * urlencoded post (no file input, e.g. an older page) is read as before.
 */
export async function readFeedbackPost(request: FastifyRequest, maxBytes: number): Promise<PostedFeedbackForm> {
  if (!request.isMultipart()) return { body: formBody(request), photos: [], problems: [] };
  const body: Record<string, string | string[]> = {};
  const photos: PostedFeedbackForm['photos'] = [];
  const problems: Problem[] = [];
  let tooMany = false;
  for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 20, fields: 40, parts: 60 } })) {
    if (part.type === 'field') {
      const value = typeof part.value === 'string' ? part.value : '';
      const prev = body[part.fieldname];
      body[part.fieldname] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
      continue;
    }
    const fileName = part.filename.normalize('NFC');
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await part.toBuffer());
    } catch {
      problems.push(photoProblem(new DomainError('UPLOAD_TOO_LARGE'), fileName, maxBytes));
      continue;
    }
    // An empty file input still sends a part with no name and no bytes.
    if (part.fieldname !== 'photos' || (fileName === '' && bytes.length === 0)) continue;
    if (photos.length === MAX_PHOTOS) {
      tooMany = true;
      continue;
    }
    photos.push({ fileName, bytes });
  }
  if (tooMany) problems.push({ field: 'photos', message: `Chỉ gửi tối đa ${MAX_PHOTOS} ảnh.` });
  return { body, photos, problems };
}
