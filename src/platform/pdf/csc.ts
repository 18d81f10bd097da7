/**
 * Remote signing through the Cloud Signature Consortium API v2 (CSC API v2.0.0.2, the open
 * standard a remote-signing service can speak beside its own API): the key stays with the
 * service; we send only the SHA-256 of what is to be signed, the signer approves out of band (on
 * a phone), and we poll until the approval gives a Signature Activation Data (SAD) or fails.
 *
 *   POST {oauth2}/oauth2/token           grant_type=client_credentials (service authorisation, §8.4.4)
 *   POST {base}/credentials/info         {credentialID, certificates:"chain", certInfo, authInfo}   (§11.5)
 *   POST {base}/credentials/authorize    {credentialID, numSignatures:1, hashes:[b64], hashAlgorithmOID, description}
 *        → 200 {SAD}, or 202 {handle} while the signer has not answered                           (§11.6)
 *   POST {base}/credentials/authorizeCheck {handle} → 200 {SAD} | 202 {handle} | 400 {error}         (§11.7)
 *   POST {base}/signatures/signHash      {credentialID, SAD, hashes:[b64], signAlgo}               (§11.10)
 *        → {signatures:[b64]}
 * Errors are `{error, error_description}` with an HTTP status (§10.2); `access_denied` is the
 * signer's refusal. The stand-in test/standins/csc/server.ts answers the same requests.
 */
import { createHash } from 'node:crypto';
import { DomainError } from './errors.ts';
import type { Signer, SignerKeyType } from './signer.ts';

export interface CscOptions {
  /** The service's base URI, ending in /csc/v2. */
  baseUrl: string;
  /** The OAuth 2.0 client this platform was registered as (service authorisation by client credentials). */
  clientId: string;
  clientSecret: string;
  /** The signer's credential at the service. */
  credentialId: string;
  /** Shown to the signer when they approve (max 500 characters, §11.6). */
  description?: string;
  pollIntervalMs?: number;
  /** How long to wait for the signer's approval. */
  timeoutMs?: number;
}

const SHA256 = '2.16.840.1.101.3.4.2.1';
/** sha256WithRSAEncryption and ecdsa-with-SHA256: the hash algorithm is implied (§11.10). */
const SIGN_ALGO: Record<SignerKeyType, string> = { rsa: '1.2.840.113549.1.1.11', ec: '1.2.840.10045.4.3.2' };
const EC_KEY = '1.2.840.10045.2.1';
const json = { 'content-type': 'application/json', accept: 'application/json' };

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(url: string, init: RequestInit): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new DomainError('SIGNING_REMOTE_UNAVAILABLE', { reason: String(error) });
  }
  const text = await response.text();
  if (response.status === 204) return { status: 204, body: {} };
  try {
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    throw new DomainError('SIGNING_REMOTE_UNAVAILABLE', { reason: `HTTP ${response.status}, not JSON` });
  }
}

const failure = (answer: Answer, step: string): DomainError => {
  if (answer.body.error === 'access_denied') return new DomainError('SIGNING_REMOTE_REFUSED');
  return new DomainError('SIGNING_REMOTE_UNAVAILABLE', {
    reason: `${step}: HTTP ${answer.status} ${String(answer.body.error ?? '')}`,
  });
};

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Reads the credential's certificate chain and returns a Signer that asks the signer to approve each signature. */
export async function createCscSigner(options: CscOptions): Promise<Signer> {
  const base = options.baseUrl.replace(/\/+$/u, '');
  let token: { value: string; until: number } | undefined;

  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const info = await call(`${base}/info`, { method: 'POST', headers: json, body: '{}' });
    if (info.status !== 200) throw failure(info, 'info');
    const oauth2 = String(info.body.oauth2 ?? base).replace(/\/+$/u, '');
    const answer = await call(`${oauth2}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
      }).toString(),
    });
    const value = answer.body.access_token;
    if (answer.status !== 200 || typeof value !== 'string') throw failure(answer, 'oauth2/token');
    const seconds = typeof answer.body.expires_in === 'number' ? answer.body.expires_in : 3600;
    token = { value, until: Date.now() + Math.max(0, seconds - 30) * 1000 };
    return value;
  }

  async function post(method: string, body: Record<string, unknown>): Promise<Answer> {
    const bearer = await accessToken();
    return call(`${base}/${method}`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${bearer}` },
      body: JSON.stringify(body),
    });
  }

  const info = await post('credentials/info', {
    credentialID: options.credentialId,
    certificates: 'chain',
    certInfo: true,
    authInfo: true,
  });
  if (info.status !== 200) throw failure(info, 'credentials/info');
  const key = (info.body.key ?? {}) as { status?: string; algo?: string[] };
  const cert = (info.body.cert ?? {}) as { status?: string; certificates?: string[] };
  const [certificate, ...chain] = (cert.certificates ?? []).map((c) => new Uint8Array(Buffer.from(c, 'base64')));
  if (!certificate) throw new DomainError('SIGNING_REMOTE_UNAVAILABLE', { reason: 'no certificate' });
  if (key.status === 'disabled') throw new DomainError('SIGNING_REMOTE_UNAVAILABLE', { reason: 'key disabled' });
  const keyType: SignerKeyType = (key.algo ?? []).includes(EC_KEY) ? 'ec' : 'rsa';

  async function authorise(hash: string): Promise<string> {
    let answer = await post('credentials/authorize', {
      credentialID: options.credentialId,
      numSignatures: 1,
      hashes: [hash],
      hashAlgorithmOID: SHA256,
      description: (options.description ?? 'Ký số tài liệu').slice(0, 500),
    });
    const deadline = Date.now() + (options.timeoutMs ?? 240_000);
    for (;;) {
      if (answer.status === 200 && typeof answer.body.SAD === 'string') return answer.body.SAD;
      if (answer.status !== 202 || typeof answer.body.handle !== 'string') throw failure(answer, 'authorize');
      if (Date.now() >= deadline) throw new DomainError('SIGNING_REMOTE_EXPIRED');
      await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 2_000));
      answer = await post('credentials/authorizeCheck', { handle: answer.body.handle });
    }
  }

  return {
    certificate,
    certificateChain: chain,
    keyType,
    async sign(data) {
      const hash = b64(createHash('sha256').update(data).digest());
      const sad = await authorise(hash);
      const answer = await post('signatures/signHash', {
        credentialID: options.credentialId,
        SAD: sad,
        hashes: [hash],
        signAlgo: SIGN_ALGO[keyType],
      });
      const [signature] = (answer.body.signatures ?? []) as string[];
      if (answer.status !== 200 || !signature) throw failure(answer, 'signHash');
      return new Uint8Array(Buffer.from(signature, 'base64'));
    },
  };
}
