/**
 * Trust anchors: the root certificates a signature's chain must end at to be trusted. A province
 * puts the public roots it relies on in SIGNING_TRUST_DIR (default data/trust-anchors/): the
 * national root of the NEAC (Trung tâm Chứng thực điện tử quốc gia) for public CAs such as
 * VNPT-CA, Viettel-CA, FPT-CA, BKAV-CA, and the roots of the Government CA (Ban Cơ yếu Chính
 * phủ, VGCA) for officials' certificates. See data/trust-anchors/README.md and docs/signatures.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dataFolder } from '../paths.ts';

const DEFAULT_TRUST_DIR = path.join(dataFolder, 'trust-anchors');

/** PEM (one or more CERTIFICATE blocks) or DER. */
export function readCertificates(bytes: Buffer): Uint8Array[] {
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    return [...text.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/gu)].map(
      (m) => new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s+/gu, ''), 'base64')),
    );
  }
  return bytes[0] === 0x30 ? [new Uint8Array(bytes)] : [];
}

/** Every certificate in the folder's .pem/.crt/.cer/.der files; none when the folder is absent. */
export function loadTrustAnchors(dir: string = DEFAULT_TRUST_DIR): Uint8Array[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.(pem|crt|cer|der)$/iu.test(name))
    .sort()
    .flatMap((name) => readCertificates(readFileSync(path.join(dir, name))));
}
