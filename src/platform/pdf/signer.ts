/**
 * Who holds the signing key. The local default reads the agency's PKCS#12; a production
 * deployment can plug in an HSM or a remote signing service (Decree 130/2018 trust services)
 * by implementing the same three fields and one method.
 */
import type { KeyObject } from 'node:crypto';
import { sign as cryptoSign } from 'node:crypto';
import { loadPkcs12 } from './pkcs12.ts';

type SignerKeyType = 'rsa' | 'ec';

export interface Signer {
  /** DER of the signing certificate. */
  readonly certificate: Uint8Array;
  /** DER of the issuing certificates, nearest first (may be empty). */
  readonly certificateChain: readonly Uint8Array[];
  /** RSA signs with PKCS#1 v1.5, EC with ECDSA; both over SHA-256. */
  readonly keyType: SignerKeyType;
  /**
   * Signs `data` (the DER of the CMS signed attributes) with SHA-256.
   * Returns a PKCS#1 v1.5 signature for RSA, a DER `ECDSA-Sig-Value` for EC.
   * An HSM implementation hashes `data` itself and sends only the digest to the device.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

function createKeySigner(
  privateKey: KeyObject,
  certificate: Uint8Array,
  certificateChain: readonly Uint8Array[] = [],
): Signer {
  const keyType = privateKey.asymmetricKeyType;
  if (keyType !== 'rsa' && keyType !== 'ec') throw new Error(`unsupported signing key type: ${String(keyType)}`);
  return {
    certificate,
    certificateChain,
    keyType,
    async sign(data) {
      // node:crypto emits DER-encoded ECDSA signatures by default, which is what CMS wants.
      return new Uint8Array(cryptoSign('sha256', data, privateKey));
    },
  };
}

/** The local signer: the agency's PKCS#12 file and its password. */
export async function createPkcs12Signer(pkcs12: Uint8Array, password: string): Promise<Signer> {
  const loaded = await loadPkcs12(pkcs12, password);
  return createKeySigner(loaded.privateKey, loaded.certificate, loaded.chain);
}
