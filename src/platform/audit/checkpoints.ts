/**
 * Signed, time-stamped checkpoints of the audit chains (issue 11, High 4).
 *
 * Each checkpoint lists the heads of the chains that moved since the previous one and the
 * previous checkpoint's digest, is signed with the province's key (detached CMS, the same
 * signer as the PDFs) and is time-stamped by an RFC 3161 TSA. Exported off-site, they prove to
 * an inspector, without trusting the database, that every sealed entry is still there, unchanged:
 * someone holding the database's owner role can rewrite the tables and even re-sign with a key
 * the application can read, but cannot obtain a TSA token dated in the past nor alter the copy
 * the inspector holds (docs/security.md, "Audit log").
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, asc, desc, eq, gt, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Executor } from '../db/index.ts';
import {
  certificateFingerprint,
  createCadesSignature,
  formatName,
  type Signer,
  verifyCadesSignature,
} from '../pdf/index.ts';
import { auditCheckpointStamps, auditCheckpoints, auditEvents, type CheckpointHead } from './schema.ts';
import { requestTimestamp, TsaError, verifyTimestampToken } from './timestamp.ts';

const CHECKPOINT_GENESIS = '0'.repeat(64);
const CHECKPOINT_LOCK = 727_012; // arbitrary, constant: one checkpoint writer at a time
const EXPORT_FORMAT = 'mocua-audit-checkpoints/1';

/** A checkpoint as exported: everything an inspector needs, nothing personal. */
export interface ExportedCheckpoint {
  id: number;
  at: string;
  prevDigest: string;
  digest: string;
  heads: CheckpointHead[];
  /** Base64 DER, detached CMS over the payload; it carries the signer's certificate. */
  signature: string | null;
  /** Base64 DER RFC 3161 token over SHA-256 of the signature; it carries the TSA's certificate. */
  timestampToken: string | null;
}

export interface CheckpointFile {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  checkpoints: ExportedCheckpoint[];
}

/** The signed bytes: canonical JSON (RFC 8785) of the time, the previous digest and the heads. */
function checkpointPayload(c: { at: string; prevDigest: string; heads: CheckpointHead[] }): Uint8Array {
  return new TextEncoder().encode(canonicalize({ v: 1, at: c.at, prev: c.prevDigest, heads: c.heads }) ?? '');
}

const sha256hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * Seals the heads of every chain that moved since the previous checkpoint, up to `at`, and
 * signs them when a signer is given. Sealed a few minutes back by default: an entry still in an
 * open transaction cannot land behind the seal.
 */
export async function writeCheckpoint(
  db: Executor,
  options: { at?: Date; signer?: Signer | undefined } = {},
): Promise<typeof auditCheckpoints.$inferSelect | undefined> {
  const at = options.at ?? new Date(Date.now() - 5 * 60_000);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHECKPOINT_LOCK})`);
    const [prev] = await tx.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
    // The first signed checkpoint after an upgrade seals every chain: older rows have no heads.
    const since = prev?.digest ? prev.at : undefined;
    const window = and(since ? gt(auditEvents.at, since) : undefined, lte(auditEvents.at, at));
    const rows = await tx
      .selectDistinctOn([auditEvents.stream], {
        stream: auditEvents.stream,
        seq: auditEvents.seq,
        hash: auditEvents.hash,
      })
      .from(auditEvents)
      .where(window)
      .orderBy(asc(auditEvents.stream), desc(auditEvents.seq));
    // Code-unit order, not the database's collation: the inspector recomputes the same bytes.
    const heads: CheckpointHead[] = rows
      .map((r): CheckpointHead => [r.stream, r.seq, r.hash])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(window);
    const prevDigest = prev?.digest ?? CHECKPOINT_GENESIS;
    const payload = checkpointPayload({ at: at.toISOString(), prevDigest, heads });
    const signature = options.signer
      ? await createCadesSignature({
          contentDigest: new Uint8Array(createHash('sha256').update(payload).digest()),
          signer: options.signer,
          signingTime: new Date(),
        })
      : undefined;
    const [row] = await tx
      .insert(auditCheckpoints)
      .values({
        at,
        streams: heads.length,
        events: count?.n ?? 0,
        headsHash: sha256hex(heads.map((h) => `${h.join('\t')}\n`).join('')),
        heads,
        prevDigest,
        digest: sha256hex(payload),
        signature: signature ? b64(signature) : null,
      })
      .returning();
    return row;
  });
}

/**
 * Time-stamps signed checkpoints that have no token yet, oldest first. A TSA outage leaves them
 * queued for the next run: the checkpoint itself is already written and signed.
 */
export async function stampPendingCheckpoints(
  db: Executor,
  tsaUrl: string,
  limit = 100,
): Promise<{ stamped: number; pending: number; error?: string }> {
  const pending = await db
    .select({ id: auditCheckpoints.id, signature: auditCheckpoints.signature })
    .from(auditCheckpoints)
    .leftJoin(auditCheckpointStamps, eq(auditCheckpointStamps.checkpointId, auditCheckpoints.id))
    .where(and(isNotNull(auditCheckpoints.signature), isNull(auditCheckpointStamps.checkpointId)))
    .orderBy(asc(auditCheckpoints.id))
    .limit(limit);
  let stamped = 0;
  for (const c of pending) {
    if (!c.signature) continue;
    const signature = unb64(c.signature);
    let token: Uint8Array;
    try {
      token = await requestTimestamp(tsaUrl, signature);
    } catch (err) {
      if (err instanceof TsaError) return { stamped, pending: pending.length - stamped, error: err.message };
      throw err;
    }
    const genTime = verifyTimestampToken(token, signature).genTime ?? new Date();
    await db
      .insert(auditCheckpointStamps)
      .values({ checkpointId: c.id, token: b64(token), genTime })
      .onConflictDoNothing();
    stamped++;
  }
  return { stamped, pending: pending.length - stamped };
}

/** Every signed-era checkpoint with its signature and token, oldest first. */
export async function loadCheckpoints(db: Executor): Promise<ExportedCheckpoint[]> {
  const rows = await db
    .select({ c: auditCheckpoints, token: auditCheckpointStamps.token })
    .from(auditCheckpoints)
    .leftJoin(auditCheckpointStamps, eq(auditCheckpointStamps.checkpointId, auditCheckpoints.id))
    .where(isNotNull(auditCheckpoints.digest))
    .orderBy(asc(auditCheckpoints.id));
  return rows.map(({ c, token }) => ({
    id: c.id,
    at: c.at.toISOString(),
    prevDigest: c.prevDigest ?? CHECKPOINT_GENESIS,
    digest: c.digest ?? '',
    heads: c.heads ?? [],
    signature: c.signature,
    timestampToken: token,
  }));
}

/** The export as text: one checkpoint per line, so a copy can be read and diffed by hand. */
export function formatCheckpointFile(file: CheckpointFile): string {
  const lines = file.checkpoints.map((c) => JSON.stringify(c));
  const head = JSON.stringify({ format: file.format, exportedAt: file.exportedAt }).slice(0, -1);
  return `${head},"checkpoints":[\n${lines.join(',\n')}\n]}\n`;
}

export async function exportCheckpoints(db: Executor): Promise<CheckpointFile> {
  return { format: EXPORT_FORMAT, exportedAt: new Date().toISOString(), checkpoints: await loadCheckpoints(db) };
}

export type CheckpointProblemKind =
  | 'digest_mismatch'
  | 'chain_broken'
  | 'bad_signature'
  | 'bad_timestamp'
  | 'unsigned'
  | 'unstamped'
  | 'missing_in_database'
  | 'differs_in_database'
  | 'head_missing'
  | 'head_rewritten';

export interface CheckpointProblem {
  checkpointId: number;
  problem: CheckpointProblemKind;
  detail?: string;
}

/** Warnings, not breaks: the newest checkpoint may wait for the TSA, and a province may run unsigned. */
export const CHECKPOINT_WARNINGS: ReadonlySet<CheckpointProblemKind> = new Set(['unsigned', 'unstamped']);

export interface OfflineReport {
  problems: CheckpointProblem[];
  stamped: number;
  signers: string[];
  tsas: string[];
}

/** What can be checked with the file alone: digests, the chain of checkpoints, signatures, time-stamps. */
export function verifyCheckpointsOffline(checkpoints: readonly ExportedCheckpoint[]): OfflineReport {
  const problems: CheckpointProblem[] = [];
  const signers = new Set<string>();
  const tsas = new Set<string>();
  let stamped = 0;
  let prevDigest = CHECKPOINT_GENESIS;
  for (const c of checkpoints) {
    const problem = (kind: CheckpointProblemKind, detail?: string) =>
      problems.push({ checkpointId: c.id, problem: kind, ...(detail ? { detail } : {}) });
    const payload = checkpointPayload(c);
    if (sha256hex(payload) !== c.digest) problem('digest_mismatch');
    if (c.prevDigest !== prevDigest) problem('chain_broken', `expected previous digest ${prevDigest.slice(0, 12)}…`);
    prevDigest = c.digest;
    if (!c.signature) {
      problem('unsigned');
      continue;
    }
    const signature = unb64(c.signature);
    const cms = verifyCadesSignature(signature, payload);
    if (!cms.integrityValid) problem('bad_signature', cms.problem);
    if (cms.signerCertificate) {
      const der = new Uint8Array(cms.signerCertificate.toSchema().toBER(false));
      signers.add(`${formatName(cms.signerCertificate.subject)} (${certificateFingerprint(der)})`);
    }
    if (!c.timestampToken) {
      problem('unstamped');
      continue;
    }
    const ts = verifyTimestampToken(unb64(c.timestampToken), signature);
    if (!ts.valid) problem('bad_timestamp', ts.problem);
    else if (ts.genTime && ts.genTime.getTime() < new Date(c.at).getTime()) {
      problem('bad_timestamp', 'stamped before the time it seals');
    } else stamped++;
    if (ts.tsaName) tsas.add(`${ts.tsaName} (${ts.tsaFingerprint})`);
  }
  return { problems, stamped, signers: [...signers], tsas: [...tsas] };
}

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const CheckpointFileSchema = Type.Object({
  format: Type.Literal(EXPORT_FORMAT),
  exportedAt: Type.String(),
  checkpoints: Type.Array(
    Type.Object({
      id: Type.Integer({ minimum: 1 }),
      at: Type.String({ format: 'date-time' }),
      prevDigest: Hex64,
      digest: Type.String(),
      heads: Type.Array(Type.Tuple([Type.String(), Type.Integer({ minimum: 1 }), Type.String()])),
      signature: Type.Union([Type.String(), Type.Null()]),
      timestampToken: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

/** Reads an export; throws with the first problem when it is not one. */
export function parseCheckpointFile(text: string): CheckpointFile {
  const value: unknown = JSON.parse(text);
  if (!Value.Check(CheckpointFileSchema, value)) {
    const first = Value.Errors(CheckpointFileSchema, value)[0];
    throw new Error(`not a checkpoint export: ${first?.instancePath ?? ''} ${first?.message ?? ''}`.trim());
  }
  return value;
}
