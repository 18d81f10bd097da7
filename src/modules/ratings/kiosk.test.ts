import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { DomainError } from '../../platform/errors.ts';
import { counterSessions, officerRatings } from './schema.ts';
import {
  authenticateKiosk,
  closeCounterSession,
  createKioskToken,
  type KioskIdentity,
  officerAtCounter,
  openCounterSession,
  rateAtKiosk,
  revokeKioskToken,
} from './service.ts';
import { type RatingsTestDb, ratingsTestDb } from './testing.ts';

let d: RatingsTestDb;
let counterA: string;
let counterB: string;
let kiosk: KioskIdentity;

const at = (hhmm: string) => new Date(`2026-11-10T${hhmm}:00+07:00`);
const rejects = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

before(async () => {
  d = await ratingsTestDb();
  const [a, b] = await d.centreCounters();
  assert.ok(a && b);
  counterA = a.id;
  counterB = b.id;
  const created = await createKioskToken(d.t.db, await d.callerFor('admin.ttpvhcc'), {
    counterId: counterA,
    label: 'Máy tính bảng quầy 1',
  });
  kiosk = await authenticateKiosk(d.t.db, counterA, created.token);
});
after(async () => {
  await d.t.close();
});

test('a kiosk token opens only its own counter, and stops working once revoked', async () => {
  const admin = await d.callerFor('admin.ttpvhcc');
  const created = await createKioskToken(d.t.db, admin, { counterId: counterB });
  assert.match(created.kioskPath, new RegExp(`^/kiosk/${counterB}\\?token=kiosk_`));
  assert.equal((await authenticateKiosk(d.t.db, counterB, created.token)).counterId, counterB);
  await assert.rejects(authenticateKiosk(d.t.db, counterA, created.token), rejects('KIOSK_TOKEN_INVALID'));
  await assert.rejects(authenticateKiosk(d.t.db, counterB, 'kiosk_guess'), rejects('KIOSK_TOKEN_INVALID'));
  await assert.rejects(authenticateKiosk(d.t.db, counterB, undefined), rejects('KIOSK_TOKEN_INVALID'));
  await revokeKioskToken(d.t.db, admin, created.id);
  await assert.rejects(authenticateKiosk(d.t.db, counterB, created.token), rejects('KIOSK_TOKEN_INVALID'));
});

test('only an admin of the centre or the province issues kiosk tokens', async () => {
  await assert.rejects(
    createKioskToken(d.t.db, await d.callerFor('admin.tuphap'), { counterId: counterA }),
    rejects('FORBIDDEN'),
  );
  await assert.rejects(
    createKioskToken(d.t.db, await d.callerFor('tiepnhan.tinh'), { counterId: counterA }),
    rejects('FORBIDDEN'),
  );
  await assert.rejects(
    createKioskToken(d.t.db, { kind: 'anonymous' }, { counterId: counterA }),
    rejects('UNAUTHENTICATED'),
  );
  assert.ok((await createKioskToken(d.t.db, await d.callerFor('admin'), { counterId: counterA })).token);
});

test('a receiver of the centre opens a session at its counter; others may not', async () => {
  const receiver = await d.callerFor('tiepnhan3.tinh');
  await assert.rejects(
    openCounterSession(d.t.db, await d.callerFor('chuyenvien.tuphap'), counterB),
    rejects('FORBIDDEN'),
  );
  await assert.rejects(
    openCounterSession(d.t.db, await d.callerFor('tiepnhan.minhxuan'), counterB),
    rejects('FORBIDDEN'),
  );
  await assert.rejects(openCounterSession(d.t.db, receiver, randomUUID()), rejects('KIOSK_COUNTER_NOT_FOUND'));
  const session = await openCounterSession(d.t.db, receiver, counterB, { now: at('07:00') });
  assert.equal(session.officerAccountId, receiver.kind === 'staff' ? receiver.id : '');
});

test('an officer sits at one counter at a time: opening another ends the first', async () => {
  const receiver = await d.callerFor('tiepnhan3.tinh');
  const id = await d.accountOf('tiepnhan3.tinh');
  await openCounterSession(d.t.db, receiver, counterB, { now: at('07:00') });
  await openCounterSession(d.t.db, receiver, counterA, { now: at('08:00') });
  const sessions = await d.t.db.select().from(counterSessions).where(eq(counterSessions.officerAccountId, id));
  assert.deepEqual(
    sessions.map((s) => s.counterId),
    [counterA],
  );
  assert.equal(await officerAtCounter(d.t.db, counterB, at('07:30')), id);
  assert.equal(await officerAtCounter(d.t.db, counterB, at('08:30')), null);
  await closeCounterSession(d.t.db, receiver, counterA, { now: at('08:10') });
  assert.equal(await officerAtCounter(d.t.db, counterA, at('08:20')), null);
});

test('a tablet retrying after a network drop never duplicates a rating', async () => {
  const clientId = randomUUID();
  const input = { level: 'very_satisfied' as const, clientId, ratedAt: at('09:00') };
  const first = await rateAtKiosk(d.t.db, kiosk, input, { now: at('09:00') });
  const retry = await rateAtKiosk(d.t.db, kiosk, input, { now: at('09:05') });
  assert.equal(first.duplicate, false);
  assert.equal(retry.duplicate, true);
  assert.equal(retry.id, first.id);
  const rows = await d.t.db.select().from(officerRatings).where(eq(officerRatings.clientId, clientId));
  assert.equal(rows.length, 1);
  // The same client id with another answer is not a retry.
  await assert.rejects(
    rateAtKiosk(d.t.db, kiosk, { ...input, level: 'unsatisfied' }, { now: at('09:06') }),
    rejects('IDEMPOTENCY_KEY_REUSED'),
  );
});

test('a kiosk rating goes to the officer in session when it was given, even when it arrives later', async () => {
  const trang = await d.callerFor('tiepnhan.tinh');
  const toan = await d.callerFor('tiepnhan2.tinh');
  const trangId = await d.accountOf('tiepnhan.tinh');
  const toanId = await d.accountOf('tiepnhan2.tinh');
  await openCounterSession(d.t.db, trang, counterA, { now: at('10:00') });
  await openCounterSession(d.t.db, toan, counterA, { now: at('11:00') });
  // Pressed at 10:30 while offline, sent at 11:15 after Toàn took over.
  const queued = await rateAtKiosk(
    d.t.db,
    kiosk,
    { level: 'satisfied', clientId: randomUUID(), ratedAt: at('10:30') },
    { now: at('11:15') },
  );
  const live = await rateAtKiosk(
    d.t.db,
    kiosk,
    { level: 'unsatisfied', clientId: randomUUID(), ratedAt: at('11:16') },
    { now: at('11:16') },
  );
  assert.equal(queued.officerAccountId, trangId);
  assert.equal(live.officerAccountId, toanId);
  const before10 = await rateAtKiosk(
    d.t.db,
    kiosk,
    { level: 'satisfied', clientId: randomUUID(), ratedAt: at('06:00') },
    { now: at('11:20') },
  );
  assert.equal(before10.officerAccountId, null, 'nobody sat there yet: the counter is rated, no officer');
});

test("a tablet clock running fast is capped at the server's time; a rating held too long is refused", async () => {
  const fast = await rateAtKiosk(
    d.t.db,
    kiosk,
    { level: 'satisfied', clientId: randomUUID(), ratedAt: at('23:00') },
    { now: at('12:00') },
  );
  assert.equal(fast.ratedAt, at('12:00').toISOString());
  await assert.rejects(
    rateAtKiosk(
      d.t.db,
      kiosk,
      { level: 'satisfied', clientId: randomUUID(), ratedAt: new Date('2026-09-01T00:00:00Z') },
      { now: at('12:00') },
    ),
    rejects('KIOSK_RATING_TOO_OLD'),
  );
});
