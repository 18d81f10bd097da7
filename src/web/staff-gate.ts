/** The gate of every workspace page (its own file so the page routes do not import each other). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffCaller } from '../platform/auth/index.ts';
import { seeOther, signInPath } from './http.tsx';

/** The signed-in staff member, or a redirect to the staff sign-in page (null: the reply is sent). */
export function staffOrSignIn(request: FastifyRequest, reply: FastifyReply): StaffCaller | null {
  if (request.caller.kind === 'staff') return request.caller;
  void seeOther(reply, signInPath('workspace', request.url));
  return null;
}
