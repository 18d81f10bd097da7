/**
 * A local stand-in for the Zalo OA APIs, for tests (DOMAIN.md §7). One node:http server on
 * 127.0.0.1 and a random port plays the three hosts: openapi.zalo.me (OA messages, profile),
 * business.openapi.zalo.me (ZNS) and oauth.zaloapp.com (OAuth v4). Point ZALO_API_BASE,
 * ZALO_ZNS_BASE and ZALO_OAUTH_BASE at `standIn.url`.
 *
 * Shapes follow §7 and the public references it cites: HTTP 200 with `error`/`message`/`data`
 * for the APIs; `{access_token, refresh_token, expires_in: "90000"}` for tokens and
 * `{error_name, error_reason, ref_doc, error_description, error}` for token failures. Codes
 * used: -216 invalid or expired access token, -14020 reused refresh token, -224 OA tier,
 * -108 / -109 / -112 ZNS phone / template / template data, -230 outside the consultation
 * window. Marked "assumed" below: codes no public source gave (-14003, -14019, -201 here).
 *
 * It records every request, can fail the next N API calls, expire access tokens, and sign and
 * POST webhook events exactly as Zalo does (`X-ZEvent-Signature: mac=<sha256 hex>`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookEvents } from './events.ts';

export interface ZaloStandInOptions {
  appId?: string;
  appSecret?: string;
  oaSecretKey?: string;
  oaId?: string;
  accessTokenLifetimeS?: number;
  /** Epoch milliseconds; the token expiry clock. */
  now?: () => number;
  /** Delay before answering a token request, to widen races in concurrency tests. */
  tokenDelayMs?: number;
  /** How an expired token is refused: HTTP 200 with -216 (default) or HTTP 401. */
  tokenFailure?: 'error-216' | 'http-401';
  /** When given, ZNS accepts only these template ids, each with its required parameters. */
  znsTemplates?: Record<string, string[]>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** JSON body, or the form fields of a form-encoded body. */
  body: unknown;
}

export interface Failure {
  status?: number;
  body?: unknown;
  /** Only calls to these paths fail (default: every OA and ZNS API call, not OAuth). */
  paths?: string[];
}

type Answer = { status: number; body: unknown };

const OK = (data: unknown): Answer => ({ status: 200, body: { data, error: 0, message: 'Success' } });
const ERR = (error: number, message: string, status = 200): Answer => ({ status, body: { error, message } });
const TOKEN_ERR = (error: number, name: string, reason: string): Answer => ({
  status: 200,
  body: {
    error_name: name,
    error_reason: reason,
    ref_doc: 'https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new',
    error_description: reason,
    error,
  },
});

const API_ROUTES = new Set([
  'POST /v3.0/oa/message/cs',
  'POST /v3.0/oa/message/transaction',
  'POST /message/template',
  'GET /v2.0/oa/getprofile',
]);

export class ZaloStandIn {
  readonly appId: string;
  readonly appSecret: string;
  readonly oaSecretKey: string;
  readonly oaId: string;
  readonly requests: RecordedRequest[] = [];
  readonly events = webhookEvents(this);
  url = '';
  /** How an expired or unknown access token is refused (may be changed between calls). */
  tokenFailure: 'error-216' | 'http-401';
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Map<string, { used: boolean }>();
  private readonly codes = new Map<string, { challenge: string; used: boolean }>();
  private readonly profiles = new Map<string, Record<string, unknown>>();
  private readonly outsideWindow = new Set<string>();
  private readonly denied = new Map<string, number>();
  private failures: Array<Required<Pick<Failure, 'status'>> & Failure> = [];
  private readonly server: Server;
  private readonly now: () => number;

  private constructor(private readonly options: ZaloStandInOptions) {
    this.appId = options.appId ?? '1234567890123456789';
    this.appSecret = options.appSecret ?? 'app-secret-standin';
    this.oaSecretKey = options.oaSecretKey ?? 'oa-secret-key-standin';
    this.oaId = options.oaId ?? '579745863508352884';
    this.now = options.now ?? (() => Date.now());
    this.tokenFailure = options.tokenFailure ?? 'error-216';
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8')).then(
          (answer) => {
            const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
            const type = typeof answer.body === 'string' ? 'text/html' : 'application/json;charset=UTF-8';
            res.writeHead(answer.status, { 'content-type': type }).end(text);
          },
        );
      });
    });
  }

  static async start(options: ZaloStandInOptions = {}): Promise<ZaloStandIn> {
    const standIn = new ZaloStandIn(options);
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    standIn.url = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
    return standIn;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** A token pair as the first authorisation would give (to seed the token table). */
  issueTokens(): { access_token: string; refresh_token: string; expires_in: string } {
    const lifetime = this.options.accessTokenLifetimeS ?? 90_000;
    const access = randomBytes(24).toString('base64url');
    const refresh = randomBytes(24).toString('base64url');
    this.accessTokens.set(access, this.now() + lifetime * 1000);
    this.refreshTokens.set(refresh, { used: false });
    return { access_token: access, refresh_token: refresh, expires_in: String(lifetime) };
  }

  /** What the permission page would give the callback for a PKCE challenge. */
  issueAuthorizationCode(codeChallenge: string): string {
    const code = randomBytes(16).toString('base64url');
    this.codes.set(code, { challenge: codeChallenge, used: false });
    return code;
  }

  /** Every access token issued so far is now expired. */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, 0);
  }

  /** The next `n` API calls fail; default HTTP 502 with an HTML body (a gateway failure). */
  failNext(n: number, failure: Failure = {}): void {
    for (let i = 0; i < n; i++) this.failures.push({ ...failure, status: failure.status ?? 502 });
  }

  /** Calls to `path` answer `code` (default -224: the OA's tier lacks the feature). */
  denyFeature(path: string, code = -224): void {
    this.denied.set(path, code);
  }

  /** A follower whose profile getprofile returns. */
  addUser(userId: string, profile: { displayName: string; sharedInfo?: Record<string, unknown> }): void {
    this.profiles.set(userId, {
      user_gender: 1,
      user_id: userId,
      user_id_by_app: `app-${userId}`,
      avatar: `https://s120-ava-talk.zadn.vn/${userId}.jpg`,
      avatars: {
        '120': `https://s120-ava-talk.zadn.vn/${userId}.jpg`,
        '240': `https://s240-ava-talk.zadn.vn/${userId}.jpg`,
      },
      display_name: profile.displayName,
      birth_date: 0,
      shared_info: profile.sharedInfo ?? {},
      tags_and_notes_info: { notes: [], tag_names: [] },
    });
  }

  /** The user has not interacted recently: consultation messages answer -230. */
  setOutsideWindow(userId: string): void {
    this.outsideWindow.add(userId);
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** The `X-ZEvent-Signature` value for a body, as Zalo computes it (§7.1). */
  signature(rawBody: string): string {
    const parsed = JSON.parse(rawBody) as { timestamp?: unknown };
    const mac = createHash('sha256')
      .update(`${this.appId}${rawBody}${String(parsed.timestamp)}${this.oaSecretKey}`)
      .digest('hex');
    return `mac=${mac}`;
  }

  /** Signs and POSTs an event to a webhook URL; returns the answer. */
  async postWebhook(url: string, event: Record<string, unknown>, rawBody = JSON.stringify(event)) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-ZEvent-Signature': this.signature(rawBody) },
      body: rawBody,
    });
    return { status: response.status, text: await response.text() };
  }

  private async handle(method: string, rawUrl: string, headers: IncomingHttpHeaders, rawBody: string): Promise<Answer> {
    const url = new URL(rawUrl, 'http://standin');
    const form = headers['content-type']?.startsWith('application/x-www-form-urlencoded');
    let body: unknown = form ? Object.fromEntries(new URLSearchParams(rawBody)) : undefined;
    if (!form && rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
    }
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      rawBody,
      body,
    });
    if (url.pathname === '/v4/oa/access_token' && method === 'POST') return this.token(headers, asFields(body));
    const failure = this.failures[0];
    if (failure && (!failure.paths || failure.paths.includes(url.pathname))) {
      this.failures.shift();
      return { status: failure.status, body: failure.body ?? '<html><body>502 Bad Gateway</body></html>' };
    }
    const route = `${method} ${url.pathname}`;
    if (!API_ROUTES.has(route)) return ERR(-209, 'Not supported this api', 404);
    const token = headers.access_token;
    const expiresAt = typeof token === 'string' ? this.accessTokens.get(token) : undefined;
    if (expiresAt === undefined || expiresAt <= this.now()) {
      return this.tokenFailure === 'http-401'
        ? ERR(-216, 'Access token is invalid', 401)
        : ERR(-216, 'Access token is invalid');
    }
    const denied = this.denied.get(url.pathname);
    if (denied !== undefined) return ERR(denied, 'The OA needs to upgrade OA Tier Package');
    if (route === 'GET /v2.0/oa/getprofile') return this.profile(url.searchParams);
    if (route === 'POST /message/template') return this.zns(body);
    return this.message(body, route === 'POST /v3.0/oa/message/transaction');
  }

  private async token(headers: IncomingHttpHeaders, form: Record<string, string>): Promise<Answer> {
    if (headers.secret_key !== this.appSecret || form.app_id !== this.appId) {
      return TOKEN_ERR(-14003, 'Invalid parameter', 'Invalid app_id or secret_key'); // code assumed
    }
    if (form.grant_type === 'refresh_token') {
      const entry = this.refreshTokens.get(form.refresh_token ?? '');
      if (!entry || entry.used)
        return TOKEN_ERR(-14020, 'Invalid refresh token', 'Refresh token is invalid or has been used');
      entry.used = true; // spent at once: a concurrent second use of the same token fails
    } else if (form.grant_type === 'authorization_code') {
      const entry = this.codes.get(form.code ?? '');
      const challenge = createHash('sha256')
        .update(form.code_verifier ?? '', 'ascii')
        .digest('base64url');
      if (!entry || entry.used) return TOKEN_ERR(-14019, 'Invalid code', 'Invalid authorization code'); // code assumed
      if (entry.challenge !== challenge) return TOKEN_ERR(-14019, 'Invalid code verifier', 'Invalid code verifier');
      entry.used = true;
    } else {
      return TOKEN_ERR(-14003, 'Invalid parameter', 'Invalid grant_type');
    }
    if (this.options.tokenDelayMs) await new Promise((r) => setTimeout(r, this.options.tokenDelayMs));
    return { status: 200, body: this.issueTokens() };
  }

  private message(body: unknown, transaction: boolean): Answer {
    const b = asObject(body);
    const userId = asObject(b.recipient).user_id;
    const message = asObject(b.message);
    if (typeof userId !== 'string' || userId === '') return ERR(-201, 'user_id is invalid'); // code assumed
    if (message.text === undefined && message.attachment === undefined) return ERR(-201, 'message is invalid');
    if (!transaction && this.outsideWindow.has(userId))
      return ERR(-230, 'User has not interacted with the OA in the past 7 days');
    return OK({ message_id: randomBytes(16).toString('hex'), user_id: userId });
  }

  private zns(body: unknown): Answer {
    const b = asObject(body);
    if (typeof b.phone !== 'string' || !/^84\d{9}$/.test(b.phone)) return ERR(-108, 'Phone number invalid');
    const templates = this.options.znsTemplates;
    const templateId = String(b.template_id ?? '');
    if (templates) {
      const params = templates[templateId];
      if (!params) return ERR(-109, 'Template ID invalid');
      const data = asObject(b.template_data);
      if (params.some((p) => data[p] === undefined || data[p] === '')) return ERR(-112, 'Template data invalid');
    }
    return OK({
      msg_id: randomBytes(10).toString('hex'),
      sent_time: String(this.now()),
      sending_mode: '1',
      quota: { dailyQuota: '500', remainingQuota: '499' },
    });
  }

  private profile(query: URLSearchParams): Answer {
    let userId: unknown;
    try {
      userId = asObject(JSON.parse(query.get('data') ?? '')).user_id;
    } catch {
      userId = undefined;
    }
    const profile = typeof userId === 'string' ? this.profiles.get(userId) : undefined;
    return profile ? OK(profile) : ERR(-201, 'user_id is invalid'); // code assumed
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function asFields(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(value))) if (typeof v === 'string') out[k] = v;
  return out;
}
