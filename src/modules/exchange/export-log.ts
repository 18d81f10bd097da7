/**
 * The message log as a signed archive an inspector keeps and checks offline
 * (`mocua verify-exchange FILE`, verify-archive.ts). JSON lines: a header with the certificates
 * that signed, then each sealed batch followed by its records, then the records not yet sealed,
 * then a last line signing the SHA-256 of every line before it with the province's key.
 * Whole batches only: a batch's digest covers all its records, so a period is cut at batches.
 */
import { and, asc, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { Signer } from '../../platform/pdf/index.ts';
import { rememberCertificate } from './log-message.ts';
import { sha256hex } from './record-format.ts';
import { exchangeBatches, exchangeCertificates, exchangeMessages } from './schema.ts';
import { fieldsOfRow } from './seal-batches.ts';

export const ARCHIVE_FORMAT = 'mocua-exchange-log/1';

export interface ArchiveOptions {
  provinceCode: string;
  from?: Date | undefined;
  to?: Date | undefined;
  signer?: Signer | undefined;
  now?: Date;
}

export async function exportExchangeArchive(db: Executor, options: ArchiveOptions): Promise<string> {
  const batches = await db
    .select()
    .from(exchangeBatches)
    .where(
      and(
        eq(exchangeBatches.provinceCode, options.provinceCode),
        options.from ? gte(exchangeBatches.sealedAt, options.from) : undefined,
        options.to ? lte(exchangeBatches.sealedAt, options.to) : undefined,
      ),
    )
    .orderBy(asc(exchangeBatches.id));
  const ids = batches.map((b) => b.id);
  const sealed = ids.length
    ? await db
        .select()
        .from(exchangeMessages)
        .where(inArray(exchangeMessages.batchId, ids))
        .orderBy(asc(exchangeMessages.seq))
    : [];
  // Records not sealed yet belong to no period: they come with an export that runs to now.
  const unsealed = options.to
    ? []
    : await db
        .select()
        .from(exchangeMessages)
        .where(and(eq(exchangeMessages.provinceCode, options.provinceCode), isNull(exchangeMessages.batchId)))
        .orderBy(asc(exchangeMessages.seq));
  const signerFingerprint = options.signer ? await rememberCertificate(db, options.signer) : undefined;
  const certificates = Object.fromEntries(
    (await db.select().from(exchangeCertificates)).map((c) => [c.fingerprint, c.der]),
  );
  const recordLine = (r: (typeof sealed)[number]) =>
    JSON.stringify({
      record: { seq: r.seq, batchId: r.batchId, ...fieldsOfRow(r), signature: r.signature, cert: r.certFingerprint },
    });
  const lines: string[] = [
    JSON.stringify({
      format: ARCHIVE_FORMAT,
      province: options.provinceCode,
      exportedAt: (options.now ?? new Date()).toISOString(),
      from: options.from?.toISOString() ?? null,
      to: options.to?.toISOString() ?? null,
      batches: batches.length,
      records: sealed.length + unsealed.length,
      certificates,
    }),
  ];
  const byBatch = Map.groupBy(sealed, (r) => r.batchId);
  for (const b of batches) {
    lines.push(
      JSON.stringify({
        batch: {
          id: b.id,
          sealedAt: b.sealedAt.toISOString(),
          records: b.records,
          prevDigest: b.prevDigest,
          digest: b.digest,
          signature: b.signature,
          cert: b.certFingerprint,
          timestampToken: b.timestampToken,
        },
      }),
    );
    for (const r of byBatch.get(b.id) ?? []) lines.push(recordLine(r));
  }
  for (const r of unsealed) lines.push(recordLine(r));
  const digest = sha256hex(`${lines.join('\n')}\n`);
  const signature =
    options.signer && signerFingerprint
      ? Buffer.from(await options.signer.sign(new TextEncoder().encode(digest))).toString('base64')
      : null;
  lines.push(JSON.stringify({ end: { lines: lines.length, digest, signature, cert: signerFingerprint ?? null } }));
  return `${lines.join('\n')}\n`;
}
