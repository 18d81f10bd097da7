/**
 * One HTTP exchange with a provider over node:http/https: keep-alive connections per connector,
 * mutual TLS when the connector carries a certificate, a hard timeout. Knows no retries, tokens
 * or logging: the gateway (call-service.ts) adds those.
 */
import http from 'node:http';
import https from 'node:https';

export interface WireRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
}

export interface WireResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Raised when no answer came: refused connection, reset, TLS failure or timeout. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

/** Connection pools; one per connector so its TLS identity is never shared with another. */
export function createAgents(tls?: { cert: Buffer; key: Buffer; ca?: Buffer }) {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 16, ...(tls ?? {}) }),
  };
}
export type Agents = ReturnType<typeof createAgents>;

const MAX_ANSWER_BYTES = 5 * 1024 * 1024;

export function send(agents: Agents, request: WireRequest): Promise<WireResponse> {
  const url = new URL(request.url);
  const secure = url.protocol === 'https:';
  const lib = secure ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method: request.method,
        headers: { ...request.headers, ...(request.body ? { 'content-length': String(request.body.byteLength) } : {}) },
        agent: secure ? agents.https : agents.http,
        timeout: request.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > MAX_ANSWER_BYTES) {
            req.destroy(new TransportError('answer too large', false));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', (err) => reject(new TransportError(err.message, false)));
      },
    );
    // The socket timeout covers a silent provider; the overall deadline covers a slow trickle.
    const deadline = setTimeout(() => req.destroy(new TransportError('timeout', true)), request.timeoutMs);
    req.on('timeout', () => req.destroy(new TransportError('timeout', true)));
    req.on('error', (err) => {
      clearTimeout(deadline);
      reject(err instanceof TransportError ? err : new TransportError(err.message, false));
    });
    req.on('close', () => clearTimeout(deadline));
    req.end(request.body);
  });
}
