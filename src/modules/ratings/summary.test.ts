import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { anonymous } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import {
  authenticateKiosk,
  createKioskToken,
  openCounterSession,
  rateAtKiosk,
  rateDossier,
  ratingSummary,
} from './service.ts';
import { addAction, CODES, citizen, insertDossier, type RatingsTestDb, ratingsTestDb } from './testing.ts';

let d: RatingsTestDb;
const ids = { c1: '', c2: '', centre: '', tuphap: '', trang: '', toan: '' };
const at = (day: string, hhmm: string) => new Date(`2027-${day}T${hhmm}:00+07:00`);
const rejects = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

before(async () => {
  d = await ratingsTestDb();
  const [c1, c2] = await d.centreCounters();
  assert.ok(c1 && c2);
  ids.c1 = c1.id;
  ids.c2 = c2.id;
  ids.centre = await d.agencyId(CODES.ttpvhcc);
  ids.tuphap = await d.agencyId(CODES.tuphap);
  ids.trang = await d.accountOf('tiepnhan.tinh');
  ids.toan = await d.accountOf('tiepnhan2.tinh');
  await openCounterSession(d.t.db, await d.callerFor('tiepnhan.tinh'), ids.c1, { now: at('01-04', '07:00') });
  await openCounterSession(d.t.db, await d.callerFor('tiepnhan2.tinh'), ids.c2, { now: at('01-04', '07:00') });
  const admin = await d.callerFor('admin.ttpvhcc');
  const kiosk1 = await authenticateKiosk(
    d.t.db,
    ids.c1,
    (await createKioskToken(d.t.db, admin, { counterId: ids.c1 })).token,
  );
  const kiosk2 = await authenticateKiosk(
    d.t.db,
    ids.c2,
    (await createKioskToken(d.t.db, admin, { counterId: ids.c2 })).token,
  );

  // Trang (counter 1): one dossier rated Rất hài lòng (with indices 10 and 11) and one kiosk Hài lòng.
  const hoa = citizen();
  const dossier = await insertDossier(d.t.db, {
    receivingAgencyId: ids.centre,
    competentAgencyId: ids.tuphap,
    applicantAccountId: hoa.id,
  });
  await addAction(d.t.db, dossier.id, {
    type: 'deliver',
    actorId: ids.trang,
    actorAgencyId: ids.centre,
    at: at('01-05', '09:00'),
  });
  await rateDossier(
    d.t.db,
    hoa,
    {
      code: dossier.code,
      level: 'very_satisfied',
      convenience: 'satisfied',
      overall: 'very_satisfied',
      channel: 'portal',
    },
    { now: at('01-06', '10:00') },
  );
  const kioskRating = (kiosk: typeof kiosk1, level: 'very_satisfied' | 'satisfied' | 'unsatisfied', ratedAt: Date) =>
    rateAtKiosk(d.t.db, kiosk, { level, clientId: randomUUID(), ratedAt }, { now: ratedAt });
  await kioskRating(kiosk1, 'satisfied', at('01-05', '09:05'));
  // Toàn (counter 2): two Rất hài lòng, one Không hài lòng.
  await kioskRating(kiosk2, 'very_satisfied', at('01-05', '09:10'));
  await kioskRating(kiosk2, 'very_satisfied', at('02-10', '09:10'));
  await kioskRating(kiosk2, 'unsatisfied', at('03-31', '16:59'));
  // Next quarter: not counted in 2027-Q1.
  await kioskRating(kiosk2, 'unsatisfied', at('04-01', '07:30'));
});
after(async () => {
  await d.t.close();
});

test('per officer: counts and % of each level = count ÷ forms × 100', async () => {
  const summary = await ratingSummary(d.t.db, await d.callerFor('admin'), { groupBy: 'officer', quarter: '2027-Q1' });
  const trang = summary.rows.find((r) => r.key === ids.trang);
  const toan = summary.rows.find((r) => r.key === ids.toan);
  assert.equal(trang?.name, 'Hoàng Thị Thu Trang');
  assert.deepEqual([trang?.forms, trang?.percent], [2, { very_satisfied: 50, satisfied: 50, unsatisfied: 0 }]);
  assert.deepEqual([toan?.forms, toan?.counts], [3, { very_satisfied: 2, satisfied: 0, unsatisfied: 1 }]);
  assert.deepEqual(toan?.percent, { very_satisfied: 66.67, satisfied: 0, unsatisfied: 33.33 });
  assert.deepEqual(trang?.convenience.percent, { very_satisfied: 0, satisfied: 100, unsatisfied: 0 });
  assert.equal(toan?.overall.forms, 0, 'kiosk ratings do not answer indices 10 and 11');
  assert.equal(summary.total.forms, 5);
  assert.equal(summary.total.percent.very_satisfied, 60);
});

test('per counter and per agency', async () => {
  const admin = await d.callerFor('admin');
  const byCounter = await ratingSummary(d.t.db, admin, { groupBy: 'counter', quarter: '2027-Q1' });
  assert.deepEqual(
    byCounter.rows.map((r) => [r.name, r.forms]),
    [
      ['Quầy số 1 — Tư pháp', 2],
      ['Quầy số 2 — Nội vụ', 3],
    ],
  );
  const byAgency = await ratingSummary(d.t.db, admin, { groupBy: 'agency', quarter: '2027-Q1' });
  assert.equal(byAgency.rows.length, 1);
  assert.equal(byAgency.rows[0]?.key, ids.centre);
  assert.equal(byAgency.rows[0]?.forms, 5);
  const q2 = await ratingSummary(d.t.db, admin, { groupBy: 'agency', quarter: '2027-Q2' });
  assert.equal(q2.total.forms, 1);
});

test('a receiver sees only their own ratings; a leader sees their agency; others nothing or no access', async () => {
  const own = await ratingSummary(d.t.db, await d.callerFor('tiepnhan2.tinh'), {
    groupBy: 'officer',
    quarter: '2027-Q1',
  });
  assert.deepEqual(
    own.rows.map((r) => r.key),
    [ids.toan],
  );
  const leader = await ratingSummary(d.t.db, await d.callerFor('lanhdao.ttpvhcc'), {
    groupBy: 'officer',
    quarter: '2027-Q1',
  });
  assert.equal(leader.total.forms, 5);
  const elsewhere = await ratingSummary(d.t.db, await d.callerFor('lanhdao.tuphap'), {
    groupBy: 'agency',
    quarter: '2027-Q1',
  });
  assert.equal(elsewhere.total.forms, 0);
  const inspector = await ratingSummary(d.t.db, await d.callerFor('thanhtra.tinh'), {
    groupBy: 'agency',
    quarter: '2027-Q1',
  });
  assert.equal(inspector.total.forms, 5);
  await assert.rejects(
    ratingSummary(d.t.db, citizen(), { groupBy: 'agency', quarter: '2027-Q1' }),
    rejects('FORBIDDEN'),
  );
  await assert.rejects(
    ratingSummary(d.t.db, anonymous, { groupBy: 'agency', quarter: '2027-Q1' }),
    rejects('UNAUTHENTICATED'),
  );
});
