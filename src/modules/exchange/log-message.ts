/**
 * Writes one signed record of the message log (X-Road's message log, without the message
 * bodies: their SHA-256 stands for them, so the log holds no personal data beyond who asked).
 * The record is signed with the province's key when it has one, at once; a batch seals and
 * time-stamps it later (seal-batches.ts).
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

/**
 * Stores the signer's certificate beside the records it signs (the offline verifier reads it from
 * the export). Written with every record, not remembered per process: a remembered certificate
 * whose insert was rolled back, or that went to another database, would leave records whose
 * certificate is nowhere, and the whole archive would fail to verify.
 */
export async function rememberCertificate(db: Executor, signer: Signer): Promise<string> {
  const fingerprint = certificateFingerprint(signer.certificate);
  await db
    .insert(exchangeCertificates)
    .values({ fingerprint, der: Buffer.from(signer.certificate).toString('base64') })
    .onConflictDoNothing();
  return fingerprint;
}

export async function logMessage(db: Executor, facts: MessageFacts, signer: Signer | undefined): Promise<string> {
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
  let signature: string | null = null;
  let certFingerprint: string | null = null;
  if (signer) {
    signature = Buffer.from(await signer.sign(recordPayload(fields))).toString('base64');
    certFingerprint = await rememberCertificate(db, signer);
  }
  await db.insert(exchangeMessages).values({
    ...fields,
    at: facts.at,
    result: facts.result,
    signature,
    certFingerprint,
  });
  return fields.id;
}
