/**
 * Private keys at rest: an imported PKCS#12's key is kept only as AES-256-GCM ciphertext under
 * the deployment's signing key secret (SIGNING_KEY_SECRET), bound to the certificate it belongs
 * to (the certificate's SHA-256 is the additional authenticated data, so a sealed key cannot be
 * moved to another certificate's row). No password is kept: the PKCS#12 password is asked once,
 * at import, and forgotten.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DomainError } from './errors.ts';

const VERSION = 1;

function certificateTag(certificate: Uint8Array): Buffer {
  return createHash('sha256').update(certificate).digest();
}

/** Reads SIGNING_KEY_SECRET: 32 bytes as base64 or 64 hex digits. */
export function parseSealingSecret(raw: string): Buffer {
  const text = raw.trim();
  const bytes = /^[0-9a-f]{64}$/iu.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length !== 32) throw new Error('must be 32 bytes, as base64 or 64 hex digits');
  return bytes;
}

/** version(1) ‖ iv(12) ‖ tag(16) ‖ ciphertext of the PKCS#8 DER. */
export function sealPrivateKey(pkcs8: Uint8Array, certificate: Uint8Array, secret: Uint8Array): Uint8Array {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secret, iv);
  cipher.setAAD(certificateTag(certificate));
  const body = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]));
}

export function openSealedKey(sealed: Uint8Array, certificate: Uint8Array, secret: Uint8Array): Uint8Array {
  const bytes = Buffer.from(sealed);
  if (bytes[0] !== VERSION || bytes.length < 30) throw new DomainError('SIGNING_KEY_UNREADABLE');
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret, bytes.subarray(1, 13));
    decipher.setAAD(certificateTag(certificate));
    decipher.setAuthTag(bytes.subarray(13, 29));
    return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(29)), decipher.final()]));
  } catch {
    // Another deployment's secret, or a row edited by hand.
    throw new DomainError('SIGNING_KEY_UNREADABLE');
  }
}
