/**
 * For tests of other modules that need a signed-in citizen through the API: registers, reads
 * the confirmation link from the outbox (where the SMS or e-mail waits) and confirms it, as
 * the phone's or inbox's owner would. Returns the confirmation's answer (201 with the cookie).
 */

import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Executor } from '../db/index.ts';
import { outbox } from '../notify/index.ts';
import { loginKey } from './login.ts';

export async function registerCitizen(
  app: FastifyInstance,
  db: Executor,
  payload: { login: string; password: string; displayName: string },
): Promise<LightMyRequestResponse> {
  const asked = await app.inject({ method: 'POST', url: '/api/v1/auth/citizens', payload });
  if (asked.statusCode !== 202) return asked;
  const [row] = await db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(eq(outbox.recipient, loginKey(payload.login)))
    .orderBy(desc(outbox.id))
    .limit(1);
  const text = String((row?.payload as { text?: unknown } | undefined)?.text ?? '');
  const token = /[?&]ma=([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no confirmation link was sent to ${payload.login}`);
  return app.inject({ method: 'POST', url: '/api/v1/auth/citizens/confirm', payload: { token } });
}
