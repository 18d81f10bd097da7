/**
 * What sign-in, password change, reset and registration share: the account's audit chain and
 * the one-time secrets sent to the account's address (stored only as their SHA-256).
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/index.ts';
import type { Executor } from '../db/index.ts';
import { type AccountRow, accountTokens } from './schema.ts';
import { sha256Hex } from './sessions.ts';

/** One audit chain per account (`account:<id>`), written in the caller's transaction. */
export function auditAccount(
  tx: Executor,
  account: AccountRow,
  action: string,
  now: Date,
  data: Record<string, unknown> = {},
) {
  return recordAudit(tx, {
    provinceCode: account.provinceCode,
    stream: `account:${account.id}`,
    action,
    actorId: account.id,
    actorRole: account.kind,
    at: now,
    data,
  });
}

export type AccountTokenPurpose = 'password_reset' | 'registration';

/** True when `secret` is a live one-time secret of that purpose: not used, not expired. */
export async function tokenIsLive(
  db: Executor,
  purpose: AccountTokenPurpose,
  secret: string,
  now = new Date(),
): Promise<boolean> {
  const [token] = await db
    .select({ id: accountTokens.id })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.id, sha256Hex(secret)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    );
  return token !== undefined;
}
