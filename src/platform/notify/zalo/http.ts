/** One HTTP exchange with Zalo, with a timeout; the body is parsed when it is JSON. */
import { ZaloApiError } from './errors.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpAnswer {
  status: number;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
  text: string;
}

export async function exchange(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<HttpAnswer> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (err) {
    // Refused connection, DNS failure, timeout: the request may not have reached Zalo; retry later.
    const reason = err instanceof Error ? err.message : String(err);
    throw new ZaloApiError('network', `${new URL(url).pathname}: ${reason}`, true, undefined, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** A record view of a JSON object body, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Zalo's `error` field as a number (it is sometimes sent as a string), or undefined. */
export function errorCodeOf(body: Record<string, unknown> | undefined): number | undefined {
  const raw = body?.error;
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw)) return Number(raw);
  return undefined;
}

/** The most telling message of a Zalo error body. */
export function errorMessageOf(body: Record<string, unknown> | undefined, fallback: string): string {
  for (const field of ['message', 'error_description', 'error_reason', 'error_name']) {
    const value = body?.[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return fallback;
}
