/**
 * OAuth 2.0 client-credentials tokens (RFC 6749 §4.4) for LGSP gateways, cached per connector
 * until shortly before they expire (DOMAIN.md §9: short-lived tokens; one provider's mock keeps
 * them 29 minutes). Concurrent callers share one token request.
 */
import { type Agents, send } from './transport.ts';

interface Cached {
  token: string;
  expiresAt: number;
}

export interface TokenSource {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string | undefined;
  timeoutMs: number;
}

export class TokenError extends Error {
  override name = 'TokenError';
}

/** Renew this long before the provider's expiry, so a token never expires in flight. */
const MARGIN_MS = 60_000;

export class TokenCache {
  readonly #cached = new Map<string, Cached>();
  readonly #pending = new Map<string, Promise<string>>();
  /** Tokens fetched (not served from the cache), for tests and metrics. */
  fetched = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string, source: TokenSource, agents: Agents): Promise<string> {
    const hit = this.#cached.get(key);
    if (hit && hit.expiresAt - MARGIN_MS > this.now()) return hit.token;
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const request = this.#fetch(key, source, agents).finally(() => this.#pending.delete(key));
    this.#pending.set(key, request);
    return request;
  }

  /** Forget a token the provider refused (401): the next call fetches a new one. */
  invalidate(key: string): void {
    this.#cached.delete(key);
  }

  async #fetch(key: string, source: TokenSource, agents: Agents): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (source.scope) form.set('scope', source.scope);
    // RFC 6749 §2.3.1: client_id and secret form-encoded, then as HTTP Basic credentials.
    const basic = Buffer.from(
      `${encodeURIComponent(source.clientId)}:${encodeURIComponent(source.clientSecret)}`,
    ).toString('base64');
    this.fetched++;
    const answer = await send(agents, {
      method: 'POST',
      url: source.tokenUrl,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authorization: `Basic ${basic}`,
      },
      body: new TextEncoder().encode(form.toString()),
      timeoutMs: source.timeoutMs,
    });
    if (answer.status !== 200) throw new TokenError(`token endpoint answered HTTP ${answer.status}`);
    let parsed: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      parsed = JSON.parse(answer.body.toString('utf8'));
    } catch {
      throw new TokenError('token endpoint answer is not JSON');
    }
    if (typeof parsed.access_token !== 'string' || String(parsed.token_type).toLowerCase() !== 'bearer') {
      throw new TokenError('token endpoint gave no bearer token');
    }
    const seconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 300;
    this.#cached.set(key, { token: parsed.access_token, expiresAt: this.now() + seconds * 1000 });
    return parsed.access_token;
  }
}
