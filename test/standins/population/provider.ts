/**
 * What the provincial LGSP puts in front of every register, for the stand-ins: an OAuth 2.0
 * client-credentials token endpoint (POST /token, HTTP Basic client authentication, RFC 6749
 * §4.4; tokens of 1,740 s, the 29 minutes DOMAIN.md §9 reports), bearer checks on the service
 * paths, an outage switch (`down()` refuses connections' answers with 503, `hang()` never
 * answers, as a register behind a dead link), and optional mutual TLS (`https` with a CA that
 * must have issued the client's certificate).
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ProviderOptions {
  clientId: string;
  clientSecret: string;
  tls?: { cert: Buffer; key: Buffer; ca: Buffer };
}

export type ServiceHandler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

export interface ProviderStandIn {
  url: string;
  tokenUrl: string;
  /** Tokens issued, service calls answered, service calls refused for want of a valid token. */
  readonly counts: { tokens: number; calls: number; unauthorised: number };
  down(): void;
  hang(): void;
  up(): void;
  /** Revokes every token issued so far (the next call gets 401). */
  revokeTokens(): void;
  close(): Promise<void>;
}

export async function startProvider(options: ProviderOptions, handle: ServiceHandler): Promise<ProviderStandIn> {
  let mode: 'up' | 'down' | 'hang' = 'up';
  const tokens = new Set<string>();
  const counts = { tokens: 0, calls: 0, unauthorised: 0 };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (mode === 'hang') return;
      if (mode === 'down') {
        res.writeHead(503, { 'retry-after': '30' }).end();
        return;
      }
      const body = Buffer.concat(chunks);
      if (req.url === '/token') {
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent);
        const form = new URLSearchParams(body.toString('utf8'));
        if (req.method !== 'POST' || form.get('grant_type') !== 'client_credentials') {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"unsupported_grant_type"}');
          return;
        }
        if (id !== options.clientId || secret !== options.clientSecret) {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
          return;
        }
        const token = randomBytes(24).toString('base64url');
        tokens.add(token);
        counts.tokens++;
        res
          .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 1740 }));
        return;
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !tokens.has(bearer)) {
        counts.unauthorised++;
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
        return;
      }
      counts.calls++;
      handle(req, body, res);
    });
  };
  const server: Server = options.tls
    ? createHttps({ ...options.tls, requestCert: true, rejectUnauthorized: true }, listener)
    : createHttp(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url: base,
    tokenUrl: `${base}/token`,
    counts,
    down: () => {
      mode = 'down';
    },
    hang: () => {
      mode = 'hang';
    },
    up: () => {
      mode = 'up';
    },
    revokeTokens: () => tokens.clear(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
