/**
 * The read models are fed from the modules' events, and equal a rebuild and a recount from the
 * modules' published facts: dossiers through the real dossier use-cases, feedback through the
 * real intake, ratings through the real rating use-case.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asc, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { dispatchOutbox } from '../../platform/notify/index.ts';
import { EventBus } from '../../platform/notify/wiring.ts';
import { dossierFacts, takeAction } from '../dossiers/index.ts';
import { dossierFixture, file, txId } from '../dossiers/testing.ts';
import { feedbackFacts } from '../feedback/index.ts';
import { at, feedbackTestbed } from '../feedback/testing.ts';
import { rateDossier, ratingFacts } from '../ratings/index.ts';
import { citizen, insertDossier } from '../ratings/testing.ts';
import {
  dossierRowOf,
  feedbackRowOf,
  handleInsightsEvent,
  ratingRowOf,
  rebuildInsights,
  subscribeInsights,
} from './feed.ts';
import { insightsDossiers, insightsFeedback, insightsRatings } from './schema.ts';

/** Delivers every pending event to the read models, as src/jobs.ts does every few seconds. */
async function deliverEvents(db: Executor): Promise<void> {
  const bus = new EventBus();
  subscribeInsights(bus, db);
  for (;;) {
    const counts = await dispatchOutbox(db, { event: bus.channel }, { batchSize: 500 });
    assert.equal(counts.retried + counts.dead, 0, 'an insights handler failed');
    if (counts.sent === 0) return;
  }
}

const strip = <T extends { refreshedAt?: unknown }>(rows: T[]) => rows.map(({ refreshedAt: _, ...rest }) => rest);

async function readModels(db: Executor) {
  return {
    dossiers: strip(await db.select().from(insightsDossiers).orderBy(asc(insightsDossiers.dossierId))),
    feedback: strip(await db.select().from(insightsFeedback).orderBy(asc(insightsFeedback.feedbackId))),
    ratings: strip(await db.select().from(insightsRatings).orderBy(asc(insightsRatings.dossierId))),
  };
}

/** The recount: the modules' published facts now, as rows, in key order. */
async function recount(db: Executor, provinceCode: string) {
  const all = { provinceCode, after: null, limit: 1_000_000 };
  const byKey = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const dossiers = byKey((await dossierFacts(db, all)).map(dossierRowOf), (r) => r.dossierId);
  // A rating carries its dossier's rollup key, from the dossier's row (none without one).
  const dossierOf = new Map(dossiers.map((d) => [d.dossierId, d]));
  const keyed = (f: Awaited<ReturnType<typeof ratingFacts>>[number]) => {
    const d = dossierOf.get(f.dossierId);
    return {
      ...ratingRowOf(f),
      dossierAgencyId: d?.competentAgencyId ?? null,
      dossierProcedureId: d?.procedureId ?? null,
      dossierChannel: d?.channel ?? null,
    };
  };
  return {
    dossiers,
    feedback: byKey((await feedbackFacts(db, all)).map(feedbackRowOf), (r) => r.feedbackId),
    ratings: byKey((await ratingFacts(db, all)).map(keyed), (r) => r.dossierId),
  };
}

/** Read-model rows as the recount's insert values (jsonb and nullables compared as stored). */
const comparable = (m: unknown) => JSON.parse(JSON.stringify(m));

test('dossier events keep the read model equal to a recount and to a rebuild', async () => {
  const f = await dossierFixture();
  try {
    const procedure = await f.procedure();
    const receiver = await f.staffAt('minhxuanCentre', ['receiver']);
    const received = await file(f, f.citizen(), procedure, '2026-12-07T02:00:00Z');
    await takeAction(
      f.db,
      receiver,
      received.code,
      { type: 'receive' },
      { transactionId: txId('receive') },
      f.at('2026-12-07T02:10:00Z'),
    );
    const waiting = await file(f, f.citizen(), procedure, '2026-12-07T03:00:00Z');
    await deliverEvents(f.db);

    const fed = await readModels(f.db);
    assert.equal(fed.dossiers.length, 2);
    const row = fed.dossiers.find((d) => d.code === received.code);
    assert.ok(row?.receivedAt, 'the reception reached the read model');
    assert.ok(row.dueAt);
    assert.equal(fed.dossiers.find((d) => d.code === waiting.code)?.receivedAt, null);
    assert.deepEqual(comparable(fed).dossiers, comparable(await recount(f.db, '08')).dossiers);

    // A later action moves the read model on; the same event delivered again changes nothing.
    await takeAction(
      f.db,
      receiver,
      waiting.code,
      { type: 'receive' },
      { transactionId: txId('receive') },
      f.at('2026-12-08T02:00:00Z'),
    );
    await deliverEvents(f.db);
    await handleInsightsEvent(f.db, { topic: 'dossier.received', payload: { dossierId: row.dossierId } });
    const later = await readModels(f.db);
    assert.ok(later.dossiers.find((d) => d.code === waiting.code)?.receivedAt);
    assert.deepEqual(comparable(later).dossiers, comparable(await recount(f.db, '08')).dossiers);

    // An older read never replaces a newer one (events are delivered at least once, in any order).
    const [fact] = await dossierFacts(f.db, { ids: [row.dossierId] });
    assert.ok(fact);
    await f.db
      .insert(insightsDossiers)
      .values({ ...dossierRowOf(fact), sourceVersion: 0, state: 'stale' })
      .onConflictDoUpdate({
        target: insightsDossiers.dossierId,
        set: { state: 'stale' },
        setWhere: sql`${insightsDossiers.sourceVersion} <= 0`,
      });
    assert.notEqual((await readModels(f.db)).dossiers.find((d) => d.code === received.code)?.state, 'stale');
    const counts = await rebuildInsights(f.db, '08', { batch: 1 });
    assert.deepEqual(counts, { dossiers: 2, feedback: 0, ratings: 0 });
    assert.deepEqual(comparable(await readModels(f.db)), comparable(later));
  } finally {
    await f.t.close();
  }
});

test('feedback and rating events keep their read models equal to a recount and to a rebuild', async () => {
  const tb = await feedbackTestbed();
  try {
    const db = tb.t.db;
    await tb.submit({}, { now: at('2026-11-16T09:00') });
    await tb.submit({ subject: 'Đèn đường hỏng' }, { now: at('2026-11-17T10:00') });
    const tuphap = await tb.agencyId('000.00.03.H60');
    const hoa = citizen();
    const { code } = await insertDossier(db, { receivingAgencyId: tuphap, applicantAccountId: hoa.id });
    await rateDossier(db, hoa, { code, level: 'unsatisfied', channel: 'portal' }, { now: at('2026-11-20T09:00') });
    await deliverEvents(db);
    const fed = await readModels(db);
    assert.equal(fed.feedback.length, 2);
    assert.equal(fed.ratings.length, 1);
    assert.equal(fed.ratings[0]?.level, 'unsatisfied');

    // The applicant changes the rating: the change event moves the read model.
    await rateDossier(db, hoa, { code, level: 'satisfied', channel: 'portal' }, { now: at('2026-11-21T09:00') });
    await deliverEvents(db);
    const changed = await readModels(db);
    assert.equal(changed.ratings[0]?.level, 'satisfied');
    assert.equal(changed.ratings[0]?.sourceVersion, 1);
    // The dossier was written without its events: no read-model row yet, so the rating has no
    // dossier key; the dossier's first event gives it one.
    assert.equal(changed.dossiers.length, 0);
    assert.equal(changed.ratings[0]?.dossierAgencyId, null);
    const dossierId = changed.ratings[0]?.dossierId;
    await handleInsightsEvent(db, { topic: 'dossier.received', payload: { dossierId } });
    const keyed = await readModels(db);
    const recounted = await recount(db, '08');
    assert.deepEqual(comparable(keyed).feedback, comparable(recounted).feedback);
    assert.deepEqual(comparable(keyed).ratings, comparable(recounted).ratings);

    await rebuildInsights(db, '08');
    const rebuilt = await readModels(db);
    assert.deepEqual(comparable(rebuilt).feedback, comparable(keyed).feedback);
    assert.deepEqual(comparable(rebuilt).ratings, comparable(keyed).ratings);
    // The rating carries its dossier's key (agency, procedure, channel): ratings are counted per key without a join.
    const dossier = rebuilt.dossiers.find((d) => d.dossierId === rebuilt.ratings[0]?.dossierId);
    assert.ok(dossier);
    assert.deepEqual(
      [rebuilt.ratings[0]?.dossierAgencyId, rebuilt.ratings[0]?.dossierProcedureId, rebuilt.ratings[0]?.dossierChannel],
      [dossier.competentAgencyId, dossier.procedureId, dossier.channel],
    );
  } finally {
    await tb.t.close();
  }
});
