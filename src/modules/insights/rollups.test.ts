/**
 * The daily rollups: fed by the dossier events they equal a recount from the read model (and a
 * rebuild); the month sums the trend reads are the hand-computed ones of testing.ts's dataset.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { createTestDb } from '../../platform/db/testing.ts';
import { dispatchOutbox, type OutboxMessage, outbox } from '../../platform/notify/index.ts';
import { EventBus } from '../../platform/notify/wiring.ts';
import { takeAction } from '../dossiers/index.ts';
import { type DossierFixture, dossierFixture, file, txId } from '../dossiers/testing.ts';
import { matches } from './dimensions.ts';
import { handleInsightsEvents, rebuildInsights, subscribeInsights } from './feed.ts';
import { adjacentPeriodCells, monthCells, periodCells } from './period-cells.ts';
import { parsePeriod, previousPeriod } from './periods.ts';
import { applyRollupDelta, COUNTERS, type DailyRow, recountRollups, rollupDelta } from './rollups.ts';
import { rebuildRollups } from './rollups-sql.ts';
import { insightsDaily, insightsDossiers, insightsMonthly, insightsTotals } from './schema.ts';
import { ids, lookups, PROVINCE, writeDataset } from './testing.ts';

const stored = async (db: Executor, provinceCode: string) => {
  const daily = normalise(await db.select().from(insightsDaily).where(eq(insightsDaily.provinceCode, provinceCode)));
  // The monthly rollups are the daily ones summed per month, whatever path wrote them.
  const monthly = await db.select().from(insightsMonthly).where(eq(insightsMonthly.provinceCode, provinceCode));
  const summed = new Map<string, Record<string, number>>();
  for (const r of daily) {
    const key = `${r.day.slice(0, 7)}|${r.agencyId}|${r.procedureId}|${r.channel}`;
    const m = summed.get(key) ?? Object.fromEntries(COUNTERS.map((c) => [c, 0]));
    for (const c of COUNTERS) m[c] = (m[c] ?? 0) + r[c];
    summed.set(key, m);
  }
  const nonZero = (m: { [k: string]: unknown }) => COUNTERS.some((c) => m[c] !== 0);
  assert.deepEqual(
    new Map(
      monthly
        .filter((r) => nonZero(r))
        .map((r) => [
          `${r.month.slice(0, 7)}|${r.agencyId}|${r.procedureId}|${r.channel}`,
          Object.fromEntries(COUNTERS.map((c) => [c, r[c]])),
        ]),
    ),
    new Map([...summed].filter(([, m]) => nonZero(m))),
  );
  // The totals are the daily ones summed per (agency, procedure, channel).
  const totals = await db.select().from(insightsTotals).where(eq(insightsTotals.provinceCode, provinceCode));
  const summedTotals = new Map<string, Record<string, number>>();
  for (const r of daily) {
    const key = `${r.agencyId}|${r.procedureId}|${r.channel}`;
    const m = summedTotals.get(key) ?? Object.fromEntries(COUNTERS.map((c) => [c, 0]));
    for (const c of COUNTERS) m[c] = (m[c] ?? 0) + r[c];
    summedTotals.set(key, m);
  }
  assert.deepEqual(
    new Map(
      totals
        .filter((r) => nonZero(r))
        .map((r) => [
          `${r.agencyId}|${r.procedureId}|${r.channel}`,
          Object.fromEntries(COUNTERS.map((c) => [c, r[c]])),
        ]),
    ),
    new Map([...summedTotals].filter(([, m]) => nonZero(m))),
  );
  return daily;
};
const normalise = (rows: DailyRow[]) =>
  rows
    .filter((r) => COUNTERS.some((c) => r[c] !== 0))
    .map((r) => ({ ...r }))
    .sort((a, b) =>
      `${a.day}${a.agencyId}${a.procedureId}${a.channel}`.localeCompare(
        `${b.day}${b.agencyId}${b.procedureId}${b.channel}`,
      ),
    );

// One dossier fixture for the tests that file real dossiers (made once: a fixture is costly).
let fixture: DossierFixture | undefined;
const dossiersDb = async () => {
  fixture ??= await dossierFixture();
  return fixture;
};
after(() => fixture?.t.close());

test('dossier events keep the daily rollups equal to a recount, and a rebuild gives the same', async () => {
  const f = await dossiersDb();
  {
    const bus = new EventBus();
    subscribeInsights(bus, f.db);
    const deliver = async () => {
      for (;;) {
        const counts = await dispatchOutbox(f.db, { event: bus.channel }, { batchSize: 500 });
        assert.equal(counts.retried + counts.dead, 0, 'an insights handler failed');
        if (counts.sent === 0) return;
      }
    };
    const procedure = await f.procedure();
    const receiver = await f.staffAt('minhxuanCentre', ['receiver']);
    const codes: string[] = [];
    for (const [i, when] of ['2026-12-07T02:00:00Z', '2026-12-07T03:00:00Z', '2026-12-08T02:00:00Z'].entries()) {
      const d = await file(f, f.citizen(), procedure, when);
      codes.push(d.code);
      if (i < 2) {
        await takeAction(f.db, receiver, d.code, { type: 'receive' }, { transactionId: txId(`r${i}`) }, f.at(when));
      }
    }
    await deliver();
    const fed = await stored(f.db, '08');
    // Two received on 07/12 (Vietnam day) for the same agency, procedure and channel; the third waits.
    assert.deepEqual(
      fed.filter((r) => r.received !== 0).map((r) => [r.day, r.received]),
      [['2026-12-07', 2]],
    );
    // Both are in one stock class at every midnight after reception (in time, then overdue).
    assert.equal(
      fed.reduce((s, r) => s + r.sEarly + r.sOnTime + r.sLate + r.sInTime + r.sOverdue, 0),
      2,
    );
    assert.deepEqual(fed, normalise(await recountRollups(f.db, '08')));
    // The same events delivered again change nothing (the share of the old row is taken away first).
    const again = await f.db.select().from(insightsDossiers);
    for (const r of again) {
      await bus.channel({
        id: 0,
        channel: 'event',
        topic: 'dossier.received',
        recipient: null,
        payload: { dossierId: r.dossierId },
        attempts: 0,
      });
    }
    assert.deepEqual(await stored(f.db, '08'), fed);
    await rebuildInsights(f.db, '08', { batch: 1 });
    assert.deepEqual(await stored(f.db, '08'), fed);
  }
});

test('a mixed batch of dossier events fed in one transaction gives the totals and months of a rebuild; redelivered or rolled back, it counts once', async () => {
  const f = await dossiersDb();
  const threeDays = await f.procedure({ timeLimit: { amount: 3, unit: 'working_days' } });
  const receiver = await f.staffAt('minhxuanCentre', ['receiver']);
  const specialist = await f.staffAt('minhxuan', ['specialist']);
  const leader = await f.staffAt('minhxuan', ['leader']);
  const { pdfBytes } = await import('../../../test/fixtures/files.ts');
  const { addAttachment, stageAttachment } = await import('../dossiers/attachments.ts');
  const act = (who: Caller, code: string, action: Parameters<typeof takeAction>[3], iso: string) =>
    takeAction(f.db, who, code, action, { transactionId: txId('mixed') }, f.at(iso));
  const received = async (iso: string) => {
    const v = await file(f, f.citizen(), threeDays, iso);
    await act(receiver, v.code, { type: 'receive' }, iso);
    return v.code;
  };
  // Rejected by the leader after the first two steps (deny is the leader's, at the leader's step).
  const deny = async (code: string, iso: string) => {
    await act(receiver, code, { type: 'complete_step', stepIndex: 0 }, iso);
    await act(specialist, code, { type: 'complete_step', stepIndex: 1 }, iso);
    await act(leader, code, { type: 'deny', reason: 'Không đủ điều kiện cấp' }, iso);
  };
  const missing = [{ name: 'Giấy chứng sinh', reason: 'Bản chụp bị mờ, không đọc được số' }];
  const paper = async (code: string) =>
    (
      await stageAttachment(
        f.db,
        f.blobs,
        receiver,
        { kind: 'paper', fileName: 'chung-sinh.pdf', bytes: await pdfBytes(`Chung sinh ${code}`) },
        { maxBytes: 1_000_000, provinceCode: '08' },
      )
    ).id;
  // Times in UTC; Vietnam is UTC+7, so its December starts at 2026-11-30T17:00Z.
  // Received Monday 30/11 16:00 (after the cut-off) and refused in December: a month apart, early.
  const acrossMonth = await received('2026-11-30T09:00:00Z');
  await deny(acrossMonth, '2026-12-01T02:00:00Z');
  // Received Friday 27/11, due Wednesday 02/12; refused on 07/12: late.
  const late = await received('2026-11-27T02:00:00Z');
  await deny(late, '2026-12-07T02:00:00Z');
  // Received Monday 07/12 09:00, due Thursday 09:00; its result on the due day before the time: on time.
  const onTime = await received('2026-12-07T02:00:00Z');
  await act(receiver, onTime, { type: 'complete_step', stepIndex: 0 }, '2026-12-10T00:10:00Z');
  await act(specialist, onTime, { type: 'complete_step', stepIndex: 1 }, '2026-12-10T00:20:00Z');
  await addAttachment(
    f.db,
    f.blobs,
    leader,
    onTime,
    { kind: 'result', fileName: 'du-thao.pdf', bytes: await pdfBytes(`Du thao ${onTime}`) },
    { maxBytes: 1_000_000 },
  );
  await act(leader, onTime, { type: 'approve' }, '2026-12-10T00:30:00Z');
  await act(receiver, onTime, { type: 'complete_step', stepIndex: 3 }, '2026-12-10T00:40:00Z');
  const result = await stageAttachment(
    f.db,
    f.blobs,
    receiver,
    { kind: 'result', fileName: 'giay-khai-sinh.pdf', bytes: await pdfBytes(`Giay khai sinh ${onTime}`) },
    { maxBytes: 1_000_000, provinceCode: '08' },
  );
  await act(
    receiver,
    onTime,
    { type: 'attach_result', attachmentIds: [result.id], electronic: true },
    '2026-12-10T00:50:00Z',
  );
  await act(receiver, onTime, { type: 'deliver', channel: 'counter' }, '2026-12-10T01:00:00Z');
  // Withdrawn the day after its reception, across the month boundary.
  const withdrawn = await received('2026-11-30T03:00:00Z');
  await act(receiver, withdrawn, { type: 'withdraw', reason: 'Người nộp xin rút' }, '2026-12-01T03:00:00Z');
  // Refused at intake: never received, counted nowhere.
  const refused = await file(f, f.citizen(), threeDays, '2026-12-02T02:00:00Z');
  await act(
    receiver,
    refused.code,
    { type: 'refuse_intake', reason: 'Sai thẩm quyền giải quyết' },
    '2026-12-02T03:00:00Z',
  );
  // Asked for a paper in November, supplemented (its clock started again) in December.
  const supplemented = await received('2026-11-30T01:00:00Z');
  await act(receiver, supplemented, { type: 'request_supplement', missingPapers: missing }, '2026-11-30T02:00:00Z');
  await act(
    receiver,
    supplemented,
    { type: 'supplement', attachmentIds: [await paper(supplemented)] },
    '2026-12-01T02:00:00Z',
  );
  // Still waiting for its paper; and one filed, not yet received.
  const waiting = await received('2026-12-03T02:00:00Z');
  await act(receiver, waiting, { type: 'request_supplement', missingPapers: missing }, '2026-12-04T02:00:00Z');
  await file(f, f.citizen(), threeDays, '2026-12-04T03:00:00Z');

  // Every pending event in one claimed batch: the insights subscriber handles it in one call.
  const bus = new EventBus();
  subscribeInsights(bus, f.db);
  const batches: number[] = [];
  const { batch } = bus.channel;
  assert.ok(batch);
  const event = Object.assign((m: OutboxMessage) => bus.channel(m), {
    batch: (ms: OutboxMessage[]) => {
      batches.push(ms.length);
      return batch(ms);
    },
  });
  const pending = await f.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), eq(outbox.channel, 'event')));
  const counts = await dispatchOutbox(f.db, { event }, { batchSize: 500 });
  assert.deepEqual(counts, { sent: pending.length, retried: 0, dead: 0 });
  assert.deepEqual(batches, [pending.length]);
  assert.ok(pending.length > 30, 'many dossiers, several events each');
  const totalsAndMonths = async () => ({
    totals: (await f.db.select().from(insightsTotals))
      .filter((r) => COUNTERS.some((c) => r[c] !== 0))
      .sort((a, b) =>
        `${a.agencyId}${a.procedureId}${a.channel}`.localeCompare(`${b.agencyId}${b.procedureId}${b.channel}`),
      ),
    months: (await f.db.select().from(insightsMonthly))
      .filter((r) => COUNTERS.some((c) => r[c] !== 0))
      .sort((a, b) =>
        `${a.month}${a.agencyId}${a.procedureId}${a.channel}`.localeCompare(
          `${b.month}${b.agencyId}${b.procedureId}${b.channel}`,
        ),
      ),
  });
  const fed = await stored(f.db, '08');
  const fedTotals = await totalsAndMonths();
  // The batch reached the counters it should: both months, a late and an on-time finish, a result.
  const sum = (c: (typeof COUNTERS)[number]) => fed.reduce((n, r) => n + r[c], 0);
  assert.ok(sum('late') >= 1 && sum('onTime') >= 1 && sum('early') >= 1 && sum('results') >= 1);
  assert.ok(fedTotals.months.some((r) => r.month === '2026-11-01' && r.received > 0));
  assert.ok(fedTotals.months.some((r) => r.month === '2026-12-01' && r.late > 0));

  // Delivered again (a crash after the batch committed, before the outbox recorded it): no change.
  await f.db.update(outbox).set({ status: 'pending' }).where(eq(outbox.channel, 'event'));
  await dispatchOutbox(f.db, { event }, { batchSize: 500 });
  assert.deepEqual(await stored(f.db, '08'), fed);
  // A batch whose transaction fails leaves neither the rows nor the deltas behind.
  await act(receiver, waiting, { type: 'withdraw', reason: 'Người nộp xin rút' }, '2026-12-20T02:00:00Z');
  const moved = (
    await f.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), eq(outbox.channel, 'event')))
  ).map((m) => ({
    topic: m.topic,
    payload: m.payload,
  }));
  assert.ok(moved.length > 0);
  await assert.rejects(
    f.db.transaction(async (tx) => {
      await handleInsightsEvents(tx, moved);
      throw new Error('the worker died before its commit');
    }),
  );
  assert.deepEqual(await stored(f.db, '08'), fed);
  await dispatchOutbox(f.db, { event }, { batchSize: 500 });
  const later = await stored(f.db, '08');
  assert.notDeepEqual(later, fed);
  assert.deepEqual(later, normalise(await recountRollups(f.db, '08')));
  const afterTotals = await totalsAndMonths();

  // The SQL rebuild from scratch gives the same daily rows, months and totals.
  await rebuildRollups(f.db, '08');
  assert.deepEqual(await stored(f.db, '08'), later);
  assert.deepEqual(await totalsAndMonths(), afterTotals);
});

test('month sums from the rollups: received by day of reception, handled by day of finish and final timing', async () => {
  const t = await createTestDb();
  try {
    // writeDataset builds the rollups from the rows (the rebuild's path).
    await writeDataset(t.db);
    const rows = await t.db.select().from(insightsDossiers);
    // A row replaced by a newer read moves its shares: d-late finished a day later still counts once.
    const some = rows.find((r) => r.finishedAt !== null && r.receivedAt !== null);
    assert.ok(some?.finishedAt);
    const moved = { ...some, finishedAt: new Date(some.finishedAt.getTime() + 86_400_000) };
    await applyRollupDelta(t.db, rollupDelta([moved], [some]));
    await applyRollupDelta(t.db, rollupDelta([some], [moved]));
    assert.deepEqual(await stored(t.db, PROVINCE), normalise(await recountRollups(t.db, PROVINCE)));

    const months = [parsePeriod('2026-10'), parsePeriod('2026-11')];
    const cells = await monthCells(t.db, PROVINCE, months);
    const sum = (key: string, filters: Parameters<typeof matches>[1] = {}) => {
      const m = { received: 0, early: 0, onTime: 0, late: 0 };
      for (const c of cells.get(key) ?? []) {
        if (!matches(c, filters, lookups)) continue;
        m.received += c.received;
        m.early += c.early;
        m.onTime += c.onTime;
        m.late += c.late;
      }
      return m;
    };
    // November: received d1 (02/11), d2, d3 (03/11), d4 (10/11), d9 (12/11), d10 (15/11), d11 (18/11) = 7;
    // finished: d6 01/11 early, d1 04/11 early, d2 06/11 on time, d3 07/11 late, d11 24/11 late
    // (two supplement requests); d12 was never received, d10 waits for a supplement.
    assert.deepEqual(sum('2026-11'), { received: 7, early: 2, onTime: 1, late: 2 });
    // October: received d5 (20/10), d6 (25/10); finished d7 15/10, late (due 04/09).
    assert.deepEqual(sum('2026-10'), { received: 2, early: 0, onTime: 0, late: 1 });
    // The commune C1 in November: received d1 d2 d10 d11; d1 early, d2 on time, d11 late.
    assert.deepEqual(sum('2026-11', { communeId: ids.C1 }), { received: 4, early: 1, onTime: 1, late: 1 });
    // p1 online in November: received d1, d10; finished d1 early.
    assert.deepEqual(sum('2026-11', { channel: 'online', procedureId: ids.p1 }), {
      received: 2,
      early: 1,
      onTime: 0,
      late: 0,
    });
  } finally {
    await t.close();
  }
});

test('the SQL rebuild gives the rows of the recount by shareOf, on dossiers whose instants fall on and around Vietnam midnights', async () => {
  const t = await createTestDb();
  try {
    // A seeded generator (no Math.random: a failure can be replayed).
    let seed = 17;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    const DAY = 86_400_000;
    const midnight = Date.parse('2026-09-30T17:00:00Z'); // 01/10/2026 00:00 in Vietnam
    // Instants on a midnight, a millisecond either side, or in the middle of a day.
    const at = (days: number) => midnight + days * DAY + pick([-1, 0, 1, 3_600_000, 10 * 3_600_000]);
    const agencies = [randomUUID(), randomUUID()];
    const procedures = [randomUUID(), randomUUID()];
    const made: (typeof insightsDossiers.$inferInsert)[] = [];
    for (let i = 0; i < 300; i++) {
      const received = at(Math.floor(next() * 90)); // October to December, crossing month chunks
      const due = next() < 0.1 ? null : received + Math.floor(next() * 10 * DAY) + pick([0, 1, DAY - 1]);
      const supplements: { from: string; to: string | null }[] = [];
      let cursor = received;
      for (let k = Math.floor(next() * 3.5); k > 0; k--) {
        const from = cursor + Math.floor(next() * 4 * DAY) + pick([0, 1]);
        const to = next() < 0.25 ? null : from + Math.floor(next() * 5 * DAY) + pick([-1, 0, 1]);
        supplements.push({ from: new Date(from).toISOString(), to: to === null ? null : new Date(to).toISOString() });
        if (to === null) break;
        cursor = Math.max(to, from);
      }
      const waiting = supplements.at(-1)?.to === null;
      const finished = waiting || next() < 0.3 ? null : cursor + Math.floor(next() * 12 * DAY) + pick([0, 1, DAY]);
      const state =
        finished === null
          ? waiting
            ? 'awaiting_supplement'
            : 'processing'
          : pick(['result_ready', 'delivered', 'refused', 'withdrawn']);
      made.push({
        dossierId: randomUUID(),
        provinceCode: PROVINCE,
        code: `RND-${i}`,
        procedureId: pick(procedures),
        channel: pick(['online', 'counter', 'post'] as const),
        receivingAgencyId: agencies[0] as string,
        competentAgencyId: pick(agencies),
        holdingAgencyId: agencies[0] as string,
        state,
        receivedAt: new Date(received),
        dueAt: due === null ? null : new Date(due),
        finishedAt: finished === null ? null : new Date(finished),
        supplementIntervals: supplements,
        electronicResult: next() < 0.5,
        paperFiles: pick([0, 0, 1, 2]),
        reusedPapers: pick([0, 0, 1]),
        sourceVersion: 1,
      });
    }
    // And one never received: it counts nowhere.
    made.push({ ...(made[0] as (typeof made)[number]), dossierId: randomUUID(), code: 'RND-x', receivedAt: null });
    await t.db.insert(insightsDossiers).values(made);
    const read = await rebuildRollups(t.db, PROVINCE);
    assert.equal(read, 300);
    const recount = normalise(await recountRollups(t.db, PROVINCE));
    // The dataset reaches every counter, so the comparison covers each column's SQL.
    for (const c of COUNTERS)
      assert.ok(
        recount.some((r) => r[c] !== 0),
        `no ${c} in the dataset`,
      );
    assert.deepEqual(await stored(t.db, PROVINCE), recount);
    // A period's sums before its start are the same read from the rows before it or from the
    // totals less the rows from its start on.
    for (const key of ['2026-10', '2026-11', '2026-12', '2026-11-14..2026-12-03', '2026-Q4', '2027-01']) {
      const period = parsePeriod(key);
      const sort = (cells: Awaited<ReturnType<typeof periodCells>>) =>
        [...cells].sort((a, b) =>
          `${a.competentAgencyId}${a.procedureId}${a.channel}`.localeCompare(
            `${b.competentAgencyId}${b.procedureId}${b.channel}`,
          ),
        );
      const prefix = sort(await periodCells(t.db, PROVINCE, period, 'prefix'));
      assert.ok(prefix.length > 0, key);
      assert.deepEqual(sort(await periodCells(t.db, PROVINCE, period, 'totals')), prefix, key);
      // A period and the one before it read together (one statement, P read once) give the
      // same cells as each read alone.
      const previous = previousPeriod(period);
      const pair = await adjacentPeriodCells(t.db, PROVINCE, previous, period);
      assert.deepEqual(sort(pair.later), prefix, `${key}, read with the one before`);
      assert.deepEqual(
        sort(pair.earlier),
        sort(await periodCells(t.db, PROVINCE, previous)),
        `${previous.key}, read with ${key}`,
      );
    }
  } finally {
    await t.close();
  }
});
