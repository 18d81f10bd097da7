/**
 * Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s). Enrolment stores a secret
 * that only becomes active when the person proves their app has it by typing a first code.
 */
import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { recordAudit } from '../audit/index.ts';
import type { Executor } from '../db/index.ts';
import { DomainError } from '../errors.ts';
import type { Caller } from './caller.ts';
import './errors.ts';
import { type AccountRow, accounts } from './schema.ts';

const ISSUER = 'Mở Cửa';

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
}

/**
 * The time step a code belongs to, or undefined when it is wrong, or already used (a code
 * seen once, e.g. over someone's shoulder, must not open a second session). One step of
 * clock drift either way is accepted.
 */
export function acceptedTotpStep(
  account: Pick<AccountRow, 'totpSecret' | 'totpLastStep' | 'login'>,
  code: string,
  now: Date,
): number | undefined {
  if (!account.totpSecret || !/^\d{6}$/.test(code.trim())) return undefined;
  const totp = totpFor(account.totpSecret, account.login);
  const delta = totp.validate({ token: code.trim(), timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  const step = totp.counter({ timestamp: now.getTime() }) + delta;
  if (account.totpLastStep !== null && step <= account.totpLastStep) return undefined;
  return step;
}

/** The current code for a secret; for tests and for showing the enrolment screen's check. */
export function totpCode(secret: string, now: Date): string {
  return totpFor(secret, 'x').generate({ timestamp: now.getTime() });
}

/** Starts (or restarts) enrolment: a new secret, inactive until confirmTotp. */
export async function enrolTotp(db: Executor, accountId: string): Promise<{ uri: string; secret: string }> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
  if (!account) throw new DomainError('ACCOUNT_NOT_FOUND');
  if (account.totpConfirmedAt) throw new DomainError('TOTP_ALREADY_ENABLED');
  const secret = new Secret({ size: 20 }).base32;
  await db.update(accounts).set({ totpSecret: secret, totpLastStep: null }).where(eq(accounts.id, accountId));
  return { uri: totpFor(secret, account.login).toString(), secret };
}

/** Activates TOTP with the first valid code; from then on sign-in asks for a code. */
export async function confirmTotp(
  db: Executor,
  accountId: string,
  code: string,
  options: { now?: Date; actor?: Caller } = {},
): Promise<void> {
  const now = options.now ?? new Date();
  await db.transaction(async (tx) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, accountId)).for('update').limit(1);
    if (!account) throw new DomainError('ACCOUNT_NOT_FOUND');
    if (account.totpConfirmedAt) throw new DomainError('TOTP_ALREADY_ENABLED');
    if (!account.totpSecret) throw new DomainError('TOTP_NOT_ENROLLED');
    const step = acceptedTotpStep(account, code, now);
    if (step === undefined) throw new DomainError('TOTP_INVALID');
    await tx.update(accounts).set({ totpConfirmedAt: now, totpLastStep: step }).where(eq(accounts.id, accountId));
    await recordAudit(tx, {
      provinceCode: account.provinceCode,
      stream: `account:${accountId}`,
      action: 'account.totp_enabled',
      actorId: accountId,
      actorRole: account.kind,
      at: now,
    });
  });
}
