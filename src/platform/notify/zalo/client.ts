/**
 * Zalo OA API client (DOMAIN.md §7.3): consultation messages, the request-user-info template,
 * ZNS template notifications and profiles. Every call carries the header `access_token`
 * (not `Authorization`). Success is HTTP 200 and `error == 0`; an expired or invalid token
 * (HTTP 401 or -216) gets one refresh and one retry (§7.2); other failures throw
 * `ZaloApiError`, marked retryable or not.
 */
import { normalisePhone } from '../../auth/login.ts';
import {
  isRetryableCode,
  isRetryableStatus,
  TOKEN_ERROR_CODES,
  ZaloApiError,
  ZNS_TOKEN_ERROR_CODES,
} from './errors.ts';
import { asRecord, errorCodeOf, errorMessageOf, exchange, type FetchLike, type HttpAnswer } from './http.ts';
import type { AccessTokenSource } from './tokens.ts';

const DEFAULT_API_BASE = 'https://openapi.zalo.me';
const DEFAULT_ZNS_BASE = 'https://business.openapi.zalo.me';

export interface ZaloClientOptions {
  tokens: AccessTokenSource;
  apiBase?: string;
  znsBase?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

export interface ZaloProfile {
  userId: string;
  userIdByApp: string | undefined;
  displayName: string;
  avatar: string | undefined;
  /** What the user shared through the request-user-info form (`user_submit_info`). */
  sharedInfo: Record<string, string> | undefined;
  /** The whole `data` object as Zalo sent it. */
  raw: Record<string, unknown>;
}

export interface RequestUserInfo {
  title: string;
  subtitle: string;
  imageUrl?: string;
}

export interface ZnsInput {
  phone: string;
  templateId: string;
  templateData: Record<string, string | number>;
  /** Our id for the message, echoed in the delivery receipt (the outbox id). */
  trackingId: string;
}

/**
 * A phone number in the form ZNS takes: `84` and the 9-digit mobile number, no `+`, no
 * leading 0 (§7.3). Undefined for anything else, fixed lines included (they have no Zalo).
 */
export function toZnsPhone(raw: string): string | undefined {
  const phone = normalisePhone(raw);
  return phone && /^\+84[35789]\d{8}$/.test(phone) ? phone.slice(1) : undefined;
}

type Api = 'oa' | 'zns';

export class ZaloClient {
  private readonly apiBase: string;
  private readonly znsBase: string;
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: ZaloClientOptions) {
    this.apiBase = (options.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '');
    this.znsBase = (options.znsBase ?? DEFAULT_ZNS_BASE).replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** A consultation (1:1) text message; Zalo only delivers it within a window after the user's last interaction. */
  async sendConsultation(userId: string, text: string): Promise<{ messageId: string }> {
    const data = await this.call('oa', 'POST', `${this.apiBase}/v3.0/oa/message/cs`, {
      recipient: { user_id: userId },
      message: { text },
    });
    return { messageId: stringField(data, 'message_id') };
  }

  /** The `request_user_info` template: the user's answer arrives as the `user_submit_info` webhook. */
  async sendRequestUserInfo(userId: string, form: RequestUserInfo): Promise<{ messageId: string }> {
    const element: Record<string, string> = { title: form.title, subtitle: form.subtitle };
    if (form.imageUrl) element.image_url = form.imageUrl;
    const data = await this.call('oa', 'POST', `${this.apiBase}/v3.0/oa/message/cs`, {
      recipient: { user_id: userId },
      message: {
        attachment: { type: 'template', payload: { template_type: 'request_user_info', elements: [element] } },
      },
    });
    return { messageId: stringField(data, 'message_id') };
  }

  /** A ZNS template notification to a phone number (paid per message). */
  async sendZns(input: ZnsInput): Promise<{ msgId: string; sentTime: string | undefined }> {
    const phone = toZnsPhone(input.phone);
    if (!phone) throw new ZaloApiError(-108, `phone number invalid: ${JSON.stringify(input.phone)}`, false);
    const data = await this.call('zns', 'POST', `${this.znsBase}/message/template`, {
      phone,
      template_id: input.templateId,
      template_data: input.templateData,
      tracking_id: input.trackingId,
    });
    const sentTime = data.sent_time;
    return { msgId: stringField(data, 'msg_id'), sentTime: sentTime === undefined ? undefined : String(sentTime) };
  }

  async getProfile(userId: string): Promise<ZaloProfile> {
    const query = new URLSearchParams({ data: JSON.stringify({ user_id: userId }) });
    const data = await this.call('oa', 'GET', `${this.apiBase}/v2.0/oa/getprofile?${query.toString()}`);
    const shared = asRecord(data.shared_info);
    return {
      userId: stringField(data, 'user_id'),
      userIdByApp: typeof data.user_id_by_app === 'string' ? data.user_id_by_app : undefined,
      displayName: typeof data.display_name === 'string' ? data.display_name : '',
      avatar: typeof data.avatar === 'string' ? data.avatar : undefined,
      // Zalo sends the shared phone as a number at times; keep every value as text.
      sharedInfo: shared
        ? Object.fromEntries(
            Object.entries(shared).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
          )
        : undefined,
      raw: data,
    };
  }

  private async call(api: Api, method: 'GET' | 'POST', url: string, body?: unknown): Promise<Record<string, unknown>> {
    const tokens = this.options.tokens;
    const used = await tokens.getAccessToken();
    let answer = await this.send(method, url, used.accessToken, body);
    if (isTokenFailure(api, answer)) {
      // Refresh once (only if nobody did already), retry once; a second refusal is returned as is.
      const fresh = await tokens.refreshTokens(used.version);
      answer = await this.send(method, url, fresh.accessToken, body);
    }
    return checked(answer, new URL(url).pathname);
  }

  private send(method: 'GET' | 'POST', url: string, accessToken: string, body: unknown): Promise<HttpAnswer> {
    const headers: Record<string, string> = { access_token: accessToken };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return exchange(
      this.fetchImpl,
      url,
      { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
      this.options.timeoutMs ?? 15_000,
    );
  }
}

function isTokenFailure(api: Api, answer: HttpAnswer): boolean {
  if (answer.status === 401) return true;
  const code = errorCodeOf(asRecord(answer.json));
  return code !== undefined && (api === 'zns' ? ZNS_TOKEN_ERROR_CODES : TOKEN_ERROR_CODES).has(code);
}

function checked(answer: HttpAnswer, path: string): Record<string, unknown> {
  const body = asRecord(answer.json);
  const code = errorCodeOf(body);
  if (answer.status === 200 && code === 0) return asRecord(body?.data) ?? {};
  if (code !== undefined && code !== 0) {
    throw new ZaloApiError(code, `${path}: ${errorMessageOf(body, 'error')}`, isRetryableCode(code), answer.status);
  }
  if (answer.status !== 200) {
    const what = `${path}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`;
    throw new ZaloApiError('http', what, isRetryableStatus(answer.status), answer.status);
  }
  // HTTP 200 without `error`: not Zalo's answer (a proxy page?). Retry later.
  throw new ZaloApiError('malformed', `${path}: unexpected answer ${answer.text.slice(0, 200)}`, true, answer.status);
}

function stringField(data: Record<string, unknown>, field: string): string {
  const value = data[field];
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}
