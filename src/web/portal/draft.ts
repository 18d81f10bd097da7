/**
 * The application being filled in, kept in the citizen's own browser between the filing
 * pages (one question group per page, GOV.UK), so any app process can serve the next page
 * and nothing half-filled is stored on the server. The cookie is compressed and sealed with
 * AES-256-GCM, so what it says about a person cannot be read off a shared computer's cookie
 * store; the papers themselves are staged in the dossier service as they are uploaded.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor } from '../../platform/db/index.ts';
import { platformMeta } from '../../platform/db/schema.ts';

const DRAFT_COOKIE = 'mocua_nop';
/** Browsers keep about 4 KB per cookie; a draft larger than this is refused, not cut. */
const MAX_COOKIE_CHARS = 3800;
const KEY_NAME = 'web.draft_key';

export interface DraftFile {
  /** Index of the paper in the procedure's list; -1 - i for the e-form's i-th file field. */
  paper: number;
  name: string;
  fileName: string;
  /** The staged attachment (dossier service): only its uploader can file it. */
  id: string;
  size: number;
}

export interface Draft {
  v: 1;
  /** Procedure id (uuid). */
  procedure: string;
  /** Client transaction id: submitting twice files one dossier. */
  txn: string;
  owner: string;
  agencyId?: string;
  applicant?: {
    type: 'citizen' | 'business' | 'agency' | 'other';
    fullName: string;
    personalId?: string;
    phone?: string;
    email?: string;
    address?: string;
  };
  formData?: Record<string, string>;
  /** The e-form was answered (it may have no required field). */
  formDone?: boolean;
  files: DraftFile[];
  papersDone?: boolean;
}

export const newDraft = (procedure: string, owner: string): Draft => ({
  v: 1,
  procedure,
  owner,
  txn: randomUUID(),
  files: [],
});

let cachedKey: { db: object; key: Buffer } | undefined;

/** The sealing key: made once per installation and kept in platform_meta, shared by every process. */
async function sealingKey(db: Executor): Promise<Buffer> {
  if (cachedKey?.db === db) return cachedKey.key;
  await db
    .insert(platformMeta)
    .values({ key: KEY_NAME, value: randomBytes(32).toString('base64') })
    .onConflictDoNothing();
  const [row] = await db.select().from(platformMeta).where(eq(platformMeta.key, KEY_NAME));
  if (typeof row?.value !== 'string') throw new Error('draft key missing');
  const key = Buffer.from(row.value, 'base64');
  cachedKey = { db, key };
  return key;
}

async function sealDraft(db: Executor, draft: Draft): Promise<string> {
  const key = await sealingKey(db);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(deflateRawSync(JSON.stringify(draft))), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

async function openDraft(db: Executor, sealed: string | undefined): Promise<Draft | null> {
  if (!sealed || sealed.length > MAX_COOKIE_CHARS + 100) return null;
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', await sealingKey(db), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const json = inflateRawSync(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()])).toString('utf8');
    const draft: unknown = JSON.parse(json);
    return isDraft(draft) ? draft : null;
  } catch {
    // Tampered, truncated or sealed with another installation's key: start again.
    return null;
  }
}

function isDraft(value: unknown): value is Draft {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return d.v === 1 && typeof d.procedure === 'string' && typeof d.txn === 'string' && Array.isArray(d.files);
}

export async function readDraft(db: Executor, request: FastifyRequest): Promise<Draft | null> {
  return openDraft(db, request.cookies[DRAFT_COOKIE]);
}

/** Saves the draft in the cookie; false when it would be too large for a cookie. */
export async function writeDraft(db: Executor, reply: FastifyReply, draft: Draft, secure: boolean): Promise<boolean> {
  const sealed = await sealDraft(db, draft);
  if (sealed.length > MAX_COOKIE_CHARS) return false;
  // No Max-Age: like the session, it goes when the browser closes (shared computers at the commune).
  reply.setCookie(DRAFT_COOKIE, sealed, { path: '/nop-ho-so', httpOnly: true, sameSite: 'lax', secure });
  return true;
}

export function clearDraft(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(DRAFT_COOKIE, { path: '/nop-ho-so', httpOnly: true, sameSite: 'lax', secure });
}
