/**
 * What every page needs to know about its request: the language and its words, who is
 * signed in, the CSRF token for its forms (CSP and CSRF rules: src/platform/http/app.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../platform/auth/caller.ts';
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
  /** The signed-in person's display name, for the header. */
  userName: string | null;
  requestId: string;
}

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
    userName: account?.displayName ?? null,
    requestId: request.id,
  };
}
