import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../db/index.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import {
  contactsFor,
  notificationChannelsOf,
  setNotificationChannels,
  subscribe,
  subscribersOf,
  unsubscribe,
} from './preferences.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

const person = { email: 'hoa@example.vn', phone: '0912345678' };

test('without a choice: e-mail when given, else SMS', () => {
  assert.deepEqual(contactsFor(person, undefined), [{ channel: 'email', recipient: 'hoa@example.vn' }]);
  assert.deepEqual(contactsFor({ phone: '0912345678' }, undefined), [{ channel: 'sms', recipient: '0912345678' }]);
  assert.deepEqual(contactsFor({}, undefined), []);
});

test('a choice is followed in its order, skipping channels without a contact; none means none', () => {
  assert.deepEqual(contactsFor(person, ['sms', 'email']), [
    { channel: 'sms', recipient: '0912345678' },
    { channel: 'email', recipient: 'hoa@example.vn' },
  ]);
  assert.deepEqual(contactsFor({ phone: '0912345678' }, ['email']), []);
  assert.deepEqual(contactsFor(person, []), []);
});

test('a citizen saves a choice (audited); staff and anonymous callers cannot', async () => {
  const citizen = { kind: 'citizen' as const, id: '5d0c8f0e-8a53-4c55-9d0e-2b1f4c3a1a01' };
  assert.equal(await notificationChannelsOf(t.db, citizen.id), undefined);
  assert.deepEqual(await setNotificationChannels(t.db, citizen, '08', ['sms', 'sms', 'email']), ['sms', 'email']);
  assert.deepEqual(await notificationChannelsOf(t.db, citizen.id), ['sms', 'email']);
  await setNotificationChannels(t.db, citizen, '08', []);
  assert.deepEqual(await notificationChannelsOf(t.db, citizen.id), []);
  const audit = await rows<{ action: string }>(
    t.db,
    sql`select action from audit_events where stream = ${`account:${citizen.id}`}`,
  );
  assert.equal(audit.length, 2);
  await assert.rejects(
    setNotificationChannels(t.db, { kind: 'anonymous' }, '08', ['sms']),
    (e: Error & { code?: string }) => e.code === 'NOTIFY_PREFERENCES_CITIZEN_ONLY',
  );
});

test('subscribing twice keeps one subscription; unsubscribing says whether there was one', async () => {
  const sub = { provinceCode: '08', subject: 'dossier:X-1', channel: 'zalo', recipient: '7000000000000000009' };
  await subscribe(t.db, sub);
  await subscribe(t.db, sub);
  assert.deepEqual(await subscribersOf(t.db, 'dossier:X-1'), [{ channel: 'zalo', recipient: sub.recipient }]);
  assert.equal(await unsubscribe(t.db, sub), true);
  assert.equal(await unsubscribe(t.db, sub), false);
  assert.deepEqual(await subscribersOf(t.db, 'dossier:X-1'), []);
});
