/**
 * What every page needs to know about its request: the language and its words, who is
 * signed in, the CSRF token for its forms (CSP and CSRF rules: src/platform/http/app.ts).
 */

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../platform/auth/caller.ts';
import { forgetBetweenTests } from '../platform/process-state.ts';
import { type Lang, type Messages, messages, resolveLang } from './i18n/index.ts';

export type Area = 'portal' | 'workspace';

export interface PageContext {
  area: Area;
  lang: Lang;
  t: Messages;
  /** The path and query of this request (for the language switch and return addresses). */
  url: string;
  /** Token for the hidden `_csrf` field of every form post. */
  csrf: string;
  caller: Caller;
  /** "Tỉnh Tuyên Quang": whose portal this is, in the header (issue 13, item 9). */
  provinceName?: string;
  /** The signed-in person's display name, for the header. */
  userName: string | null;
  requestId: string;
}

/** Province names by code, read at the first page request once the directory has them (rememberProvinceName). */
const provinceNames = new Map<string, string>();
forgetBetweenTests(() => provinceNames.clear());
export const rememberProvinceName = (code: string, name: string) => provinceNames.set(code, name);
export const provinceNameKnown = (code: string) => provinceNames.has(code);

export function pageContext(request: FastifyRequest, reply: FastifyReply, area: Area): PageContext {
  const lang = resolveLang(request, reply);
  const account = request.caller.kind === 'anonymous' ? null : request.authSession?.account;
  return {
    area,
    lang,
    t: messages(lang),
    url: request.url,
    csrf: reply.generateCsrf(),
    caller: request.caller,
    provinceName: provinceNames.get(request.server.deps.config.provinceCode) ?? '',
    userName: account?.displayName ?? null,
    requestId: request.id,
  };
}
