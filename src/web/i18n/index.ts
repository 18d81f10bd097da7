/**
 * Language of a page: Vietnamese by default; `?lang=en` (or `?lang=vi`) switches and is
 * remembered in a cookie, so the switch is a plain link that works without JavaScript.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { en } from './en.ts';
import { type Messages, vi } from './vi.ts';

export type { Messages } from './vi.ts';
export type Lang = 'vi' | 'en';
const LANG_COOKIE = 'mocua_lang';

const dictionaries: Record<Lang, Messages> = { vi, en };

export const messages = (lang: Lang): Messages => dictionaries[lang];

const asLang = (value: unknown): Lang | undefined => (value === 'vi' || value === 'en' ? value : undefined);

/** The language of this request; a `lang` query parameter also sets the cookie for the next pages. */
export function resolveLang(request: FastifyRequest, reply: FastifyReply): Lang {
  const query = request.query as Record<string, unknown> | undefined;
  const asked = asLang(query?.lang);
  if (asked) {
    reply.setCookie(LANG_COOKIE, asked, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    return asked;
  }
  return asLang(request.cookies[LANG_COOKIE]) ?? 'vi';
}

/** The current address with `lang` set to the other language (the switch link). */
export function switchLangHref(url: string, current: Lang): string {
  const parsed = new URL(url, 'http://x');
  parsed.searchParams.set('lang', current === 'vi' ? 'en' : 'vi');
  return `${parsed.pathname}${parsed.search}`;
}
