/**
 * The 766 index on the hand-computed dataset of testing.ts: every component's points worked
 * out from the formulas of DOMAIN.md §3.1 in the comments, not read from the code's output.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import { exchangePrefills } from '../exchange/schema.ts';
import type { Index766 } from './index766.ts';
import { pointsOf } from './index766.ts';
import { components766, groups766 } from './index766-components.ts';
import { rankedIndex } from './index766-ranking.ts';
import { loadPeriod, type PeriodData } from './load-period.ts';
import { parsePeriod } from './periods.ts';
import { ids, lookups, PROVINCE, writeDataset } from './testing.ts';

let t: TestDb;
let november: PeriodData;
let october: PeriodData;
let dossierIds: Map<string, { id: string; code: string }>;
const now = new Date('2026-12-15T03:00:00Z');

before(async () => {
  t = await createTestDb();
  dossierIds = await writeDataset(t.db);
  november = await loadPeriod(t.db, PROVINCE, parsePeriod('2026-11'));
  october = await loadPeriod(t.db, PROVINCE, parsePeriod('2026-10'));
});
after(() => t.close());

const points = (index: Index766, id: string) => {
  const c = index.groups.flatMap((g) => g.components).find((x) => x.id === id);
  assert.ok(c, id);
  return c.result.status === 'scored' ? c.result.points : c.result.status;
};

test('six groups of 18, 20, 12, 10, 18 and 22 points; the components add up to each group and to 100', () => {
  assert.deepEqual(
    groups766.map((g) => [g.code, g.max]),
    [
      ['CKMB', 18],
      ['TDGQ', 20],
      ['CLGQ', 12],
      ['TTTT', 10],
      ['MDHL', 18],
      ['MDSH', 22],
    ],
  );
  for (const g of groups766) {
    assert.equal(
      components766.filter((c) => c.group === g.code).reduce((s, c) => s + c.max, 0),
      g.max,
      g.code,
    );
  }
  assert.equal(
    components766.reduce((s, c) => s + c.max, 0),
    100,
  );
});

test('points from a rate: proportional, or full at the threshold and rate × max ÷ threshold below it', () => {
  assert.equal(pointsOf(62.5, 20), 12.5);
  assert.equal(pointsOf(85, 4, 80), 4);
  assert.equal(pointsOf(40, 4, 80), 2);
  assert.equal(pointsOf(45, 6, 90), 3);
});

test('the province in November: every component, the groups and the total', async () => {
  const [province] = await rankedIndex(november, october, 'province', lookups, now);
  assert.ok(province);
  const i = province.index;
  // 2.1: 5/8 = 62.5 % × 20 = 12.5
  assert.equal(points(i, '2.1'), 12.5);
  // 3.x: 2/4 = 50 % × 12 = 6
  assert.equal(points(i, '3.x'), 6);
  // 4.1: 2/3 = 66.67 % × 6 = 4.0002 → 4
  assert.equal(points(i, '4.1'), 4);
  // 4.2: 5/7 = 71.43 % < 80 % → 71.43 × 4 ÷ 80 = 3.5715 → 3.57
  assert.equal(points(i, '4.2'), 3.57);
  // 5.2: 75 % × 6 = 4.5; 5.3: 75 % × 6 = 4.5
  assert.equal(points(i, '5.2'), 4.5);
  assert.equal(points(i, '5.3'), 4.5);
  // 5.4: handled d1 d2 d3 d6 d10 d11 = 6; late d3 d11 → 33.33 %; disliked d3, PAKN about d2 →
  // 33.33 %; 100 − 66.66 = 33.34 % < 90 % → 33.34 × 6 ÷ 90 = 2.2227 → 2.22
  assert.equal(points(i, '5.4'), 2.22);
  // 4.3: no dossier of the dataset took a paper from the applicant's store: 0/7 → 0
  assert.equal(points(i, '4.3'), 0);
  // Payments, publication, the national portal's data: never invented.
  // 4.5a/4.5b: no dossier used population data yet: 0 of p1 and p2, 0/7 → 0 (counted, not "no data").
  assert.equal(points(i, '4.5a'), 0);
  assert.equal(points(i, '4.5b'), 0);
  for (const id of ['1.1', '1.2', '1.3', '1.4', '3.5', '3.5b', '3.6', '4.4', '4.6']) {
    assert.equal(points(i, id), 'noData', id);
  }
  const reason = i.groups.find((g) => g.code === 'TTTT')?.components[0]?.result;
  assert.ok(reason?.status === 'noData' && /thanh toán trực tuyến/.test(reason.reason));
  // Groups: TDGQ 12.5; CLGQ 6; MDHL 4.5 + 4.5 + 2.22 = 11.22; MDSH 4 + 3.57 = 7.57
  assert.deepEqual(
    i.groups.map((g) => [g.code, g.points, g.available]),
    [
      ['CKMB', 0, 0],
      ['TDGQ', 12.5, 20],
      ['CLGQ', 6, 12],
      ['TTTT', 0, 0],
      ['MDHL', 11.22, 18],
      ['MDSH', 7.57, 16],
    ],
  );
  // 12.5 + 6 + 11.22 + 7.57 = 37.29 of the 66 points Mở Cửa can compute
  assert.equal(i.total, 37.29);
  assert.equal(i.available, 66);
});

test('per agency: scores, the change on October and the rank', async () => {
  const agencies = await rankedIndex(november, october, 'agency', lookups, now);
  const c1 = agencies.find((a) => a.key === ids.C1);
  const p = agencies.find((a) => a.key === ids.P);
  assert.ok(c1 && p);
  // C1 (d1 d2 d5 d10 d11): 2.1 3/5 = 60 % → 12; 3.x 2/4 → 6; 4.1 2/3 → 4; 4.2 3/4 = 75 % → 75 × 4
  // ÷ 80 = 3.75; 5.2 100 % → 6; 5.3 100 % → 6; 5.4: handled d1 d2 d10 d11, late d11 (25 %),
  // PAKN about d2 (25 %) → 50 % → 50 × 6 ÷ 90 = 3.33. Total 41.08.
  assert.equal(points(c1.index, '2.1'), 12);
  assert.equal(points(c1.index, '4.2'), 3.75);
  assert.equal(points(c1.index, '5.4'), 3.33);
  assert.equal(c1.index.total, 41.08);
  // P (d3 d4 d6 d9): 2.1 2/3 = 66.67 % → 13.33; 3.x and 4.1 have no dossiers (p2 is một phần,
  // electronic result); 4.2 2/3 = 66.67 % → 3.33; 5.2 0 %, 5.3 0 %; 5.4: d3 late and disliked,
  // d6 fine → 100 − 100 = 0; 4.3 0/3 → 0; 4.5a, 4.5b 0. Total 16.66 of 20 + 4 + 2 + 2 + 2 + 18 = 48.
  assert.equal(points(p.index, '3.x'), 'noDossiers');
  assert.equal(points(p.index, '4.1'), 'noDossiers');
  assert.equal(points(p.index, '4.2'), 3.33);
  assert.equal(p.index.total, 16.66);
  assert.equal(p.index.available, 48);
  assert.deepEqual([c1.rank, p.rank], [1, 2]);
  // C1 in October (d5 in time, d7 handled late; f4 on time): 2.1 1/2 → 10; 3.x 0/1 → 0;
  // 4.1 0/1 → 0; 4.2 0/1 → 0; 5.2 → 6; 5.3 → 6; 5.4 100 % late → 0. Total 22; change 19.08.
  assert.equal(c1.previousTotal, 22);
  assert.equal(c1.change, 19.08);
});

test('per commune: the commune of a centre is its People’s Committee', async () => {
  const communes = await rankedIndex(november, october, 'commune', lookups, now);
  assert.deepEqual(
    communes.map((c) => [c.key, c.index.total, c.rank]),
    [[ids.C1, 41.08, 1]],
  );
});

test('4.5a/4.5b count the dossiers the exchange module marked as using population data', async () => {
  const d1 = dossierIds.get('d1');
  assert.ok(d1);
  // What the counter's "Lấy từ CSDL dân cư" leaves once the dossier is filed (exchange/use-prefill.ts).
  await t.db.insert(exchangePrefills).values({
    id: randomUUID(),
    provinceCode: PROVINCE,
    consentId: randomUUID(),
    messageId: randomUUID(),
    staffId: 'staff-receiver-1',
    data: null,
    createdAt: new Date('2026-11-02T01:50:00Z'),
    expiresAt: new Date('2026-11-02T02:20:00Z'),
    dossierId: d1.id,
    dossierCode: d1.code,
    procedureCode: 'p1',
    usedAt: new Date('2026-11-02T02:00:00Z'),
  });
  const withUse = await loadPeriod(t.db, PROVINCE, parsePeriod('2026-11'));
  const [province] = rankedIndex(withUse, october, 'province', lookups, now);
  assert.ok(province);
  // 4.5a: p1 of the two procedures with dossiers received in November: 50 % × 2 = 1.
  // 4.5b: d1 of the 7 received in November: 14.29 % × 2 ÷ 100 = 0.2858 → 0.29.
  assert.equal(points(province.index, '4.5a'), 1);
  assert.equal(points(province.index, '4.5b'), 0.29);
  const c = province.index.groups.flatMap((g) => g.components).find((x) => x.id === '4.5b');
  assert.deepEqual(c?.result.status === 'scored' && c.result.inputs, { hồSơLấyDữLiệuDânCư: 1, tiếpNhậnTrongKỳ: 7 });
  // 37.29 + 1 + 0.29
  assert.equal(province.index.total, 38.58);
});
