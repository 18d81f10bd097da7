/**
 * The bytes the province signs, and the digests that tie records into batches and batches into
 * a chain. Pure: the gateway, the sealing job and the offline verifier (`mocua verify-exchange`)
 * compute the same bytes from the same fields. Canonical JSON is RFC 8785 (canonicalize).
 */
import { createHash, createPublicKey, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import canonicalize from 'canonicalize';

export const BATCH_GENESIS = '0'.repeat(64);

/** The fields of a message record that its signature covers (everything but seq and batch). */
export interface SignedRecordFields {
  id: string;
  provinceCode: string;
  at: string;
  actorId: string;
  actorRole: string;
  callerModule: string;
  serviceId: string;
  purpose: string;
  dossierRef: string | null;
  requestBytes: number;
  responseBytes: number;
  requestDigest: string;
  responseDigest: string | null;
  result: string;
  errorCode: string | null;
  latencyMs: number;
  attempts: number;
}

export const sha256hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

export function recordPayload(r: SignedRecordFields): Uint8Array {
  const body = {
    v: 1,
    id: r.id,
    province: r.provinceCode,
    at: r.at,
    actor: r.actorId,
    role: r.actorRole,
    module: r.callerModule,
    service: r.serviceId,
    purpose: r.purpose,
    dossier: r.dossierRef,
    requestBytes: r.requestBytes,
    responseBytes: r.responseBytes,
    requestDigest: r.requestDigest,
    responseDigest: r.responseDigest,
    result: r.result,
    errorCode: r.errorCode,
    latencyMs: r.latencyMs,
    attempts: r.attempts,
  };
  return new TextEncoder().encode(canonicalize(body) ?? '');
}

/** A record's place in its batch: its payload and its signature together. */
export const recordHash = (r: SignedRecordFields, signature: string | null): string =>
  sha256hex(`${sha256hex(recordPayload(r))}.${signature ?? ''}`);

export interface BatchFields {
  provinceCode: string;
  sealedAt: string;
  prevDigest: string;
  /** recordHash of each record, in seq order. */
  recordHashes: readonly string[];
}

/** What a batch's signature and time-stamp cover; its SHA-256 is the batch digest. */
export function batchPayload(b: BatchFields): Uint8Array {
  return new TextEncoder().encode(
    canonicalize({
      v: 1,
      province: b.provinceCode,
      sealedAt: b.sealedAt,
      prev: b.prevDigest,
      records: b.recordHashes,
    }) ?? '',
  );
}

/** Checks a raw signature (SHA-256 with ECDSA or RSA PKCS#1 v1.5) with a certificate's public key. Never throws. */
export function verifyRawSignature(certificateDer: Uint8Array, data: Uint8Array, signatureB64: string): boolean {
  try {
    const key = createPublicKey(new X509Certificate(certificateDer).toString());
    return cryptoVerify('sha256', data, key, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}
