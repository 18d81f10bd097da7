/**
 * Stand-in for the national sign-on (Cổng DVCQG's WSO2 Identity Server at
 * xacthuc.dichvucong.gov.vn, VNeID federated behind it), built on `oidc-provider` and configured
 * as ../shared/domain/payments-sync-sso.md §4 describes it:
 * - endpoints `/oauth2/authorize`, `/oauth2/token`, `/oauth2/userinfo`, logout `/oidc/logout`;
 * - scope `openid`, `acr_values` `LoA1`/`LoA2`; the ID token carries `acr`, UserInfo the minimal
 *   set (`sub`, `LoaiTaiKhoan`, `TechID`, `loAs`, `SoDinhDanh`, `HoVaTen`, `NgayThangNamSinh`
 *   as `yyyyMMdd`);
 * - a sign-in at a lower level than asked is not enough: asking `LoA2` after a `LoA1` sign-in
 *   prompts again (step-up), and a person whose account only reaches level 1 gets `LoA1`;
 * - client_secret_post at the token endpoint (T1's `POST token` with client_id, client_secret).
 * `tamper()` makes the token endpoint hand out an ID token that must be refused: claims changed
 * after signing, signed by another key, or expired.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';

export interface NationalPerson {
  /** Highest level the person's account reaches (VNeID level 1 or 2, §4.3). */
  maxLevel: 1 | 2;
  SoDinhDanh: string;
  HoVaTen: string;
  /** yyyyMMdd */
  NgayThangNamSinh: string;
  /** `1` citizen, `2` business, `3` organisation. */
  LoaiTaiKhoan?: '1' | '2' | '3';
}

export interface NationalIdpClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  /** OpenID Connect Back-Channel Logout 1.0: where the provider POSTs logout tokens. */
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
}

type Tamper = 'claims_changed' | 'foreign_key' | 'expired';

export interface NationalIdp {
  issuer: string;
  /** Back-channel logout calls that failed (the client's answer or the transport), newest last. */
  backchannelErrors: string[];
  /** From now on the token endpoint hands out a bad ID token of this kind (undefined: honest again). */
  tamper(kind: Tamper | undefined): void;
  close(): Promise<void>;
}

const ACR_VALUES = ['LoA1', 'LoA2'] as const;
const LOGIN_PATH = '/authenticationendpoint/login';

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');

function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
}

function tampered(idToken: string, kind: Tamper, key: KeyObject): string {
  const [h = '', p = '', s = ''] = idToken.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  switch (kind) {
    // The level raised on the way, the provider's signature kept: what a man in the middle would try.
    case 'claims_changed':
      return `${h}.${b64url(JSON.stringify({ ...payload, acr: 'LoA2' }))}.${s}`;
    case 'foreign_key':
      return signJwt(header, payload, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    case 'expired': {
      const now = Math.floor(Date.now() / 1000);
      return signJwt(header, { ...payload, iat: now - 7200, exp: now - 3600 }, key);
    }
  }
}

const levelOfAcr = (acr: unknown) => (typeof acr === 'string' ? ACR_VALUES.indexOf(acr as 'LoA1') + 1 : 0);
/** The highest level named in `acr_values` (1 when none is). */
const requestedLevel = (acrValues: unknown) =>
  Math.max(
    1,
    ...String(acrValues ?? '')
      .split(' ')
      .map(levelOfAcr),
  );

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, level: number, error?: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập — Cổng DVCQG (stand-in)</title></head><body>
<h1>Đăng nhập mức độ ${level}</h1>${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${LOGIN_PATH}/${escapeHtml(uid)}"><input type="hidden" name="prompt" value="login">
<label>Số định danh <input name="login"></label><label>Mật khẩu <input type="password" name="password"></label>
<button>Đăng nhập</button></form></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

export async function startNationalIdp(options: {
  people: Record<string, NationalPerson>;
  clients: NationalIdpClient[];
}): Promise<NationalIdp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'dvcqg-1', alg: 'RS256', use: 'sig' };

  // Step-up: a session whose level is below the highest acr_values asked signs in again.
  const policy = interactionPolicy.base();
  const { Check } = interactionPolicy;
  policy.get('login')?.checks.add(
    new Check('acr_step_up', 'a higher level of assurance is required', (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      if (oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
      return levelOfAcr(oidc.acr) < requestedLevel(oidc.params?.acr_values)
        ? Check.REQUEST_PROMPT
        : Check.NO_NEED_TO_PROMPT;
    }),
  );

  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      ...c,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    routes: {
      authorization: '/oauth2/authorize',
      token: '/oauth2/token',
      userinfo: '/oauth2/userinfo',
      jwks: '/oauth2/jwks',
      end_session: '/oidc/logout',
    },
    jwks: { keys: [jwk] },
    acrValues: [...ACR_VALUES],
    scopes: ['openid'],
    claims: {
      openid: ['sub', 'LoaiTaiKhoan', 'TechID', 'loAs', 'SoDinhDanh', 'HoVaTen', 'NgayThangNamSinh'],
    },
    pkce: { required: () => true },
    // oidc-provider refuses outgoing calls to special-use addresses (its SSRF guard); here every
    // client is on 127.0.0.1 by design, so the back-channel calls go out without that dispatcher.
    fetch: (url: string | URL | Request, options?: RequestInit) => {
      const { dispatcher: _guard, ...rest } = (options ?? {}) as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    },
    cookies: { keys: ['national-idp-stand-in'] },
    interactions: { url: (_ctx, interaction) => `${LOGIN_PATH}/${interaction.uid}`, policy },
    features: {
      devInteractions: { enabled: false },
      // Signing out here tells every client of the session (Back-Channel Logout 1.0).
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // The confirmation a person clicks, sent on as a form: sign out of the whole single sign-on.
        logoutSource: async (ctx, form) => {
          ctx.body = `<!doctype html><html lang="vi"><body><h1>Đăng xuất</h1>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>')}<button form="op.logoutForm">Đăng xuất</button></body></html>`;
        },
      },
    },
    // The province's portal is a registered client: no separate consent screen (as on the real portal).
    loadExistingGrant: async (ctx) => {
      const grantId =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '');
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client?.clientId ?? '',
        accountId: ctx.oidc.session?.accountId ?? '',
      });
      grant.addOIDCScope('openid');
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx, id) => {
      const person = options.people[id];
      if (!person) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          LoaiTaiKhoan: person.LoaiTaiKhoan ?? '1',
          TechID: createHash('sha256').update(id).digest('hex').slice(0, 24),
          loAs: ACR_VALUES[person.maxLevel - 1],
          SoDinhDanh: person.SoDinhDanh,
          HoVaTen: person.HoVaTen,
          NgayThangNamSinh: person.NgayThangNamSinh,
        }),
      };
    },
  });

  const backchannelErrors: string[] = [];
  provider.on('backchannel.error', (_ctx: unknown, err: Error, client: { clientId: string }) => {
    backchannelErrors.push(
      `${client.clientId}: ${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}`,
    );
  });
  let tamper: Tamper | undefined;
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (tamper && ctx.path === '/oauth2/token' && body?.id_token)
      ctx.body = { ...body, id_token: tampered(body.id_token, tamper, privateKey) };
  });

  const callback = provider.callback();
  const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string) => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid || details.prompt.name !== 'login') throw new Error('unexpected interaction');
    const level = requestedLevel(details.params.acr_values);
    const page = (status: number, html: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    };
    if (req.method === 'GET') return page(200, loginPage(uid, level));
    const form = await readForm(req);
    const login = form.get('login') ?? '';
    const person = options.people[login];
    if (!person || !form.get('password')) return page(401, loginPage(uid, level, 'Sai thông tin đăng nhập.'));
    // The level this sign-in reaches: what was asked, no more than the account can give.
    const acr = ACR_VALUES[Math.min(level, person.maxLevel) - 1];
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: login, acr } },
      { mergeWithLastSubmission: false },
    );
  };

  server.on('request', (req, res) => {
    const m = new RegExp(`^${LOGIN_PATH}/([^/?]+)`).exec(req.url ?? '');
    if (!m?.[1]) return callback(req, res);
    interaction(req, res, m[1]).catch((err: unknown) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(err instanceof Error ? err.message : String(err));
    });
  });

  return {
    issuer,
    backchannelErrors,
    tamper(kind) {
      tamper = kind;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
