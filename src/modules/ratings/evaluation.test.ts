import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { auditTrail } from '../../platform/audit/index.ts';
import { anonymous } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { computeAgencyEvaluation, getAgencyEvaluation, rateDossier, setEvaluationPoints } from './service.ts';
import { addAction, addStep, CODES, citizen, insertDossier, type RatingsTestDb, ratingsTestDb } from './testing.ts';

let d: RatingsTestDb;
const ids = { tuphap: '', centre: '', yte: '' };
const rejects = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;
const nov = (day: number) => new Date(Date.UTC(2026, 10, day, 3));

/**
 * Sở Tư pháp, 2026-Q4, three dossiers received at the centre:
 *  D1 online, early, no supplement request, steps [early],         rated Rất hài lòng
 *  D2 counter, on time, one request,        steps [early, early]
 *  D3 counter, late, two requests,          steps [onTime, late],  rated Không hài lòng
 * plus one finished in Q3 and one of another agency, which must not count.
 */
before(async () => {
  d = await ratingsTestDb();
  ids.tuphap = await d.agencyId(CODES.tuphap);
  ids.centre = await d.agencyId(CODES.ttpvhcc);
  ids.yte = await d.agencyId(CODES.yte);
  const hoa = citizen();
  const dossier = async (
    channel: 'online' | 'counter',
    timing: 'early' | 'onTime' | 'late',
    requests: number,
    steps: Array<'early' | 'onTime' | 'late'>,
    competentAgencyId = ids.tuphap,
    finishedAt = nov(20),
  ) => {
    const row = await insertDossier(d.t.db, {
      receivingAgencyId: ids.centre,
      competentAgencyId,
      applicantAccountId: hoa.id,
      channel,
      timing,
      receivedAt: finishedAt.getTime() > nov(1).getTime() ? nov(2) : new Date('2026-08-03T03:00:00Z'),
      finishedAt,
    });
    for (let i = 0; i < requests; i++) await addAction(d.t.db, row.id, { type: 'request_supplement' });
    for (const timing of steps)
      await addStep(d.t.db, row.id, { agencyId: competentAgencyId, timing, completedAt: finishedAt });
    // A step of the centre in the same dossier belongs to the centre's evaluation, not Tư pháp's.
    await addStep(d.t.db, row.id, { agencyId: ids.centre, timing: 'late', completedAt: finishedAt });
    return row;
  };
  const d1 = await dossier('online', 'early', 0, ['early']);
  await dossier('counter', 'onTime', 1, ['early', 'early']);
  const d3 = await dossier('counter', 'late', 2, ['onTime', 'late']);
  await dossier('counter', 'late', 3, ['late'], ids.tuphap, new Date('2026-09-10T03:00:00Z'));
  await dossier('online', 'late', 3, ['late'], ids.yte);
  await rateDossier(d.t.db, hoa, { code: d1.code, level: 'very_satisfied', channel: 'portal' }, { now: nov(25) });
  await rateDossier(d.t.db, hoa, { code: d3.code, level: 'unsatisfied', channel: 'portal' }, { now: nov(25) });
});
after(async () => {
  await d.t.close();
});

test('criteria 1, 2, 3, 7 and 9 are computed from the data; 4, 5, 6 and 8 are left to the admins', async () => {
  const e = await computeAgencyEvaluation(d.t.db, ids.tuphap, '2026-Q4');
  const points = Object.fromEntries(e.criteria.map((c) => [c.criterion, c.points]));
  assert.deepEqual(points, {
    1: 1, // (2 + 1 + 0) / 3
    2: 1.33, // (2 + 2 + 0) / 3
    3: 1, // (2 + 1 + 0) / 3
    4: null,
    5: null,
    6: null,
    7: 1, // early 2, on time 1, complaint 0
    8: null,
    9: 1, // 33.33% of dossiers online, none late, but no procedure known online: at most 1
  });
  assert.deepEqual(e.criteria[0]?.basis, { dossiers: 3, early: 1, onTime: 1, late: 1 });
  assert.equal(e.criteria[8]?.basis.dossierSharePercent, 33.33);
  // QĐ 766 5.4: 100 − (33.33 late + 33.33 disliked) = 33.34% → 33.34 × 6 ÷ 90.
  assert.deepEqual(e.serviceIndex54, {
    finished: 3,
    latePercent: 33.33,
    dislikedPercent: 33.33,
    ratePercent: 33.34,
    points: 2.22,
  });
});

test('the centre is evaluated on the dossiers it received and on its own steps', async () => {
  const e = await computeAgencyEvaluation(d.t.db, ids.centre, '2026-Q4');
  assert.equal(e.criteria[0]?.basis.dossiers, 4, 'the three of Tư pháp and the one of Y tế');
  assert.equal(e.criteria[1]?.points, 0, 'its step was late in every dossier');
  assert.equal(e.criteria[8]?.points, 0, 'an online dossier was late');
});

test("an agency's admin self-assesses; only a province admin appraises", async () => {
  const agencyAdmin = await d.callerFor('admin.tuphap');
  const provinceAdmin = await d.callerFor('admin');
  const at = { agencyId: ids.tuphap, quarter: '2026-Q4' };
  const view = await setEvaluationPoints(d.t.db, agencyAdmin, {
    ...at,
    criterion: 6,
    self: 2,
    note: 'Niêm yết đầy đủ',
  });
  assert.equal(view.criteria[5]?.self, 2);
  assert.deepEqual(view.editable, { self: true, appraised: false });
  await assert.rejects(
    setEvaluationPoints(d.t.db, agencyAdmin, { ...at, criterion: 6, appraised: 1 }),
    rejects('FORBIDDEN'),
  );
  await assert.rejects(
    setEvaluationPoints(d.t.db, await d.callerFor('admin.yte'), { ...at, criterion: 6, self: 0 }),
    rejects('FORBIDDEN'),
  );
  await assert.rejects(
    setEvaluationPoints(d.t.db, await d.callerFor('chuyenvien.tuphap'), { ...at, criterion: 6, self: 0 }),
    rejects('FORBIDDEN'),
  );
  await assert.rejects(
    setEvaluationPoints(d.t.db, anonymous, { ...at, criterion: 6, self: 0 }),
    rejects('UNAUTHENTICATED'),
  );
  const appraised = await setEvaluationPoints(d.t.db, provinceAdmin, { ...at, criterion: 6, appraised: 1.5 });
  assert.equal(appraised.criteria[5]?.appraised, 1.5);
  assert.equal(appraised.criteria[5]?.self, 2, 'appraising keeps the self-assessment');
  assert.equal(appraised.criteria[5]?.note, 'Niêm yết đầy đủ');
  assert.equal(appraised.criteria[5]?.effective, 1.5);
  const trail = await auditTrail(d.t.db, `agency:${ids.tuphap}`);
  assert.deepEqual(
    trail.filter((e) => e.action === 'evaluation.points_set').map((e) => e.actorRole),
    ['admin', 'admin'],
  );
});

test('points outside 0–2, criteria outside 1–9 and bad quarters are refused', async () => {
  const admin = await d.callerFor('admin');
  const at = { agencyId: ids.tuphap, quarter: '2026-Q4' };
  await assert.rejects(
    setEvaluationPoints(d.t.db, admin, { ...at, criterion: 1, self: 3 }),
    rejects('EVALUATION_POINTS_INVALID'),
  );
  await assert.rejects(
    setEvaluationPoints(d.t.db, admin, { ...at, criterion: 10, self: 1 }),
    rejects('EVALUATION_CRITERION_INVALID'),
  );
  await assert.rejects(
    setEvaluationPoints(d.t.db, admin, { ...at, quarter: '2026-Q5', criterion: 1, self: 1 }),
    rejects('EVALUATION_QUARTER_INVALID'),
  );
});

test('totals out of 18 and the grade once all 9 criteria have points; the computed value is kept when saving', async () => {
  const admin = await d.callerFor('admin');
  const at = { agencyId: ids.tuphap, quarter: '2026-Q4' };
  let view = await getAgencyEvaluation(d.t.db, admin, at);
  assert.equal(view.totals.computed.criteria, 5);
  assert.equal(view.totals.computed.points, 5.33);
  assert.equal(view.totals.computed.grade, null, 'four criteria have no computed points');
  assert.equal(view.data.bandsVerified, false);
  for (let criterion = 1; criterion <= 9; criterion++) {
    view = await setEvaluationPoints(d.t.db, admin, { ...at, criterion, appraised: criterion <= 7 ? 2 : 0.5 });
  }
  assert.deepEqual(view.totals.appraised, { points: 15, criteria: 9, grade: 'Tốt' });
  assert.equal(view.criteria[1]?.savedComputed, 1.33);
  assert.equal(view.criteria[3]?.savedComputed, null);
  view = await setEvaluationPoints(d.t.db, admin, { ...at, criterion: 9, appraised: 1 });
  assert.deepEqual(view.totals.appraised, { points: 15.5, criteria: 9, grade: 'Xuất sắc' });
  assert.equal(view.totals.effective.points, 15.5);
});

test('staff of the province read an evaluation; citizens and staff of another province do not', async () => {
  const at = { agencyId: ids.tuphap, quarter: '2026-Q4' };
  const view = await getAgencyEvaluation(d.t.db, await d.callerFor('chuyenvien.tuphap'), at);
  assert.deepEqual(view.editable, { self: false, appraised: false });
  assert.equal(view.agency.name.normalize('NFC'), view.agency.name);
  await assert.rejects(getAgencyEvaluation(d.t.db, citizen(), at), rejects('FORBIDDEN'));
  await assert.rejects(getAgencyEvaluation(d.t.db, anonymous, at), rejects('UNAUTHENTICATED'));
  const outsider = {
    kind: 'staff' as const,
    id: 'x',
    provinceCode: '01',
    agencyId: ids.yte,
    roles: ['admin' as const],
  };
  await assert.rejects(getAgencyEvaluation(d.t.db, outsider, at), rejects('FORBIDDEN'));
});
