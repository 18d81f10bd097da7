/**
 * Every indicator on the hand-computed dataset of testing.ts, the expected numbers worked out
 * from the formulas in the comments (not read from the code's output).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import { dossiersBehind, type Figure } from './drill.ts';
import { breakdown, indicatorsOf } from './indicators.ts';
import { loadPeriod, type PeriodData } from './load-period.ts';
import { parsePeriod, previousPeriod } from './periods.ts';
import { ids, lookups, PROVINCE, writeDataset } from './testing.ts';

let t: TestDb;
let data: PeriodData;
let names: Map<string, { id: string; code: string }>;
const now = new Date('2026-12-15T03:00:00Z');

before(async () => {
  t = await createTestDb();
  names = await writeDataset(t.db);
  data = await loadPeriod(t.db, PROVINCE, parsePeriod('2026-11'));
});
after(() => t.close());

test('periods are Vietnam-time months, quarters, 6 and 9 months, years and ranges', () => {
  const m = parsePeriod('2026-11');
  assert.equal(m.start.toISOString(), '2026-10-31T17:00:00.000Z');
  assert.equal(m.end.toISOString(), '2026-11-30T17:00:00.000Z');
  assert.equal(parsePeriod('2026-Q4').start.toISOString(), '2026-09-30T17:00:00.000Z');
  assert.equal(parsePeriod('2026-6T').end.toISOString(), '2026-06-30T17:00:00.000Z');
  assert.equal(parsePeriod('2026-9T').end.toISOString(), '2026-09-30T17:00:00.000Z');
  assert.equal(parsePeriod('2026').end.toISOString(), '2026-12-31T17:00:00.000Z');
  const r = parsePeriod('2026-11-03..2026-11-20');
  assert.equal(r.start.toISOString(), '2026-11-02T17:00:00.000Z');
  assert.equal(r.end.toISOString(), '2026-11-20T17:00:00.000Z');
  assert.equal(previousPeriod(parsePeriod('2026-01')).key, '2025-12');
  assert.equal(previousPeriod(parsePeriod('2026-Q1')).key, '2025-Q4');
  assert.equal(previousPeriod(parsePeriod('2026-Q3')).key, '2026-Q2');
  assert.throws(() => parsePeriod('2026-13'), /Kỳ báo cáo không hợp lệ/);
  assert.throws(() => parsePeriod("2026'; drop"), /Kỳ báo cáo không hợp lệ/);
  assert.throws(() => parsePeriod('2026-02-30..2026-03-01'), /Kỳ báo cáo không hợp lệ/);
});

test('the NĐ 09/2019 reporting periods run from the 15th to the 14th, and their figures follow', async () => {
  // documents-reports-ioc.md §3.1: month 15/10–14/11, quarter 15/09–14/12, six months 15/12–14/06,
  // year 15/12 of the year before–14/12 (Vietnam midnights: 17:00 UTC the day before).
  const month = parsePeriod('2026-11-BC');
  assert.equal(month.start.toISOString(), '2026-10-14T17:00:00.000Z');
  assert.equal(month.end.toISOString(), '2026-11-14T17:00:00.000Z');
  assert.equal(parsePeriod('2026-Q4-BC').start.toISOString(), '2026-09-14T17:00:00.000Z');
  assert.equal(parsePeriod('2026-Q4-BC').end.toISOString(), '2026-12-14T17:00:00.000Z');
  assert.equal(parsePeriod('2026-6T-BC').start.toISOString(), '2025-12-14T17:00:00.000Z');
  assert.equal(parsePeriod('2026-6T-BC').end.toISOString(), '2026-06-14T17:00:00.000Z');
  assert.equal(parsePeriod('2026-BC').start.toISOString(), '2025-12-14T17:00:00.000Z');
  assert.equal(parsePeriod('2026-BC').end.toISOString(), '2026-12-14T17:00:00.000Z');
  assert.equal(previousPeriod(parsePeriod('2026-01-BC')).key, '2025-12-BC');
  assert.equal(previousPeriod(parsePeriod('2026-01-BC')).start.toISOString(), '2025-11-14T17:00:00.000Z');
  assert.throws(() => parsePeriod('2026-9T-BC'), /Kỳ báo cáo không hợp lệ/);
  // 15/10–14/11: new d5 (20/10, counter), d6 (25/10, online), d1 d3 (online), d2 d9 (counter),
  // d4 (post) = 7; d10 (15/11 09:00) and d11 are after it. Carried over: d7 (received 01/09,
  // finished 15/10 10:00, after the start) = 1, handled late (due 04/09).
  const d = indicatorsOf(await loadPeriod(t.db, PROVINCE, month), {}, lookups, now).dossiers;
  assert.deepEqual(d.received, { total: 8, carriedOver: 1, online: 3, counter: 3, post: 1 });
  // Handled in it: d6 (01/11) and d1 (04/11) early, d2 (06/11) on time, d7 (15/10) and d3 (07/11) late.
  assert.deepEqual(d.handled, { total: 5, early: 2, onTime: 1, late: 2 });
});

test('the province in November: form 06 columns and their identities', () => {
  const d = indicatorsOf(data, {}, lookups, now).dossiers;
  // In the period: d1 d2 d3 d4 d5 d6 d9 d10 d11 (d7 finished in October, d8 received in
  // December, d12 never received). Carried over: d5, d6. New: online d1 d3 d10, counter d2 d9
  // d11, post d4.
  assert.deepEqual(d.received, { total: 9, carriedOver: 2, online: 3, counter: 3, post: 1 });
  // Early d1 (04/11 < 05/11), d6 (01/11 < 02/11), d10 (waiting since 16/11, due 20/11: finished
  // at the request); on time d2 (same day, before the hour); late d3 (07/11 > 05/11) and d11
  // (two supplement requests).
  assert.deepEqual(d.handled, { total: 6, early: 3, onTime: 1, late: 2 });
  // Within time d4 (due 15/12); overdue d5 (due 10/11, open at 30/11).
  assert.deepEqual(d.inProgress, { total: 2, withinTime: 1, overdue: 1 });
  assert.equal(d.unclassified, 1); // d9: no due date
  // col. 3 = 4 + 5 + 6 and col. 3 = 7 + 11 (+ unclassified)
  assert.equal(d.received.total, d.received.carriedOver + d.received.online + d.received.counter + d.received.post);
  assert.equal(d.received.total, d.handled.total + d.inProgress.total + d.unclassified);
});

test('the province in November: the rates', () => {
  const d = indicatorsOf(data, {}, lookups, now).dossiers;
  // 2.1: (early 3 + on time 1 + within time 1) ÷ (handled 6 + in progress 2) = 5/8
  assert.deepEqual(d.onTimeRate, { numerator: 5, denominator: 8, percent: 62.5 });
  // 3.3: online 3 ÷ received in the period 7 = 42.857… → 42.86
  assert.deepEqual(d.onlineRate, { numerator: 3, denominator: 7, percent: 42.86 });
  // 3.x: new dossiers of the toàn trình procedure p1: d1 d2 d10 d11, online d1 d10 → 2/4
  assert.deepEqual(d.fullOnlineRate, { numerator: 2, denominator: 4, percent: 50 });
  // 4.1: results issued in November of p1 (paper result): d1 (e), d2 (no e), d11 (e) → 2/3
  assert.deepEqual(d.electronicResultRate, { numerator: 2, denominator: 3, percent: 66.67 });
  // 4.2: new dossiers with papers (and the e-result where p1 issued one): d1 d3 d4 d10 d11 of 7
  assert.deepEqual(d.digitisedRate, { numerator: 5, denominator: 7, percent: 71.43 });
});

test('satisfaction and feedback answered on time', () => {
  const all = indicatorsOf(data, {}, lookups, now);
  // November ratings: d1 very satisfied, d3 unsatisfied, d6 satisfied (d2's is in December) → 2/3
  assert.equal(all.satisfaction.forms, 3);
  assert.deepEqual(all.satisfaction.satisfiedRate, { numerator: 2, denominator: 3, percent: 66.67 });
  // 5.2: f1 f5 on time, f2 late, f3 open within time (f4 closed in October) → (2 + 1) ÷ 4
  assert.equal(all.feedback?.handling.rate, 75);
  // 5.3: first received in November f1 f2 f3 f5; f2 late → 3/4
  assert.equal(all.feedback?.satisfaction.rate, 75);
  // By field there is no feedback figure (feedback has no procedure).
  assert.equal(indicatorsOf(data, { fieldCode: 'ho-tich' }, lookups, now).feedback, null);
});

test('broken down by agency, commune, field and channel', () => {
  const byAgency = breakdown(data, {}, 'agency', lookups, now);
  assert.deepEqual(
    byAgency.map((b) => [b.label, b.indicators.dossiers.received.total]),
    [
      ['Ủy ban nhân dân xã Đồng Văn', 5], // d1 d2 d5 d10 d11
      ['Sở Tư pháp', 4], // d3 d4 d6 d9
    ],
  );
  const c1 = byAgency[0]?.indicators;
  // C1: early d1 d10, on time d2, late d11, overdue d5 → (2 + 1 + 0) ÷ 5
  assert.deepEqual(c1?.dossiers.onTimeRate, { numerator: 3, denominator: 5, percent: 60 });
  // P: early d6, late d3, within time d4 (d9 unclassified) → (1 + 1) ÷ 3
  assert.deepEqual(byAgency[1]?.indicators.dossiers.onTimeRate, { numerator: 2, denominator: 3, percent: 66.67 });
  // Ratings of C1: d1 only (very satisfied) → 1/1; of P: d3, d6 → 1/2
  assert.equal(c1?.satisfaction.satisfiedRate.percent, 100);
  assert.equal(byAgency[1]?.indicators.satisfaction.satisfiedRate.percent, 50);
  // Feedback of C1: f1 f5 on time, f3 within time → 100 %; of P: f2 late → 0 %
  assert.equal(c1?.feedback?.handling.rate, 100);
  assert.equal(byAgency[1]?.indicators.feedback?.handling.rate, 0);

  const byCommune = breakdown(data, {}, 'commune', lookups, now);
  assert.deepEqual(
    byCommune.map((b) => [b.key, b.indicators.dossiers.received.total]),
    [
      [ids.C1, 5],
      ['province', 4],
    ],
  );
  const byField = breakdown(data, {}, 'field', lookups, now);
  assert.deepEqual(
    byField.map((b) => [b.key, b.indicators.dossiers.handled.late]),
    [
      ['ho-tich', 1], // d11
      ['dat-dai', 1], // d3
    ],
  );
  const byChannel = breakdown(data, {}, 'channel', lookups, now);
  // Online: d1 d3 d10 new + d6 carried over = 4; counter: d2 d9 d11 + d5 = 4; post: d4 = 1
  assert.deepEqual(Object.fromEntries(byChannel.map((b) => [b.key, b.indicators.dossiers.received.total])), {
    online: 4,
    counter: 4,
    post: 1,
  });
});

test('every figure drills down to exactly the dossiers it counts', async () => {
  const codes = async (figure: Figure, filters = {}) =>
    (await dossiersBehind(t.db, { provinceCode: PROVINCE, period: data.period, filters, figure, lookups, limit: 1000 }))
      .map((r) => [...names].find(([, v]) => v.id === r.dossierId)?.[0])
      .sort();
  assert.deepEqual(await codes('late'), ['d11', 'd3']);
  assert.deepEqual(await codes('overdue'), ['d5']);
  assert.deepEqual(await codes('carriedOver'), ['d5', 'd6']);
  assert.deepEqual(await codes('early', { agencyId: ids.C1 }), ['d1', 'd10']);
  assert.deepEqual(await codes('received', { procedureId: ids.p2 }), ['d3', 'd4', 'd6', 'd9']);
  // Each list holds as many dossiers as its figure counts.
  const d = indicatorsOf(data, {}, lookups, now).dossiers;
  assert.equal((await codes('handled')).length, d.handled.total);
  assert.equal((await codes('withinTime')).length, d.inProgress.withinTime);
  assert.equal((await codes('received')).length, d.received.total);
});

test('the overdue list of a past period holds those finished after its end that were overdue at it', async () => {
  // The list's three branches (running, finished late after the end, asked twice for a
  // supplement) hold exactly the dossiers the figure counts, in every period of the dataset.
  const id = (name: string) => names.get(name)?.id;
  for (const key of ['2026-09', '2026-10', '2026-11', '2026-12', '2026-Q4', '2026', '2026-11-01..2026-11-22']) {
    const period = parsePeriod(key);
    const listed = await dossiersBehind(t.db, {
      provinceCode: PROVINCE,
      period,
      filters: {},
      figure: 'overdue',
      lookups,
      limit: 1000,
    });
    const counted = indicatorsOf(await loadPeriod(t.db, PROVINCE, period), {}, lookups, now).dossiers.inProgress;
    assert.equal(listed.length, counted.overdue, key);
    assert.equal(new Set(listed.map((r) => r.dossierId)).size, listed.length, `${key}: a dossier listed twice`);
    // d7 (due 04/09, finished 15/10) was overdue at the end of September; d11 (due 25/11,
    // finished 24/11) was asked for a supplement twice by 22/11, late by rule while still running.
    if (key === '2026-09')
      assert.ok(
        listed.some((r) => r.dossierId === id('d7')),
        key,
      );
    if (key === '2026-11-01..2026-11-22')
      assert.ok(
        listed.some((r) => r.dossierId === id('d11')),
        key,
      );
  }
});

test('a quarter holds its months: Q4 counts d7 (handled in October) too', () => {
  // Nothing of the dataset is received in December, and d8 (received 02/12) is in the quarter.
  return loadPeriod(t.db, PROVINCE, parsePeriod('2026-Q4')).then((q) => {
    const d = indicatorsOf(q, {}, lookups, now).dossiers;
    // Received in Q4: d1–d6, d8–d11 (10, d5 and d6 in October) + carried over d7 (received
    // 01/09, finished 15/10) = 11
    assert.equal(d.received.total, 11);
    assert.equal(d.received.carriedOver, 1);
  });
});
