/**
 * One signed record of the message log (X-Road's message log, without the message bodies: their
 * SHA-256 stands for them, so the log holds no personal data beyond who asked). The record is
 * signed with the province's key when it has one, at once; a batch seals and time-stamps it later
 * (seal-batches.ts). How it reaches the disk before the answer is handed back: log-writer.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../platform/db/index.ts';
import { certificateFingerprint, type Signer } from '../../platform/pdf/index.ts';
import { recordPayload, type SignedRecordFields } from './record-format.ts';
import { type ExchangeResult, exchangeCertificates, exchangeMessages } from './schema.ts';

export interface MessageFacts {
  provinceCode: string;
  at: Date;
  actorId: string;
  actorRole: string;
  callerModule: string;
  serviceId: string;
  purpose: string;
  dossierRef?: string | undefined;
  requestBytes: number;
  responseBytes: number;
  requestDigest: string;
  responseDigest?: string | undefined;
  result: ExchangeResult;
  errorCode?: string | undefined;
  latencyMs: number;
  attempts: number;
}

/** A record ready to insert, with the certificate of its signer (kept beside it, once). */
export interface SignedRecord {
  row: typeof exchangeMessages.$inferInsert;
  certificate?: { fingerprint: string; der: string } | undefined;
}

/**
 * Stores the signer's certificate beside the records it signs (the offline verifier reads it from
 * the export). Written in the same transaction as the records, not remembered per process: a
 * remembered certificate whose insert was rolled back, or that went to another database, would
 * leave records whose certificate is nowhere, and the whole archive would fail to verify.
 */
export async function rememberCertificate(db: Executor, signer: Signer): Promise<string> {
  const fingerprint = certificateFingerprint(signer.certificate);
  await db
    .insert(exchangeCertificates)
    .values({ fingerprint, der: Buffer.from(signer.certificate).toString('base64') })
    .onConflictDoNothing();
  return fingerprint;
}

export async function signRecord(facts: MessageFacts, signer: Signer | undefined): Promise<SignedRecord> {
  const fields: SignedRecordFields = {
    id: randomUUID(),
    provinceCode: facts.provinceCode,
    at: facts.at.toISOString(),
    actorId: facts.actorId,
    actorRole: facts.actorRole,
    callerModule: facts.callerModule,
    serviceId: facts.serviceId,
    purpose: facts.purpose,
    dossierRef: facts.dossierRef ?? null,
    requestBytes: facts.requestBytes,
    responseBytes: facts.responseBytes,
    requestDigest: facts.requestDigest,
    responseDigest: facts.responseDigest ?? null,
    result: facts.result,
    errorCode: facts.errorCode ?? null,
    latencyMs: facts.latencyMs,
    attempts: facts.attempts,
  };
  if (!signer)
    return { row: { ...fields, at: facts.at, result: facts.result, signature: null, certFingerprint: null } };
  const signature = Buffer.from(await signer.sign(recordPayload(fields))).toString('base64');
  const fingerprint = certificateFingerprint(signer.certificate);
  return {
    row: { ...fields, at: facts.at, result: facts.result, signature, certFingerprint: fingerprint },
    certificate: { fingerprint, der: Buffer.from(signer.certificate).toString('base64') },
  };
}

/**
 * Inserts records and their signers' certificates with `db` (a transaction, so both land in the
 * same commit). `knownCertificates`: fingerprints already committed in this database, skipped.
 */
export async function insertRecords(
  db: Executor,
  records: readonly SignedRecord[],
  knownCertificates?: ReadonlySet<string>,
): Promise<void> {
  const certificates = new Map<string, string>();
  for (const r of records)
    if (r.certificate && !knownCertificates?.has(r.certificate.fingerprint))
      certificates.set(r.certificate.fingerprint, r.certificate.der);
  if (certificates.size)
    await db
      .insert(exchangeCertificates)
      .values([...certificates].map(([fingerprint, der]) => ({ fingerprint, der })))
      .onConflictDoNothing();
  if (records.length) await db.insert(exchangeMessages).values(records.map((r) => r.row));
}
