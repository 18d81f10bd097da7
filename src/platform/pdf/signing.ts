/**
 * The signing services of a deployment, built once from configuration (`createSigning(config)`,
 * called by the composition root): which signer each stored key gets, the secret that seals
 * imported keys, the time-stamping authority, the PAdES level and the trust anchors.
 *
 * A key is stored as one of three providers, as Documenso's `packages/signing` picks local,
 * HSM or remote signing by configuration:
 * - `pkcs12`: an imported .p12/.pfx, its private key sealed with SIGNING_KEY_SECRET;
 * - `pkcs11`: a key on a token or HSM, reached through SIGNING_PKCS11_LIBRARY with SIGNING_PKCS11_PIN;
 * - `remote`: an account with VNPT SmartCA (SMARTCA_URL, SMARTCA_SP_ID, SMARTCA_SP_PASSWORD);
 * - `csc`: a credential at a remote-signing service speaking the Cloud Signature Consortium API v2
 *   (CSC_URL, CSC_CLIENT_ID, CSC_CLIENT_SECRET); `remoteUserId` holds its credentialID.
 */
import { createPrivateKey, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testEnv } from '../config.ts';
import { createCscSigner } from './csc.ts';
import { DomainError } from './errors.ts';
import { createPkcs11Signer } from './pkcs11.ts';
import { openSealedKey, parseSealingSecret, sealPrivateKey } from './sealing.ts';
import type { SignPdfOptions } from './sign.ts';
import { createKeySigner, type Signer } from './signer.ts';
import { createSmartCaSigner } from './smartca.ts';
import { loadTrustAnchors } from './trust.ts';

type KeyProvider = 'pkcs12' | 'pkcs11' | 'remote' | 'csc';
type PadesLevel = NonNullable<SignPdfOptions['level']>;

/** A key as the database keeps it: never a private key in clear, never a password. */
export interface StoredKey {
  provider: KeyProvider;
  certificate: Uint8Array;
  chain: readonly Uint8Array[];
  sealedKey?: Uint8Array | null;
  tokenLabel?: string | null;
  keyLabel?: string | null;
  remoteUserId?: string | null;
  remoteSerial?: string | null;
}

export interface SigningSettings {
  /** SIGNING_KEY_SECRET (32 bytes, base64 or hex). */
  signingKeySecret?: string;
  /** Where a development secret is kept when SIGNING_KEY_SECRET is unset (never in production). */
  dataDir?: string;
  nodeEnv?: string;
  signingPkcs11Library?: string;
  signingPkcs11Pin?: string;
  smartcaUrl?: string;
  smartcaSpId?: string;
  smartcaSpPassword?: string;
  smartcaTimeoutSeconds?: number;
  cscUrl?: string;
  cscClientId?: string;
  cscClientSecret?: string;
  signingTsaUrl?: string;
  signingLevel?: PadesLevel;
  /** Folder of trusted root certificates (PEM or DER): NEAC's root, VGCA's roots. */
  signingTrustDir?: string;
}

export interface Signing {
  /** The signer for a stored key; `description` is shown on a remote signer's phone. */
  signerFor(key: StoredKey, options?: { description?: string }): Promise<Signer>;
  /** Seals an imported private key for storage. */
  seal(pkcs8: Uint8Array, certificate: Uint8Array): Uint8Array;
  /** What new signatures get: the level and the TSA. */
  level: PadesLevel;
  tsaUrl?: string;
  /** DER of the trusted roots, read at start. */
  trustAnchors: readonly Uint8Array[];
  /** The remote-signing service's certificate lookup, for registering a SmartCA account or a CSC credential. */
  remoteCertificate(
    service: 'smartca' | 'csc',
    account: string,
    serialNumber?: string,
  ): Promise<{ certificate: Uint8Array; chain: Uint8Array[] }>;
}

/**
 * One development secret per process (a process serves one deployment; tests build several apps).
 * Under `npm test` it is the run's, in the run's folder, shared by every test process: a database
 * seeded by one of them (platform/db/testing.ts) holds keys sealed under it that the others open.
 */
let processDevelopmentSecret: Buffer | undefined;

function developmentSecret(dataDir: string): Buffer {
  processDevelopmentSecret ??= readOrCreateSecret(testEnv().runDir ?? dataDir);
  return processDevelopmentSecret;
}

function readOrCreateSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, 'signing-key.secret');
  try {
    return parseSealingSecret(readFileSync(file, 'utf8'));
  } catch {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
      chmodSync(file, 0o600);
    } catch {
      // Another process wrote it first.
    }
    return parseSealingSecret(readFileSync(file, 'utf8'));
  }
}

export function createSigning(settings: SigningSettings): Signing {
  let secret: Buffer | undefined;
  const sealingSecret = (): Buffer => {
    if (secret) return secret;
    if (settings.signingKeySecret) secret = parseSealingSecret(settings.signingKeySecret);
    else if (settings.nodeEnv !== 'production') secret = developmentSecret(settings.dataDir ?? './var');
    else throw new DomainError('SIGNING_NOT_CONFIGURED', { setting: 'SIGNING_KEY_SECRET' });
    return secret;
  };
  const smartca = (userId: string, serialNumber?: string, description?: string) => {
    if (!settings.smartcaUrl || !settings.smartcaSpId || !settings.smartcaSpPassword) {
      throw new DomainError('SIGNING_NOT_CONFIGURED', { setting: 'SMARTCA_URL' });
    }
    return createSmartCaSigner({
      baseUrl: settings.smartcaUrl,
      spId: settings.smartcaSpId,
      spPassword: settings.smartcaSpPassword,
      userId,
      ...(serialNumber ? { serialNumber } : {}),
      ...(description ? { description } : {}),
      pollIntervalMs: 2_000,
      timeoutMs: (settings.smartcaTimeoutSeconds ?? 240) * 1000,
    });
  };
  const csc = (credentialId: string, description?: string) => {
    if (!settings.cscUrl || !settings.cscClientId || !settings.cscClientSecret) {
      throw new DomainError('SIGNING_NOT_CONFIGURED', { setting: 'CSC_URL' });
    }
    return createCscSigner({
      baseUrl: settings.cscUrl,
      clientId: settings.cscClientId,
      clientSecret: settings.cscClientSecret,
      credentialId,
      ...(description ? { description } : {}),
      pollIntervalMs: 2_000,
      timeoutMs: (settings.smartcaTimeoutSeconds ?? 240) * 1000,
    });
  };
  const level = settings.signingLevel ?? (settings.signingTsaUrl ? 'B-LT' : 'B-B');
  return {
    level,
    ...(settings.signingTsaUrl ? { tsaUrl: settings.signingTsaUrl } : {}),
    trustAnchors: loadTrustAnchors(settings.signingTrustDir),
    seal: (pkcs8, certificate) => sealPrivateKey(pkcs8, certificate, sealingSecret()),
    async remoteCertificate(service, account, serialNumber) {
      const signer = service === 'csc' ? await csc(account) : await smartca(account, serialNumber);
      return { certificate: signer.certificate, chain: [...signer.certificateChain] };
    },
    async signerFor(key, options = {}) {
      switch (key.provider) {
        case 'pkcs12': {
          if (!key.sealedKey) throw new DomainError('SIGNING_KEY_UNREADABLE');
          const pkcs8 = openSealedKey(key.sealedKey, key.certificate, sealingSecret());
          const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
          return createKeySigner(privateKey, key.certificate, key.chain);
        }
        case 'pkcs11': {
          if (!settings.signingPkcs11Library || settings.signingPkcs11Pin === undefined) {
            throw new DomainError('SIGNING_NOT_CONFIGURED', { setting: 'SIGNING_PKCS11_LIBRARY' });
          }
          return createPkcs11Signer({
            library: settings.signingPkcs11Library,
            pin: settings.signingPkcs11Pin,
            tokenLabel: key.tokenLabel ?? '',
            keyLabel: key.keyLabel ?? '',
            chain: key.chain,
          });
        }
        case 'remote':
          return smartca(key.remoteUserId ?? '', key.remoteSerial ?? undefined, options.description);
        case 'csc':
          return csc(key.remoteUserId ?? '', options.description);
      }
    },
  };
}
