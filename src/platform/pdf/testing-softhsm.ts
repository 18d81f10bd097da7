/**
 * A SoftHSM2 token for tests: a fresh token directory, a token initialised with softhsm2-util,
 * an RSA key pair generated inside the token (C_GenerateKeyPair, never exported), and the
 * certificate a test CA issues for its public key stored beside it under the same label.
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { parseCertificate } from './certificates.ts';

const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmToken {
  library: string;
  tokenLabel: string;
  pin: string;
  keyLabel: string;
  /** SPKI DER of the key generated in the token, for a CA to certify. */
  publicKeySpki: Uint8Array;
  /** Stores the certificate on the token under the key's label. */
  storeCertificate(der: Uint8Array): void;
}

/**
 * SOFTHSM2_CONF must name the token directory before the library is first loaded in this
 * process, so one directory serves every token a test process makes.
 */
function configure(): void {
  if (process.env.SOFTHSM2_CONF) return;
  const dir = mkdtempSync(join(tmpdir(), 'mocua-softhsm-'));
  writeFileSync(
    join(dir, 'softhsm2.conf'),
    `directories.tokendir = ${dir}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
}

export function createSoftHsmToken(tokenLabel: string, keyLabel: string, pin = '123456'): SoftHsmToken {
  configure();
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', tokenLabel, '--pin', pin, '--so-pin', '87654321'],
    {
      env: process.env,
      stdio: 'ignore',
    },
  );
  const module = new pkcs11js.PKCS11();
  module.load(SOFTHSM_LIBRARY);
  let initialised = false;
  try {
    module.C_Initialize();
    initialised = true;
  } catch (error) {
    if (!String(error).includes('CKR_CRYPTOKI_ALREADY_INITIALIZED')) throw error;
  }
  const finish = () => {
    if (initialised) module.C_Finalize();
  };
  try {
    const slot = module.C_GetSlotList(true).find((s) => module.C_GetTokenInfo(s).label.trim() === tokenLabel);
    if (!slot) throw new Error(`token ${tokenLabel} not found after init`);
    const session = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    module.C_Login(session, pkcs11js.CKU_USER, pin);
    const id = Buffer.from(keyLabel);
    const { publicKey } = module.C_GenerateKeyPair(
      session,
      { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
      [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_LABEL, value: keyLabel },
        { type: pkcs11js.CKA_ID, value: id },
        { type: pkcs11js.CKA_VERIFY, value: true },
        { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
      ],
      [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_LABEL, value: keyLabel },
        { type: pkcs11js.CKA_ID, value: id },
        { type: pkcs11js.CKA_SIGN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
      ],
    );
    const [modulus, exponent] = module.C_GetAttributeValue(session, publicKey, [
      { type: pkcs11js.CKA_MODULUS },
      { type: pkcs11js.CKA_PUBLIC_EXPONENT },
    ]);
    const jwk = {
      kty: 'RSA',
      n: Buffer.from(modulus?.value as Buffer).toString('base64url'),
      e: Buffer.from(exponent?.value as Buffer).toString('base64url'),
    };
    const publicKeySpki = new Uint8Array(
      createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'der', type: 'spki' }),
    );
    module.C_Logout(session);
    module.C_CloseSession(session);
    return {
      library: SOFTHSM_LIBRARY,
      tokenLabel,
      pin,
      keyLabel,
      publicKeySpki,
      storeCertificate(der) {
        const s = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
        module.C_Login(s, pkcs11js.CKU_USER, pin);
        module.C_CreateObject(s, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
          { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_LABEL, value: keyLabel },
          { type: pkcs11js.CKA_ID, value: id },
          { type: pkcs11js.CKA_SUBJECT, value: Buffer.from(parseCertificate(der).subject.toSchema().toBER(false)) },
          { type: pkcs11js.CKA_VALUE, value: Buffer.from(der) },
        ]);
        module.C_Logout(s);
        module.C_CloseSession(s);
        finish();
      },
    };
  } catch (error) {
    finish();
    throw error;
  }
}
