/**
 * Who hears about a record, and how. A citizen account may choose its channels (e-mail, SMS,
 * both in an order, or none); without a choice the rule is e-mail when the applicant gave one,
 * else SMS. A person may also subscribe a chat channel to one record (Zalo "THEO DÕI").
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/index.ts';
import type { Caller } from '../auth/caller.ts';
import type { Executor } from '../db/index.ts';
import { DomainError, registerErrors } from '../errors.ts';
import { notificationPreferences, notificationSubscriptions } from './schema.ts';

registerErrors({
  NOTIFY_PREFERENCES_CITIZEN_ONLY: {
    status: 403,
    vi: 'Chỉ tài khoản công dân mới chọn được cách nhận thông báo về hồ sơ của mình.',
  },
});

export const PREFERABLE_CHANNELS = ['email', 'sms'] as const;
export type PreferableChannel = (typeof PREFERABLE_CHANNELS)[number];

export interface Contact {
  channel: string;
  recipient: string;
}

/** The account's chosen channels, or undefined when it never chose (the default rule applies). */
export async function notificationChannelsOf(
  db: Executor,
  accountId: string,
): Promise<PreferableChannel[] | undefined> {
  const [row] = await db
    .select({ channels: notificationPreferences.channels })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.accountId, accountId));
  return row ? row.channels.filter((c): c is PreferableChannel => PREFERABLE_CHANNELS.includes(c as never)) : undefined;
}

/** Saves a citizen's choice (deduplicated, in the given order); audited on the account's chain. */
export async function setNotificationChannels(
  db: Executor,
  caller: Caller,
  provinceCode: string,
  channels: readonly PreferableChannel[],
): Promise<PreferableChannel[]> {
  if (caller.kind !== 'citizen') throw new DomainError('NOTIFY_PREFERENCES_CITIZEN_ONLY');
  const chosen = [...new Set(channels)];
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx
      .insert(notificationPreferences)
      .values({ accountId: caller.id, provinceCode, channels: chosen, updatedAt: now })
      .onConflictDoUpdate({ target: notificationPreferences.accountId, set: { channels: chosen, updatedAt: now } });
    await recordAudit(tx, {
      provinceCode,
      stream: `account:${caller.id}`,
      action: 'notify.preferences_set',
      actorId: caller.id,
      actorRole: 'citizen',
      data: { channels: chosen },
      at: now,
    });
  });
  return chosen;
}

/**
 * Where the notices about a record go: the preferred channels that have a contact, or by
 * default e-mail when given, else SMS.
 */
export function contactsFor(
  person: { email?: string | null | undefined; phone?: string | null | undefined },
  preferred: readonly PreferableChannel[] | undefined,
): Contact[] {
  const address: Record<PreferableChannel, string | null | undefined> = { email: person.email, sms: person.phone };
  const order = preferred ?? (person.email ? ['email' as const] : ['sms' as const]);
  return order.flatMap((channel) => {
    const recipient = address[channel];
    return recipient ? [{ channel, recipient }] : [];
  });
}

export async function subscribe(
  db: Executor,
  input: { provinceCode: string; subject: string; channel: string; recipient: string },
): Promise<void> {
  await db.insert(notificationSubscriptions).values(input).onConflictDoNothing();
}

/** True when there was such a subscription. */
export async function unsubscribe(
  db: Executor,
  input: { subject: string; channel: string; recipient: string },
): Promise<boolean> {
  const deleted = await db
    .delete(notificationSubscriptions)
    .where(
      and(
        eq(notificationSubscriptions.subject, input.subject),
        eq(notificationSubscriptions.channel, input.channel),
        eq(notificationSubscriptions.recipient, input.recipient),
      ),
    )
    .returning({ id: notificationSubscriptions.id });
  return deleted.length > 0;
}

export async function subscribersOf(db: Executor, subject: string): Promise<Contact[]> {
  return db
    .select({ channel: notificationSubscriptions.channel, recipient: notificationSubscriptions.recipient })
    .from(notificationSubscriptions)
    .where(eq(notificationSubscriptions.subject, subject));
}
