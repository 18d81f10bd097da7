/**
 * A scanned incoming document (Decree 30/2020/NĐ-CP Art. 22: paper received, scanned and
 * registered), or one received by e-mail (the saved .eml, read-email.ts): the clerk uploads it, checked by its content and size (platform/storage
 * checkUpload); it is kept in the blob store and its text layer, when it has one (pdftotext),
 * prefills the registration form (read-scan.ts). The form then carries the scan's key; the
 * registration attaches the file (scanOf) after checking it again.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../platform/errors.ts';
import { pdfTextLayer } from '../../../platform/pdf/index.ts';
import type { BlobStore } from '../../../platform/storage/index.ts';
import { checkUpload } from '../../../platform/storage/uploads.ts';
import { pageContext } from '../../../web/context.ts';
import { errorText, type FormBody, field, sendPage } from '../../../web/http.tsx';
import { staffOrSignIn } from '../../../web/staff-gate.ts';
import { looksLikeEmail, readEmail } from '../read-email.ts';
import { readScanText } from '../read-scan.ts';
import { RegisterIncomingForm } from './form-pages.tsx';

const KEY = /^[0-9a-f]{64}$/u;
const safeName = (name: string) =>
  name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .slice(0, 200) || 'van-ban-quet.pdf';

/** The one uploaded file, or the Vietnamese reason it is refused. */
async function uploaded(request: FastifyRequest, maxBytes: number) {
  if (!request.isMultipart()) return { ok: false as const, message: 'Chọn tệp PDF bản quét văn bản.' };
  let file: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    file = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 5 } });
  } catch {
    return { ok: false as const, message: 'Chọn tệp PDF bản quét văn bản.' };
  }
  if (!file || file.filename === '') {
    await file?.toBuffer().catch(() => undefined);
    return { ok: false as const, message: 'Chọn tệp PDF bản quét văn bản.' };
  }
  const buffer = await file.toBuffer().catch(() => undefined);
  if (!buffer) return { ok: false as const, error: new DomainError('UPLOAD_TOO_LARGE') };
  const bytes = new Uint8Array(buffer);
  if (looksLikeEmail(bytes)) {
    const mail = await readEmail(bytes, maxBytes);
    if (!mail) return { ok: false as const, message: 'Thư điện tử không có tệp PDF văn bản đính kèm.' };
    return { ok: true as const, bytes: mail.pdf, name: safeName(mail.fileName), mail };
  }
  try {
    await checkUpload(bytes, { maxBytes, allowed: ['pdf'], fileName: file.filename });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { ok: false as const, error: err };
  }
  return { ok: true as const, bytes, name: safeName(file.filename), mail: undefined };
}

export function scanRoutes(app: FastifyInstance): void {
  app.post('/van-ban/vao-so/quet', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    if (!caller.roles.includes('clerk')) throw new DomainError('DOCUMENT_FORBIDDEN');
    const ctx = pageContext(request, reply, 'workspace');
    const file = await uploaded(request, app.deps.config.uploadMaxBytes);
    if (!file.ok) {
      const message = 'error' in file && file.error ? errorText(ctx, file.error) : (file.message ?? '');
      return sendPage(reply, <RegisterIncomingForm ctx={ctx} problems={[{ field: 'file', message }]} />, 422);
    }
    const key = await app.deps.services.blobs.put(file.bytes);
    const text = await pdfTextLayer(file.bytes);
    const found: Record<string, string> = { ...(text ? readScanText(text) : {}) };
    // From a message: its subject and sender stand in for what the PDF's text does not give.
    if (file.mail?.subject && !found.subject) found.subject = file.mail.subject;
    if (file.mail?.from) found.issuerName = file.mail.from;
    const values: Record<string, string> = {
      scan: key,
      scanName: file.name,
      scanText: Object.keys(found).length ? '1' : '0',
      scanSource: file.mail ? 'email' : 'scan',
      ...found,
    };
    return sendPage(reply, <RegisterIncomingForm ctx={ctx} values={values} />);
  });
}

/** The scan a registration form carries, checked again by its content; undefined when it carries none. */
export async function scanOf(
  body: FormBody,
  blobs: BlobStore,
  maxBytes: number,
): Promise<{ source: 'scan' | 'email'; file: { name: string; contentType: string; bytes: Uint8Array } } | undefined> {
  const key = field(body, 'scan');
  if (!key) return undefined;
  if (!KEY.test(key)) throw new DomainError('VALIDATION_FAILED', {}, 'Tệp quét không hợp lệ: tải lại tệp.');
  const bytes = await blobs.get(key);
  if (!bytes) throw new DomainError('VALIDATION_FAILED', {}, 'Không còn tệp quét: tải lại tệp.');
  await checkUpload(bytes, { maxBytes, allowed: ['pdf'] });
  return {
    source: field(body, 'scanSource') === 'email' ? 'email' : 'scan',
    file: { name: safeName(field(body, 'scanName') || 'van-ban-quet.pdf'), contentType: 'application/pdf', bytes },
  };
}
