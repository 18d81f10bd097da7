/**
 * The client of the national portal's adapter API (payments-sync-sso.md §3.1, after OpenCPS's
 * `DVCQGIntegrationActionImpl`): `POST adapter_url + auth_endpoint` with `{username, password}`
 * (header `dstcode`) gives `{error_code: 0, session}`; every call is `POST adapter_url +
 * integration_endpoint` with `{session, madonvi, service, …params}` and succeeds on
 * `error_code == 0`, its answer in `result`. The session is kept in the database for every
 * process (OpenCPS's `AccessToken` table) and fetched again once when a call is refused.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { DeliveryError } from '../../platform/notify/errors.ts';
import { nationalSessions } from './schema.ts';

export interface AdapterSettings {
  adapterUrl: string;
  authPath: string;
  integrationPath: string;
  username: string;
  password: string;
  /** madonvi: the province's (or agency's) unit code on the national portal. */
  agencyCode: string;
  /** dstcode header, when the portal gave one. */
  dstCode?: string | undefined;
  timeoutMs?: number;
}

export interface AdapterAnswer {
  error_code: number;
  message?: string;
  result?: unknown;
  /** The answer as received, kept beside the sync state (§3.1: keep the raw response). */
  raw: string;
}

const join = (base: string, path: string) => `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;

export class AdapterClient {
  constructor(
    private readonly db: Executor,
    private readonly settings: AdapterSettings,
  ) {}

  private async post(path: string, body: Record<string, unknown>): Promise<AdapterAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.settings.dstCode) headers.dstcode = this.settings.dstCode;
    let response: Response;
    try {
      response = await fetch(join(this.settings.adapterUrl, path), {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new DeliveryError(`national portal unreachable: ${err instanceof Error ? err.message : String(err)}`, true);
    }
    const raw = (await response.text()).slice(0, 20_000);
    if (!response.ok) throw new DeliveryError(`national portal answered HTTP ${response.status}`, true);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new DeliveryError('national portal answered something that is not JSON', true);
    }
    const answer = parsed as { error_code?: unknown; message?: unknown; result?: unknown; session?: unknown };
    const code = Number(answer.error_code);
    if (!Number.isFinite(code)) throw new DeliveryError('national portal answer has no error_code', true);
    return {
      error_code: code,
      ...(typeof answer.message === 'string' ? { message: answer.message } : {}),
      ...(answer.result !== undefined ? { result: answer.result } : {}),
      raw,
    };
  }

  private async signIn(): Promise<string> {
    const { username, password } = this.settings;
    const answer = await this.post(this.settings.authPath, { username, password });
    const session = (JSON.parse(answer.raw) as { session?: unknown }).session;
    if (answer.error_code !== 0 || typeof session !== 'string' || session === '') {
      throw new DeliveryError(`national portal refused the sign-in (error_code ${answer.error_code})`, true);
    }
    await this.db
      .insert(nationalSessions)
      .values({ adapterUrl: this.settings.adapterUrl, session })
      .onConflictDoUpdate({ target: nationalSessions.adapterUrl, set: { session, obtainedAt: new Date() } });
    return session;
  }

  private async session(): Promise<{ session: string; cached: boolean }> {
    const [row] = await this.db
      .select()
      .from(nationalSessions)
      .where(eq(nationalSessions.adapterUrl, this.settings.adapterUrl));
    if (row) return { session: row.session, cached: true };
    return { session: await this.signIn(), cached: false };
  }

  /** Calls one `service`; a refusal with a kept session signs in again once. */
  async call(service: string, params: Record<string, unknown>): Promise<AdapterAnswer> {
    const send = (session: string) =>
      this.post(this.settings.integrationPath, { session, madonvi: this.settings.agencyCode, service, ...params });
    const first = await this.session();
    const answer = await send(first.session);
    if (answer.error_code === 0 || !first.cached || !isSessionRefusal(answer)) return answer;
    return send(await this.signIn());
  }
}

/** The adapter says the session is unknown or expired (OpenCPS signs in again on such answers). */
function isSessionRefusal(answer: AdapterAnswer): boolean {
  return /session|phiên|token/i.test(answer.message ?? '');
}

/** `3`/`-3` with "đã tồn tại": the dossier is already there, so the push becomes an update (§3.1, T1). */
export const alreadyExists = (answer: AdapterAnswer): boolean =>
  Math.abs(answer.error_code) === 3 && /đã tồn tại/i.test(answer.message ?? '');
