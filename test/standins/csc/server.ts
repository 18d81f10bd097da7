/**
 * A stand-in for a remote signing service speaking the Cloud Signature Consortium API v2.0.0.2
 * on 127.0.0.1: info, oauth2/token (client credentials), credentials/list, credentials/info,
 * credentials/authorize (202 + handle while the signer has not approved), credentials/authorizeCheck
 * and signatures/signHash, with the spec's field names, status codes and `{error,
 * error_description}` bodies (§10.2). It checks what a real service checks: the bearer token, the
 * SAD bound to the authorised hash and spent after one signature, Base64 SHA-256 digests, a signAlgo
 * the key supports. The signer's phone is driven by the test: `approve`, `refuse`, or nothing.
 * It signs with RSA PKCS#1 v1.5 over the DigestInfo of the hash, as an HSM does for a hash.
 */
import { constants, createPrivateKey, privateEncrypt, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CscCredential {
  credentialId: string;
  certificate: Uint8Array;
  chain: readonly Uint8Array[];
  /** RSA only. */
  privateKeyPkcs8: Uint8Array;
}

interface Authorisation {
  handle: string;
  credentialId: string;
  hash: string;
  description: string;
  state: 'pending' | 'approved' | 'refused';
  sad?: string;
}

export interface CscStandIn {
  /** The service's base URI, ending in /csc/v2. */
  url: string;
  clientId: string;
  clientSecret: string;
  /** Every request received: method path and parsed body. */
  readonly requests: Array<{ path: string; body: Record<string, unknown> }>;
  pending(): Authorisation[];
  approve(handle: string): void;
  refuse(handle: string): void;
  /** What the phone does with every new authorisation. */
  autoAnswer: 'approve' | 'refuse' | 'none';
  close(): Promise<void>;
}

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
const RSA_SIGN_ALGOS = ['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.11'];

export async function startCscStandIn(credentials: readonly CscCredential[]): Promise<CscStandIn> {
  const clientId = 'mocua-test';
  const clientSecret = randomBytes(12).toString('hex');
  const tokens = new Set<string>();
  const authorisations = new Map<string, Authorisation>();
  const sads = new Map<string, Authorisation>();
  const requests: Array<{ path: string; body: Record<string, unknown> }> = [];
  const state: { autoAnswer: CscStandIn['autoAnswer'] } = { autoAnswer: 'none' };
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const id = () => randomBytes(16).toString('base64url');

  const approve = (a: Authorisation) => {
    a.state = 'approved';
    a.sad = id();
    sads.set(a.sad, a);
  };

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const send = (status: number, body?: unknown) => {
      if (body === undefined) return res.writeHead(status).end();
      return res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const error = (status: number, code: string, description: string) =>
      send(status, { error: code, error_description: description });
    const path = (req.url ?? '').replace(/^\/csc\/v2/u, '');
    if (req.method !== 'POST') return error(400, 'invalid_request', 'POST only');

    if (path === '/oauth2/token') {
      const form = new URLSearchParams(raw);
      requests.push({ path, body: Object.fromEntries(form) });
      if (form.get('grant_type') !== 'client_credentials')
        return error(400, 'invalid_request', 'Invalid parameter grant_type');
      if (form.get('client_id') !== clientId) return error(400, 'invalid_request', 'Invalid parameter client_id');
      if (form.get('client_secret') !== clientSecret)
        return error(400, 'invalid_request', 'Invalid parameter client_secret');
      const token = id();
      tokens.add(token);
      return send(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
    }

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw || '{}') as Record<string, unknown>;
    } catch {
      return error(400, 'invalid_request', 'Malformed JSON');
    }
    requests.push({ path, body });
    if (path === '/info') {
      return send(200, {
        specs: '2.0.0.2',
        name: 'Mở Cửa CSC stand-in',
        logo: 'https://example.invalid/logo.png',
        region: 'VN',
        lang: 'vi-VN',
        description: 'Remote signing stand-in for tests',
        authType: ['oauth2client'],
        oauth2: `http://127.0.0.1:${port}/csc/v2`,
        methods: [
          'credentials/list',
          'credentials/info',
          'credentials/authorize',
          'credentials/authorizeCheck',
          'signatures/signHash',
        ],
      });
    }
    const bearer = /^Bearer (.+)$/u.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) return error(400, 'invalid_request', 'Malformed authorization header');
    if (!tokens.has(bearer)) return error(401, 'invalid_token', 'The access token is not valid');

    const credential = credentials.find((c) => c.credentialId === body.credentialID);
    if (path === '/credentials/list') {
      return send(200, { credentialIDs: credentials.map((c) => c.credentialId) });
    }
    if (path === '/credentials/info') {
      if (typeof body.credentialID !== 'string') {
        return error(400, 'invalid_request', 'Missing (or invalid type) string parameter credentialID');
      }
      if (!credential) return error(400, 'invalid_request', 'Invalid parameter credentialID');
      const certificates =
        body.certificates === 'none'
          ? []
          : body.certificates === 'chain'
            ? [credential.certificate, ...credential.chain]
            : [credential.certificate];
      return send(200, {
        key: { status: 'enabled', algo: RSA_SIGN_ALGOS, len: 2048 },
        cert: { status: 'valid', certificates: certificates.map(b64) },
        auth: {
          mode: 'explicit',
          expression: 'PUSH',
          objects: [{ type: 'ChallengeResponseOOB', id: 'PUSH', label: 'Xác nhận trên điện thoại' }],
        },
        SCAL: '2',
        multisign: 1,
        lang: 'vi-VN',
      });
    }
    if (path === '/credentials/authorize') {
      if (!credential) return error(400, 'invalid_request', 'Invalid parameter credentialID');
      if (body.numSignatures !== 1) {
        return error(400, 'invalid_request', 'Numbers of signatures is too high');
      }
      const hashes = body.hashes as unknown;
      // SCAL 2: the SAD is bound to the hashes, which must be there.
      if (!Array.isArray(hashes) || hashes.length !== 1 || !isSha256(hashes[0])) {
        return error(400, 'invalid_request', 'Invalid Base64 hash string parameter');
      }
      if (body.hashAlgorithmOID !== '2.16.840.1.101.3.4.2.1') {
        return error(400, 'invalid_request', 'Invalid parameter hashAlgorithmOID');
      }
      const a: Authorisation = {
        handle: id(),
        credentialId: credential.credentialId,
        hash: hashes[0] as string,
        description: String(body.description ?? ''),
        state: 'pending',
      };
      authorisations.set(a.handle, a);
      if (state.autoAnswer === 'approve') approve(a);
      if (state.autoAnswer === 'refuse') a.state = 'refused';
      return send(202, { handle: a.handle });
    }
    if (path === '/credentials/authorizeCheck') {
      const a = authorisations.get(String(body.handle ?? ''));
      if (!a) return error(400, 'invalid_request', 'Invalid parameter handle');
      if (a.state === 'refused') return error(400, 'access_denied', 'The user denied the request');
      if (a.state === 'approved') return send(200, { SAD: a.sad, expiresIn: 300 });
      return send(202, { handle: a.handle });
    }
    if (path === '/signatures/signHash') {
      if (!credential) return error(400, 'invalid_request', 'Invalid parameter credentialID');
      if (typeof body.SAD !== 'string')
        return error(400, 'invalid_request', 'Missing (or invalid type) string parameter SAD');
      const a = sads.get(body.SAD);
      if (!a || a.credentialId !== credential.credentialId)
        return error(400, 'invalid_request', 'Invalid parameter SAD');
      const hashes = body.hashes as unknown;
      if (!Array.isArray(hashes) || hashes.length === 0) return error(400, 'invalid_request', 'Empty hash array');
      if (!hashes.every(isSha256)) return error(400, 'invalid_request', 'Invalid digest value length');
      if (hashes.some((h) => h !== a.hash)) return error(400, 'invalid_request', 'Hash is not authorized by the SAD');
      if (!RSA_SIGN_ALGOS.includes(String(body.signAlgo)))
        return error(400, 'invalid_request', 'Invalid parameter signAlgo');
      sads.delete(body.SAD); // one signature was authorised: the SAD is spent
      const key = createPrivateKey({ key: Buffer.from(credential.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
      const signatures = (hashes as string[]).map((h) =>
        privateEncrypt(
          { key, padding: constants.RSA_PKCS1_PADDING },
          Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(h, 'base64')]),
        ).toString('base64'),
      );
      return send(200, { signatures });
    }
    return error(501, 'invalid_request', 'Not implemented');
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/csc/v2`,
    clientId,
    clientSecret,
    requests,
    pending: () => [...authorisations.values()].filter((a) => a.state === 'pending'),
    approve: (handle) => {
      const a = authorisations.get(handle);
      if (a?.state === 'pending') approve(a);
    },
    refuse: (handle) => {
      const a = authorisations.get(handle);
      if (a?.state === 'pending') a.state = 'refused';
    },
    get autoAnswer() {
      return state.autoAnswer;
    },
    set autoAnswer(value) {
      state.autoAnswer = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function isSha256(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Za-z0-9+/]{43}=$/u.test(value);
}
