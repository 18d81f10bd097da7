import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../../platform/errors.ts';
import { evaluationData, loadCriteria, loadGradeBands, versionOn } from './data.ts';
import {
  attitudePoints,
  averagePoints,
  checkPoints,
  gradeOf,
  levelBreakdown,
  onlineServicePoints,
  parseQuarter,
  quarterOf,
  serviceIndex54,
  stepPoints,
  supplementPoints,
  timingPoints,
} from './rules.ts';
import { isValidRatingToken, ratingLinkPath, ratingToken } from './tokens.ts';

const bands = versionOn(evaluationData().bands, '2026-01-01').bands;
const thresholds = versionOn(evaluationData().criteria, '2026-01-01').onlineServices;

test('a quarter runs from 00:00 Vietnam time on its first day to the next quarter', () => {
  const q = parseQuarter('2026-Q1');
  assert.equal(q.start.toISOString(), '2025-12-31T17:00:00.000Z');
  assert.equal(q.end.toISOString(), '2026-03-31T17:00:00.000Z');
  assert.equal(quarterOf(new Date('2025-12-31T17:00:00Z')), '2026-Q1');
  assert.equal(quarterOf(new Date('2025-12-31T16:59:59Z')), '2025-Q4');
  assert.equal(parseQuarter('2026-Q4').end.toISOString(), '2026-12-31T17:00:00.000Z');
});

test('a quarter that is not YYYY-Qn is refused with a Vietnamese message', () => {
  for (const bad of ['2026-Q5', '2026Q1', '26-Q1', '2026-q1', '']) {
    assert.throws(
      () => parseQuarter(bad),
      (e: unknown) => e instanceof DomainError && e.code === 'EVALUATION_QUARTER_INVALID' && /quý/i.test(e.message),
    );
  }
});

test('every instant belongs to the quarter whose bounds contain it', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (d) => {
      const q = parseQuarter(quarterOf(d));
      return q.start.getTime() <= d.getTime() && d.getTime() < q.end.getTime();
    }),
  );
});

test('index 1: early 2, on time 1, late 0; the agency scores the average of its dossiers', () => {
  assert.deepEqual(
    ['early', 'onTime', 'late'].map((t) => timingPoints(t as 'early')),
    [2, 1, 0],
  );
  assert.equal(averagePoints([2, 1, 0]), 1);
  assert.equal(averagePoints([2, 2, 1]), 1.67);
  assert.equal(averagePoints([]), null);
});

test('index 2: any late step of the agency makes that dossier 0, all early 2, otherwise 1', () => {
  assert.equal(stepPoints(['early', 'early']), 2);
  assert.equal(stepPoints(['early', 'onTime']), 1);
  assert.equal(stepPoints(['early', 'late']), 0);
  assert.equal(stepPoints([]), null);
});

test('index 3: no supplement request 2, one 1, more than one 0', () => {
  assert.deepEqual([0, 1, 2, 5].map(supplementPoints), [2, 1, 0, 0]);
});

test('index 7: a complaint gives 0; otherwise early 2 and on time 1', () => {
  assert.equal(attitudePoints({ timing: 'early', complained: false }), 2);
  assert.equal(attitudePoints({ timing: 'onTime', complained: false }), 1);
  assert.equal(attitudePoints({ timing: 'early', complained: true }), 0);
  assert.equal(attitudePoints({ timing: 'late', complained: false }), 0);
});

test('index 9: 20% of procedures and 30% of dossiers online with none late gives 2', () => {
  const p = (procedureSharePercent: number | null, dossierSharePercent: number | null, lateOnline = false) =>
    onlineServicePoints({ procedureSharePercent, dossierSharePercent, lateOnline }, thresholds);
  assert.equal(p(20, 30), 2);
  assert.equal(p(19.99, 80), 1, 'too few procedures online: at most 1');
  assert.equal(p(50, 15), 1);
  assert.equal(p(50, 14.99), 0);
  assert.equal(p(50, 90, true), 0, 'a late online dossier gives 0');
  assert.equal(p(0, 0), 0, 'no online service');
  assert.equal(p(50, null), null, 'no dossier received: not computable');
});

test('the share of each level is count ÷ forms × 100, two decimals', () => {
  const b = levelBreakdown({ very_satisfied: 2, satisfied: 1, unsatisfied: 0 });
  assert.equal(b.forms, 3);
  assert.deepEqual(b.percent, { very_satisfied: 66.67, satisfied: 33.33, unsatisfied: 0 });
  assert.deepEqual(levelBreakdown({ very_satisfied: 0, satisfied: 0, unsatisfied: 0 }).percent, {
    very_satisfied: null,
    satisfied: null,
    unsatisfied: null,
  });
  fc.assert(
    fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), (a, b2, c) => {
      fc.pre(a + b2 + c > 0);
      const p = levelBreakdown({ very_satisfied: a, satisfied: b2, unsatisfied: c }).percent;
      const sum = (p.very_satisfied ?? 0) + (p.satisfied ?? 0) + (p.unsatisfied ?? 0);
      return Math.abs(sum - 100) <= 0.015 + 1e-9;
    }),
  );
});

test('grade bands come from data: above 15 Xuất sắc, exactly 15 falls to Tốt, below 6 Yếu', () => {
  assert.equal(gradeOf(18, bands), 'Xuất sắc');
  assert.equal(gradeOf(15.01, bands), 'Xuất sắc');
  assert.equal(gradeOf(15, bands), 'Tốt');
  assert.equal(gradeOf(12, bands), 'Tốt');
  assert.equal(gradeOf(11.99, bands), 'Khá');
  assert.equal(gradeOf(9, bands), 'Khá');
  assert.equal(gradeOf(6, bands), 'Trung bình');
  assert.equal(gradeOf(5.5, bands), 'Yếu');
  assert.equal(gradeOf(0, bands), 'Yếu');
});

test('the grade-band file is marked unverified and a later version applies from its date', () => {
  assert.equal(evaluationData().bands[0]?.verified, false);
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-bands-'));
  const file = path.join(dir, 'bands.json');
  writeFileSync(
    file,
    JSON.stringify({
      versions: [
        { effectiveFrom: '2018-01-01', source: 'a', bands: [{ grade: 'Cũ', atLeast: 0 }] },
        { effectiveFrom: '2027-01-01', verified: true, source: 'b', bands: [{ grade: 'Mới', atLeast: 0 }] },
      ],
    }),
  );
  const all = loadGradeBands(file);
  assert.equal(gradeOf(10, versionOn(all, '2026-12-31').bands), 'Cũ');
  assert.equal(gradeOf(10, versionOn(all, '2027-01-01').bands), 'Mới');
});

test('the criteria file names 9 criteria and which of them are computed from data', () => {
  const [version] = loadCriteria();
  assert.ok(version);
  assert.equal(version.criteria.length, 9);
  assert.deepEqual(
    version.criteria.filter((c) => c.computedFrom !== null).map((c) => c.number),
    [1, 2, 3, 7, 9],
  );
  for (const c of version.criteria) assert.equal(c.name, c.name.normalize('NFC'));
});

test('QĐ 766 indicator 5.4: full points at 90% or more, below that rate × max ÷ 90%', () => {
  const cfg = { maxPoints: 6, fullPointsAtPercent: 90 };
  assert.equal(serviceIndex54({ finished: 100, late: 5, disliked: 5 }, cfg).points, 6);
  const s = serviceIndex54({ finished: 100, late: 20, disliked: 10 }, cfg);
  assert.equal(s.ratePercent, 70);
  assert.equal(s.points, 4.67);
  assert.equal(serviceIndex54({ finished: 0, late: 0, disliked: 0 }, cfg).points, null);
  assert.equal(serviceIndex54({ finished: 2, late: 2, disliked: 2 }, cfg).ratePercent, 0);
});

test('entered points are 0 to 2 with at most two decimals', () => {
  for (const ok of [0, 1, 2, 1.5, 1.67, null, undefined]) checkPoints(ok, 'self');
  for (const bad of [-0.5, 2.01, 1.234, Number.NaN]) {
    assert.throws(
      () => checkPoints(bad, 'self'),
      (e: unknown) => e instanceof DomainError && e.code === 'EVALUATION_POINTS_INVALID',
    );
  }
});

test('a rating link token is bound to its dossier and needs the configured secret', () => {
  const secret = 'k'.repeat(40);
  const token = ratingToken('dossier-a', secret);
  assert.equal(token.length, 22);
  assert.ok(isValidRatingToken('dossier-a', token, secret));
  assert.ok(!isValidRatingToken('dossier-b', token, secret));
  assert.ok(!isValidRatingToken('dossier-a', token, 'x'.repeat(40)));
  assert.match(
    ratingLinkPath('000.00.03.H60-261110-0001', 'dossier-a', secret),
    /^\/danh-gia\/000\.00\.03\.H60-261110-0001\?t=/,
  );
  assert.throws(
    () => ratingToken('dossier-a', undefined),
    (e: unknown) => e instanceof DomainError && e.code === 'RATING_LINKS_NOT_CONFIGURED',
  );
});
