/**
 * A signer whose private key never leaves a PKCS#11 device: a USB token (VGCA's official
 * tokens, the public CAs' tokens) or a network HSM. The key and its certificate are found on
 * the token by label; the device hashes and signs (CKM_SHA256_RSA_PKCS), or signs our SHA-256
 * (CKM_ECDSA, the raw r‖s turned into the DER that CMS wants). Tested against SoftHSM2.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import pkcs11js from 'pkcs11js';
import { DomainError } from './errors.ts';
import type { Signer } from './signer.ts';

export interface Pkcs11Options {
  /** The vendor's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  library: string;
  /** The token's label (CKA token label), e.g. "SO TU PHAP". */
  tokenLabel: string;
  /** The user PIN; from configuration, never from the database. */
  pin: string;
  /** CKA_LABEL of the private key and of its certificate on the token. */
  keyLabel: string;
  /** Issuers of the certificate, nearest first, when the token does not hold them. */
  chain?: readonly Uint8Array[];
}

const modules = new Map<string, pkcs11js.PKCS11>();

function moduleFor(library: string): pkcs11js.PKCS11 {
  let module = modules.get(library);
  if (!module) {
    module = new pkcs11js.PKCS11();
    try {
      module.load(library);
      module.C_Initialize();
    } catch (error) {
      if (String(error).includes('CKR_CRYPTOKI_ALREADY_INITIALIZED')) {
        modules.set(library, module);
        return module;
      }
      throw new DomainError('SIGNING_PKCS11_UNAVAILABLE', { reason: String(error) });
    }
    modules.set(library, module);
  }
  return module;
}

function findSlot(module: pkcs11js.PKCS11, tokenLabel: string): pkcs11js.Handle {
  for (const slot of module.C_GetSlotList(true)) {
    if (module.C_GetTokenInfo(slot).label.trim() === tokenLabel) return slot;
  }
  throw new DomainError('SIGNING_PKCS11_UNAVAILABLE', { reason: `no token labelled ${tokenLabel}` });
}

function findObject(
  module: pkcs11js.PKCS11,
  session: pkcs11js.Handle,
  template: pkcs11js.Template,
): pkcs11js.Handle | null {
  module.C_FindObjectsInit(session, template);
  try {
    return module.C_FindObjects(session);
  } finally {
    module.C_FindObjectsFinal(session);
  }
}

/** PKCS#11 ECDSA gives r‖s; CMS wants SEQUENCE { INTEGER r, INTEGER s } (RFC 5753). */
function derEcdsa(raw: Buffer): Uint8Array {
  const half = raw.length / 2;
  const integer = (bytes: Buffer) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    const value = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
    return new asn1js.Integer({ valueHex: new Uint8Array(value) });
  };
  const seq = new asn1js.Sequence({ value: [integer(raw.subarray(0, half)), integer(raw.subarray(half))] });
  return new Uint8Array(seq.toBER(false));
}

/** Opens a session on the token, reads the certificate and returns a Signer using the key there. */
export function createPkcs11Signer(options: Pkcs11Options): Signer {
  const module = moduleFor(options.library);
  const slot = findSlot(module, options.tokenLabel);
  const session = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    module.C_Login(session, pkcs11js.CKU_USER, options.pin);
  } catch (error) {
    // Already logged in through another session of this process is fine.
    if (!String(error).includes('CKR_USER_ALREADY_LOGGED_IN')) {
      module.C_CloseSession(session);
      throw new DomainError('SIGNING_PKCS11_UNAVAILABLE', { reason: String(error) });
    }
  }
  const key = findObject(module, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_LABEL, value: options.keyLabel },
  ]);
  const certObject = findObject(module, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_LABEL, value: options.keyLabel },
  ]);
  if (!key || !certObject) {
    module.C_CloseSession(session);
    throw new DomainError('SIGNING_PKCS11_UNAVAILABLE', {
      reason: `no key and certificate labelled ${options.keyLabel}`,
    });
  }
  const [keyTypeAttr] = module.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_KEY_TYPE }]);
  const [certAttr] = module.C_GetAttributeValue(session, certObject, [{ type: pkcs11js.CKA_VALUE }]);
  const keyType = Buffer.isBuffer(keyTypeAttr?.value) ? keyTypeAttr.value.readUInt32LE(0) : Number(keyTypeAttr?.value);
  const certificate = new Uint8Array(certAttr?.value as Buffer);
  const rsa = keyType === pkcs11js.CKK_RSA;
  if (!rsa && keyType !== pkcs11js.CKK_EC) throw new DomainError('SIGNING_PKCS11_UNAVAILABLE', { reason: 'key type' });
  return {
    certificate,
    certificateChain: options.chain ?? [],
    keyType: rsa ? 'rsa' : 'ec',
    async sign(data) {
      if (rsa) {
        module.C_SignInit(session, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, key);
        return new Uint8Array(module.C_Sign(session, Buffer.from(data), Buffer.alloc(1024)));
      }
      module.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, key);
      const digest = createHash('sha256').update(data).digest();
      return derEcdsa(module.C_Sign(session, digest, Buffer.alloc(256)));
    },
  };
}
