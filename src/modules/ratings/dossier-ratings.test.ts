import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditTrail } from '../../platform/audit/index.ts';
import { anonymous, type Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { dossierRatings } from './schema.ts';
import { getRatingContext, openCounterSession, rateDossier } from './service.ts';
import { addAction, CODES, citizen, insertDossier, type RatingsTestDb, ratingsTestDb } from './testing.ts';
import { ratingToken } from './tokens.ts';

let d: RatingsTestDb;
let tuphap: string;
let centre: string;
const secret = 's'.repeat(48);
const day = 86_400_000;
const t0 = new Date('2026-11-10T03:00:00Z');

before(async () => {
  d = await ratingsTestDb();
  tuphap = await d.agencyId(CODES.tuphap);
  centre = await d.agencyId(CODES.ttpvhcc);
});
after(async () => {
  await d.t.close();
});

const rejects = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

test('only a delivered dossier can be rated', async () => {
  const hoa = citizen();
  for (const state of ['received', 'in_progress', 'result_ready', 'withdrawn']) {
    const { code } = await insertDossier(d.t.db, { receivingAgencyId: tuphap, applicantAccountId: hoa.id, state });
    await assert.rejects(
      rateDossier(d.t.db, hoa, { code, level: 'satisfied', channel: 'portal' }, { now: t0 }),
      (e: unknown) => rejects('RATING_DOSSIER_NOT_DELIVERED')(e) && /chưa được trả kết quả/.test((e as Error).message),
    );
  }
  const { code } = await insertDossier(d.t.db, { receivingAgencyId: tuphap, applicantAccountId: hoa.id });
  const rating = await rateDossier(d.t.db, hoa, { code, level: 'satisfied', channel: 'portal' }, { now: t0 });
  assert.equal(rating.level, 'satisfied');
});

test('only the applicant rates from the portal; others are refused', async () => {
  const hoa = citizen();
  const { code } = await insertDossier(d.t.db, { receivingAgencyId: tuphap, applicantAccountId: hoa.id });
  const input = { code, level: 'unsatisfied' as const, channel: 'portal' as const };
  await assert.rejects(rateDossier(d.t.db, citizen(), input, { now: t0 }), rejects('RATING_DOSSIER_NOT_FOUND'));
  await assert.rejects(rateDossier(d.t.db, anonymous, input, { now: t0 }), rejects('UNAUTHENTICATED'));
  const receiver = await d.callerFor('tiepnhan.tinh');
  await assert.rejects(rateDossier(d.t.db, receiver, input, { now: t0 }), rejects('RATING_DOSSIER_NOT_FOUND'));
  await assert.rejects(
    rateDossier(d.t.db, hoa, { ...input, code: `${CODES.tuphap}-261110-9999` }, { now: t0 }),
    rejects('RATING_DOSSIER_NOT_FOUND'),
  );
  assert.equal((await rateDossier(d.t.db, hoa, input, { now: t0 })).level, 'unsatisfied');
});

test('finding lower (existence leak): rating answers alike for someone else’s dossier, in any state, and for none', async () => {
  const hoa = citizen();
  const stranger = citizen();
  const missing = `${CODES.tuphap}-261110-9998`;
  const answers = async (code: string, who: Caller = stranger) => {
    const asked = [
      rateDossier(d.t.db, who, { code, level: 'satisfied', channel: 'portal' }, { now: t0 }),
      getRatingContext(d.t.db, who, { code }, { now: t0 }),
      rateDossier(d.t.db, anonymous, { code, level: 'satisfied', channel: 'portal' }, { now: t0 }),
      rateDossier(
        d.t.db,
        anonymous,
        { code, level: 'satisfied', channel: 'sms', token: 'x'.repeat(43) },
        {
          now: t0,
          linkSecret: secret,
        },
      ),
    ];
    return Promise.all(
      asked.map((p) =>
        (p as Promise<unknown>).then(
          () => 'ok',
          (e: DomainError) => `${e.code} ${e.status} ${e.message}`,
        ),
      ),
    );
  };
  const none = await answers(missing);
  assert.ok(!none.includes('ok'));
  for (const state of ['received', 'result_ready', 'delivered']) {
    const { code } = await insertDossier(d.t.db, { receivingAgencyId: tuphap, applicantAccountId: hoa.id, state });
    const theirs = await answers(code);
    assert.deepEqual(
      theirs.map((a) => a.replace(code, missing)),
      none,
      `a ${state} dossier of someone else looks like no dossier`,
    );
  }
  const staffAnswers = await answers(missing, await d.callerFor('tiepnhan.tinh'));
  const { code } = await insertDossier(d.t.db, { receivingAgencyId: tuphap, applicantAccountId: hoa.id });
  const staffOnReal = await answers(code, await d.callerFor('tiepnhan.tinh'));
  assert.deepEqual(
    staffOnReal.map((a) => a.replace(code, missing)),
    staffAnswers,
  );
});

test('a holder of the SMS or Zalo link token rates without signing in; a wrong token is refused', async () => {
  // A dossier filed at the counter has no applicant account: the link is the only way.
  const { id, code } = await insertDossier(d.t.db, { receivingAgencyId: tuphap, applicantAccountId: null });
  const token = ratingToken(id, secret);
  const input = { code, level: 'very_satisfied' as const, channel: 'sms' as const };
  await assert.rejects(
    rateDossier(
      d.t.db,
      anonymous,
      { ...input, token: ratingToken('another-dossier', secret) },
      { now: t0, linkSecret: secret },
    ),
    rejects('RATING_TOKEN_INVALID'),
  );
  await assert.rejects(
    rateDossier(d.t.db, anonymous, { ...input, token }, { now: t0, linkSecret: undefined }),
    rejects('RATING_LINKS_NOT_CONFIGURED'),
  );
  const rating = await rateDossier(
    d.t.db,
    anonymous,
    { ...input, token, convenience: 'satisfied', overall: 'very_satisfied', comment: '  Cán bộ  hướng dẫn tận tình. ' },
    { now: t0, linkSecret: secret },
  );
  assert.deepEqual(
    [rating.level, rating.convenience, rating.overall, rating.comment, rating.channel],
    ['very_satisfied', 'satisfied', 'very_satisfied', 'Cán bộ  hướng dẫn tận tình.', 'sms'],
  );
  const context = await getRatingContext(d.t.db, anonymous, { code, token }, { now: t0, linkSecret: secret });
  assert.equal(context.rating?.level, 'very_satisfied');
});

test('one rating per dossier: a second one within the window changes it, after the window it is refused', async () => {
  const hoa = citizen();
  const { id, code } = await insertDossier(d.t.db, { receivingAgencyId: tuphap, applicantAccountId: hoa.id });
  const options = { changeWindowDays: 7 };
  await rateDossier(
    d.t.db,
    hoa,
    { code, level: 'unsatisfied', comment: 'Chờ lâu', channel: 'portal' },
    { ...options, now: t0 },
  );
  const changed = await rateDossier(
    d.t.db,
    hoa,
    { code, level: 'satisfied', channel: 'zalo' },
    { ...options, now: new Date(t0.getTime() + 7 * day) },
  );
  assert.equal(changed.level, 'satisfied');
  assert.equal(changed.comment, null, 'the new form replaces the old one');
  assert.equal(changed.changes, 1);
  assert.equal(changed.ratedAt, t0.toISOString(), 'the window runs from the first rating');
  await assert.rejects(
    rateDossier(
      d.t.db,
      hoa,
      { code, level: 'very_satisfied', channel: 'portal' },
      { ...options, now: new Date(t0.getTime() + 7 * day + 1) },
    ),
    (e: unknown) => rejects('RATING_CHANGE_WINDOW_CLOSED')(e) && /hết thời hạn/.test((e as Error).message),
  );
  const rows = await d.t.db.select().from(dossierRatings).where(eq(dossierRatings.dossierId, id));
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.level, 'satisfied');
  const context = await getRatingContext(d.t.db, hoa, { code }, { ...options, now: new Date(t0.getTime() + 8 * day) });
  assert.equal(context.canRate, false);
});

test('the same answers sent again change nothing; every rating and change is audited on the dossier', async () => {
  const hoa = citizen();
  const { code } = await insertDossier(d.t.db, { receivingAgencyId: tuphap, applicantAccountId: hoa.id });
  const input = { code, level: 'satisfied' as const, channel: 'portal' as const };
  await rateDossier(d.t.db, hoa, input, { now: t0 });
  const again = await rateDossier(d.t.db, hoa, input, { now: new Date(t0.getTime() + 60_000) });
  assert.equal(again.changes, 0);
  await rateDossier(d.t.db, hoa, { ...input, level: 'very_satisfied' }, { now: new Date(t0.getTime() + 120_000) });
  const trail = await auditTrail(d.t.db, `dossier:${code}`);
  assert.deepEqual(
    trail.map((e) => [e.action, e.actorId]),
    [
      ['rating.created', hoa.id],
      ['rating.changed', hoa.id],
    ],
  );
});

test('two first ratings at once leave one row, the later as a change', async () => {
  const hoa = citizen();
  const { id, code } = await insertDossier(d.t.db, { receivingAgencyId: tuphap, applicantAccountId: hoa.id });
  await Promise.all([
    rateDossier(d.t.db, hoa, { code, level: 'satisfied', channel: 'portal' }, { now: t0 }),
    rateDossier(d.t.db, hoa, { code, level: 'unsatisfied', channel: 'zalo' }, { now: t0 }),
  ]);
  const rows = await d.t.db.select().from(dossierRatings).where(eq(dossierRatings.dossierId, id));
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.changes, 1);
});

test('the rating goes to the officer who delivered, their agency and the counter they sat at', async () => {
  const [counter] = await d.centreCounters();
  assert.ok(counter);
  const receiver = await d.callerFor('tiepnhan2.tinh');
  const officer = await d.accountOf('tiepnhan2.tinh');
  await openCounterSession(d.t.db, receiver, counter.id, { now: new Date('2026-11-03T00:30:00Z') });
  const hoa = citizen();
  const { id, code } = await insertDossier(d.t.db, {
    receivingAgencyId: centre,
    competentAgencyId: tuphap,
    applicantAccountId: hoa.id,
  });
  await addAction(d.t.db, id, { type: 'receive', actorId: 'someone-else', actorAgencyId: centre });
  await addAction(d.t.db, id, {
    type: 'deliver',
    actorId: officer,
    actorAgencyId: centre,
    at: new Date('2026-11-04T02:00:00Z'),
  });
  await rateDossier(d.t.db, hoa, { code, level: 'very_satisfied', channel: 'portal' }, { now: t0 });
  const [row] = await d.t.db.select().from(dossierRatings).where(eq(dossierRatings.dossierId, id));
  assert.equal(row?.officerAccountId, officer);
  assert.equal(row?.agencyId, centre);
  assert.equal(row?.counterId, counter.id);

  // Without a staff delivery (e.g. an electronic result), the receiving officer is rated.
  const other = await insertDossier(d.t.db, {
    receivingAgencyId: centre,
    competentAgencyId: tuphap,
    applicantAccountId: hoa.id,
  });
  await addAction(d.t.db, other.id, { type: 'receive', actorId: officer, actorAgencyId: centre });
  await addAction(d.t.db, other.id, { type: 'deliver', actorKind: 'system' });
  await rateDossier(d.t.db, hoa, { code: other.code, level: 'satisfied', channel: 'portal' }, { now: t0 });
  const [second] = await d.t.db.select().from(dossierRatings).where(eq(dossierRatings.dossierId, other.id));
  assert.equal(second?.officerAccountId, officer);
});

test('a comment with control characters or over 2,000 characters is refused', async () => {
  const hoa = citizen();
  const { code } = await insertDossier(d.t.db, { receivingAgencyId: tuphap, applicantAccountId: hoa.id });
  for (const comment of ['a\u0000b', 'x'.repeat(2001)]) {
    await assert.rejects(
      rateDossier(d.t.db, hoa, { code, level: 'satisfied', comment, channel: 'portal' }, { now: t0 }),
      rejects('RATING_TEXT_INVALID'),
    );
  }
});
