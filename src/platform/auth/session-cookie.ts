/** The session cookie: set at sign-in, cleared at sign-out (plugin.ts reads it on every request). */
import type { FastifyReply } from 'fastify';
import type { Config } from '../config.ts';
import { SESSION_COOKIE } from './sessions.ts';

/**
 * HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site posts), Secure when
 * served over https. No Max-Age: the cookie dies with the browser, which matters on the
 * shared computers of commune offices; the server enforces the sliding expiry.
 */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl?.startsWith('https:') ?? false,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl?.startsWith('https:') ?? false,
  });
}
