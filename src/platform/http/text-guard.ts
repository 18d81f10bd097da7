/**
 * Text no one types (issue 11, finding 7): a NUL character, which PostgreSQL cannot store in
 * text and which truncates strings in C libraries, and a lone UTF-16 surrogate, which is not
 * Unicode at all (it cannot be encoded as UTF-8). Both are refused at the edge for every route
 * — path parameters, query string, JSON and form bodies (keys and values), multipart field
 * values and file names — with a 400 naming the field, before any service or SQL sees them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, registerErrors } from '../errors.ts';

registerErrors({
  INVALID_CHARACTERS: {
    status: 400,
    vi: 'Dữ liệu gửi lên chứa ký tự không hợp lệ (ký tự NUL hoặc mã Unicode không hoàn chỉnh). Vui lòng nhập lại.',
  },
});

const FIELD_MESSAGE = 'Chứa ký tự không hợp lệ.';

function unacceptableText(value: string): boolean {
  return value.includes('\u0000') || !value.isWellFormed();
}

/** The path of the first string (or key) in `value` that is not acceptable text, if any. */
function firstBadText(value: unknown, at: string, depth = 0): string | undefined {
  if (typeof value === 'string') return unacceptableText(value) ? at : undefined;
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  if (Buffer.isBuffer(value)) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = firstBadText(value[i], `${at}.${i}`, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  for (const [key, inner] of Object.entries(value)) {
    // The key is shown escaped: it is the bad text itself.
    if (unacceptableText(key)) return `${at}.${JSON.stringify(key).slice(1, -1)}`;
    const bad = firstBadText(inner, `${at}.${key}`, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}

/** The field rides in details.fields, where services put field problems and pages read them. */
function invalidCharacters(field: string): DomainError {
  return new DomainError('INVALID_CHARACTERS', { fields: [{ field, message: FIELD_MESSAGE }] });
}

interface MultipartPart {
  filename?: string;
  fields?: Record<string, unknown>;
  toBuffer?: () => Promise<Buffer>;
}

/** Multipart bodies are read by the handler (request.file()): the check rides on that call. */
function guardMultipart(request: FastifyRequest): void {
  const read = (request as { file?: (...args: unknown[]) => Promise<MultipartPart | undefined> }).file;
  if (typeof read !== 'function') return;
  const checkPart = (part: MultipartPart) => {
    if (typeof part.filename === 'string' && unacceptableText(part.filename)) throw invalidCharacters('body.filename');
    for (const [name, field] of Object.entries(part.fields ?? {})) {
      for (const one of Array.isArray(field) ? field : [field]) {
        const v = (one as { value?: unknown; type?: string } | undefined)?.value;
        if (unacceptableText(name) || (typeof v === 'string' && unacceptableText(v))) {
          throw invalidCharacters(`body.${unacceptableText(name) ? JSON.stringify(name).slice(1, -1) : name}`);
        }
      }
    }
  };
  Object.assign(request, {
    file: async (...args: unknown[]) => {
      const part = await read.apply(request, args);
      if (!part) return part;
      checkPart(part);
      const toBuffer = part.toBuffer;
      // Fields after the file are known only once the file is read.
      if (typeof toBuffer === 'function') {
        part.toBuffer = async () => {
          const bytes = await toBuffer.call(part);
          checkPart(part);
          return bytes;
        };
      }
      return part;
    },
  });
}

export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const bad =
      firstBadText(request.params, 'params') ??
      firstBadText(request.query, 'query') ??
      firstBadText(request.body, 'body');
    if (bad) return done(invalidCharacters(bad));
    if (request.isMultipart?.()) guardMultipart(request);
    done();
  });
}
