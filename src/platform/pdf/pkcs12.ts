/**
 * PKCS#12 (.p12/.pfx) files: one per agency, holding the signing key and its certificates.
 * Written the way OpenSSL 3 writes them (PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC,
 * HMAC-SHA256 integrity), so `openssl pkcs12 -info` and other tools open our demo files
 * and we open theirs. The legacy RC2/3DES PBE algorithms of older Windows exports are not
 * read; such files must be re-exported with AES (`openssl pkcs12 -export -keypbe AES-256-CBC`).
 */
import type { KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from './bytes.ts';
import { DomainError } from './errors.ts';

const BAG = {
  key: '1.2.840.113549.1.12.10.1.1',
  shroudedKey: '1.2.840.113549.1.12.10.1.2',
  cert: '1.2.840.113549.1.12.10.1.3',
} as const;
const X509_CERT = '1.2.840.113549.1.9.22.1';
const FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const LOCAL_KEY_ID = '1.2.840.113549.1.9.21';

function encryption(password: ArrayBuffer) {
  // pkijs draws its own IV; the field is only there to satisfy the AesCbcParams type.
  return {
    password,
    contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256, iv: toArrayBuffer(randomBytes(16)) },
    hmacHashAlgorithm: 'SHA-256',
    iterationCount: 100_000,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function passwordBytes(password: string): ArrayBuffer {
  return toArrayBuffer(new TextEncoder().encode(password.normalize('NFC')));
}

export interface Pkcs12Contents {
  privateKeyPkcs8: Uint8Array;
  /** The certificate whose public key matches the private key. */
  certificate: Uint8Array;
  /** The other certificates (issuers), as found in the file. */
  chain: readonly Uint8Array[];
}

export async function buildPkcs12(
  input: Pkcs12Contents & { password: string; friendlyName?: string },
): Promise<Uint8Array> {
  const password = passwordBytes(input.password);
  const localKeyId = new asn1js.OctetString({ valueHex: toArrayBuffer(randomBytes(20)) });
  const attributes = (withKeyId: boolean): pkijs.Attribute[] => [
    ...(input.friendlyName
      ? [new pkijs.Attribute({ type: FRIENDLY_NAME, values: [new asn1js.BmpString({ value: input.friendlyName })] })]
      : []),
    ...(withKeyId ? [new pkijs.Attribute({ type: LOCAL_KEY_ID, values: [localKeyId] })] : []),
  ];
  const shrouded = new pkijs.PKCS8ShroudedKeyBag({
    parsedValue: pkijs.PrivateKeyInfo.fromBER(toArrayBuffer(input.privateKeyPkcs8)),
  });
  await shrouded.makeInternalValues(encryption(password));
  const certBag = (der: Uint8Array, isSigner: boolean): pkijs.SafeBag =>
    new pkijs.SafeBag({
      bagId: BAG.cert,
      bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(toArrayBuffer(der)) }),
      bagAttributes: isSigner ? attributes(true) : [],
    });
  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            {
              privacyMode: 0,
              value: new pkijs.SafeContents({
                safeBags: [
                  new pkijs.SafeBag({ bagId: BAG.shroudedKey, bagValue: shrouded, bagAttributes: attributes(true) }),
                ],
              }),
            },
            {
              privacyMode: 1,
              value: new pkijs.SafeContents({
                safeBags: [certBag(input.certificate, true), ...input.chain.map((der) => certBag(der, false))],
              }),
            },
          ],
        },
      }),
    },
  });
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Error('PKCS#12 authenticated safe missing');
  await safe.makeInternalValues({ safeContents: [{}, encryption(password)] });
  await pfx.makeInternalValues({
    password,
    iterations: 2048,
    pbkdf2HashAlgorithm: 'SHA-256',
    hmacHashAlgorithm: 'SHA-256',
  });
  return new Uint8Array(pfx.toSchema().toBER(false));
}

export interface LoadedPkcs12 extends Pkcs12Contents {
  privateKey: KeyObject;
  keyType: 'rsa' | 'ec';
}

function unsupportedOrWrong(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/algorithm|not supported|unsupported|unknown/iu.test(message))
    throw new DomainError('PKCS12_UNSUPPORTED', { reason: message });
  throw new DomainError('PKCS12_WRONG_PASSWORD', { reason: message });
}

async function readBags(pfx: pkijs.PFX, password: ArrayBuffer): Promise<pkijs.SafeBag[]> {
  try {
    await pfx.parseInternalValues({ password, checkIntegrity: true });
  } catch (error) {
    unsupportedOrWrong(error);
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new DomainError('PKCS12_INVALID', { reason: 'no authenticated safe' });
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password })) });
  } catch (error) {
    unsupportedOrWrong(error);
  }
  const parsed: unknown = safe.parsedValue;
  const contents = isRecord(parsed) && Array.isArray(parsed.safeContents) ? parsed.safeContents : [];
  return contents.flatMap((entry: unknown) =>
    isRecord(entry) && entry.value instanceof pkijs.SafeContents ? entry.value.safeBags : [],
  );
}

async function decryptShroudedKey(bag: pkijs.PKCS8ShroudedKeyBag, password: ArrayBuffer): Promise<Uint8Array> {
  try {
    const encryptedContentInfo = new pkijs.EncryptedContentInfo({
      contentType: '1.2.840.113549.1.7.1',
      contentEncryptionAlgorithm: bag.encryptionAlgorithm,
      encryptedContent: bag.encryptedData,
    });
    return new Uint8Array(await pkijs.getCrypto(true).decryptEncryptedContentInfo({ encryptedContentInfo, password }));
  } catch (error) {
    return unsupportedOrWrong(error);
  }
}

function spkiOf(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('hex');
}

/** Opens an agency's PKCS#12: the private key, the certificate that matches it, and the other certificates. */
export async function loadPkcs12(bytes: Uint8Array, password: string): Promise<LoadedPkcs12> {
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(toArrayBuffer(bytes));
  } catch (error) {
    throw new DomainError('PKCS12_INVALID', { reason: error instanceof Error ? error.message : String(error) });
  }
  const pass = passwordBytes(password);
  const keys: Uint8Array[] = [];
  const certificates: Uint8Array[] = [];
  for (const bag of await readBags(pfx, pass)) {
    if (bag.bagId === BAG.shroudedKey && bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
      keys.push(await decryptShroudedKey(bag.bagValue, pass));
    } else if (bag.bagId === BAG.key && bag.bagValue instanceof pkijs.PrivateKeyInfo) {
      keys.push(new Uint8Array(bag.bagValue.toSchema().toBER(false)));
    } else if (bag.bagId === BAG.cert && bag.bagValue instanceof pkijs.CertBag && bag.bagValue.certId === X509_CERT) {
      const value = bag.bagValue.certValue;
      // The certificate's own bytes, not a re-encoding (see cms.ts).
      if (value instanceof asn1js.OctetString) certificates.push(new Uint8Array(value.valueBlock.valueHexView));
    }
  }
  const privateKeyPkcs8 = keys[0];
  if (!privateKeyPkcs8) throw new DomainError('PKCS12_NO_KEY');
  const privateKey = createPrivateKey({ key: Buffer.from(privateKeyPkcs8), format: 'der', type: 'pkcs8' });
  const keySpki = spkiOf(privateKey);
  const certificate = certificates.find((der) => {
    const spki = pkijs.Certificate.fromBER(toArrayBuffer(der)).subjectPublicKeyInfo.toSchema().toBER(false);
    return Buffer.from(spki).toString('hex') === keySpki;
  });
  if (!certificate) throw new DomainError('PKCS12_NO_KEY', { reason: 'no certificate matches the private key' });
  const keyType = privateKey.asymmetricKeyType;
  if (keyType !== 'rsa' && keyType !== 'ec') throw new DomainError('PKCS12_UNSUPPORTED', { keyType });
  return {
    privateKey,
    privateKeyPkcs8,
    certificate,
    chain: certificates.filter((der) => der !== certificate),
    keyType,
  };
}
