/**
 * Feeding the read models. Every `dossier.*`, `feedback.*` and `rating.*` event on the outbox's
 * event channel names one record; its handler reads that record's current facts through the
 * owning module's index.ts and upserts them. Reading the current facts (not applying the
 * event's delta) makes the handler idempotent and indifferent to order and to the at-least-once
 * delivery of the outbox; `source_version` keeps an older read from replacing a newer one.
 * The events of a claimed outbox batch are handled together: each record once, all the batch's
 * dossiers and their rollup deltas in one transaction (`refreshDossiers`).
 *
 * `rebuildInsights` empties the read models of a province and refills them from the same
 * published facts, page by page: after it the tables equal a recount by construction, and the
 * test checks that the event-fed tables equal a rebuild.
 */
import { eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/notify/wiring.ts';
import { type DossierFact, dossierFacts } from '../dossiers/index.ts';
import { type FeedbackFact, feedbackFacts } from '../feedback/index.ts';
import { type RatingFact, ratingFacts } from '../ratings/index.ts';
import { applyRollupDelta, rollupDelta } from './rollups.ts';
import { rebuildRollups } from './rollups-sql.ts';
import { insightsDossiers, insightsFeedback, insightsRatings } from './schema.ts';

type DossierRow = typeof insightsDossiers.$inferInsert;
type FeedbackRow = typeof insightsFeedback.$inferInsert;
type RatingRow = typeof insightsRatings.$inferInsert;

export const dossierRowOf = (f: DossierFact): DossierRow => ({
  dossierId: f.dossierId,
  provinceCode: f.provinceCode,
  code: f.code,
  procedureId: f.procedureId,
  channel: f.channel,
  receivingAgencyId: f.receivingAgencyId,
  competentAgencyId: f.competentAgencyId,
  holdingAgencyId: f.holdingAgencyId,
  state: f.state,
  submittedAt: f.submittedAt,
  receivedAt: f.receivedAt,
  dueAt: f.dueAt,
  finishedAt: f.finishedAt,
  deliveredAt: f.deliveredAt,
  supplementIntervals: f.supplementIntervals.map((i) => ({
    from: i.from.toISOString(),
    to: i.to?.toISOString() ?? null,
  })),
  electronicResult: f.electronicResult,
  paperFiles: f.paperFiles,
  reusedPapers: f.reusedPapers,
  holderAccountId: f.holderAccountId,
  holderStep: f.holderStep,
  sourceVersion: f.version,
});

export const feedbackRowOf = (f: FeedbackFact): FeedbackRow => ({
  feedbackId: f.feedbackId,
  provinceCode: f.provinceCode,
  code: f.code,
  agencyId: f.agencyId,
  channel: f.channel,
  dossierCode: f.dossierCode,
  classification: f.classification,
  state: f.state,
  submittedAt: f.submittedAt,
  closedAt: f.closedAt,
  timing: f.timing,
  answerDueAt: f.answerDueAt,
  likes: f.likes,
  dislikes: f.dislikes,
  reopenCount: f.reopenCount,
  sourceVersion: f.version,
});

export const ratingRowOf = (f: RatingFact): RatingRow => ({
  dossierId: f.dossierId,
  provinceCode: f.provinceCode,
  agencyId: f.agencyId,
  level: f.level,
  channel: f.channel,
  ratedAt: f.ratedAt,
  sourceVersion: f.changes,
});

/** `set` of an upsert: every column but the key from the proposed row. */
function excludedSet(table: PgTable, key: string): Record<string, ReturnType<typeof sql>> {
  const set: Record<string, ReturnType<typeof sql>> = {};
  for (const [name, column] of Object.entries(getTableColumns(table)) as Array<[string, PgColumn]>) {
    if (name === key) continue;
    set[name] = name === 'refreshedAt' ? sql`now()` : sql.raw(`excluded."${column.name}"`);
  }
  return set;
}

async function upsert(db: Executor, table: 'dossiers' | 'feedback' | 'ratings', rows: unknown[]): Promise<void> {
  if (rows.length === 0) return;
  if (table === 'dossiers') {
    await db
      .insert(insightsDossiers)
      .values(rows as DossierRow[])
      .onConflictDoUpdate({
        target: insightsDossiers.dossierId,
        set: excludedSet(insightsDossiers, 'dossierId'),
        setWhere: sql`${insightsDossiers.sourceVersion} <= excluded.source_version`,
      });
  } else if (table === 'feedback') {
    await db
      .insert(insightsFeedback)
      .values(rows as FeedbackRow[])
      .onConflictDoUpdate({
        target: insightsFeedback.feedbackId,
        set: excludedSet(insightsFeedback, 'feedbackId'),
        setWhere: sql`${insightsFeedback.sourceVersion} <= excluded.source_version`,
      });
  } else {
    await db
      .insert(insightsRatings)
      .values(rows as RatingRow[])
      .onConflictDoUpdate({
        target: insightsRatings.dossierId,
        set: excludedSet(insightsRatings, 'dossierId'),
        setWhere: sql`${insightsRatings.sourceVersion} <= excluded.source_version`,
      });
  }
}

/**
 * Refreshes dossier rows and their rollups in one transaction, for the dossiers of a whole
 * batch of events at once: one facts read, one old-rows read, one upsert of the rows and one
 * summed delta (rollupDelta adds up many dossiers; applyRollupDelta writes each (day | month |
 * totals) key once, in key order). The rollups gain the new rows' shares and lose the old rows'.
 * An advisory lock per dossier, taken in id order, keeps two batches handled at once by two
 * processes from both taking away the same old share.
 *
 * Exactly once: the deltas and the rows they were computed against commit together, and the
 * row is the feed's position for its dossier. A batch redelivered after a crash (committed here,
 * not yet marked sent in the outbox) reads the same facts again and its delta is zero; one that
 * did not commit left nothing behind and is delivered again.
 */
async function refreshDossiers(db: Executor, ids: readonly string[]): Promise<void> {
  const sorted = [...new Set(ids)].sort();
  if (sorted.length === 0) return;
  await db.transaction(async (tx) => {
    // One statement; the subquery's order is the order the locks are taken in.
    await tx.execute(sql`select count(pg_advisory_xact_lock(hashtextextended(k, 0)))
      from (select 'insights:' || i as k from unnest(array[${sql.join(
        sorted.map((id) => sql`${id}`),
        sql`, `,
      )}]::text[]) as i order by 1) as l`);
    const old = new Map(
      (await tx.select().from(insightsDossiers).where(inArray(insightsDossiers.dossierId, sorted))).map((r) => [
        r.dossierId,
        r,
      ]),
    );
    const fresh = (await dossierFacts(tx, { ids: sorted })).map(dossierRowOf);
    // As the upsert's guard: an older read never replaces a newer row.
    const taken = fresh.filter((r) => (old.get(r.dossierId)?.sourceVersion ?? -1) <= r.sourceVersion);
    await upsert(tx, 'dossiers', fresh);
    await keyRatings(tx, { dossierIds: sorted });
    await applyRollupDelta(
      tx,
      rollupDelta(
        taken,
        taken.flatMap((r) => old.get(r.dossierId) ?? []),
      ),
    );
  });
}
async function refreshFeedback(db: Executor, ids: readonly string[]): Promise<void> {
  await upsert(db, 'feedback', (await feedbackFacts(db, { ids })).map(feedbackRowOf));
}
async function refreshRatings(db: Executor, dossierIds: readonly string[]): Promise<void> {
  const facts = await ratingFacts(db, { dossierIds });
  // The upsert leaves the dossier key empty; it is copied back in the same transaction.
  await db.transaction(async (tx) => {
    await upsert(tx, 'ratings', facts.map(ratingRowOf));
    await keyRatings(tx, { dossierIds });
  });
}

/**
 * Copies each rated dossier's rollup key (competent agency, procedure, channel) from its
 * insights_dossiers row onto its rating, where they differ: after ratings are written, after
 * dossier rows are (a rating written before its dossier's row gets its key then), and at the end
 * of a rebuild. load-period.ts counts a period's ratings per key from insights_ratings alone.
 */
export async function keyRatings(
  db: Executor,
  which: { dossierIds: readonly string[] } | { provinceCode: string },
): Promise<void> {
  if ('dossierIds' in which && which.dossierIds.length === 0) return;
  const scope =
    'dossierIds' in which
      ? sql`r.dossier_id in (${sql.join(
          which.dossierIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`
      : sql`r.province_code = ${which.provinceCode}`;
  await db.execute(sql`update insights_ratings r
    set dossier_agency_id = d.competent_agency_id, dossier_procedure_id = d.procedure_id, dossier_channel = d.channel
    from insights_dossiers d
    where d.dossier_id = r.dossier_id and ${scope}
      and (r.dossier_agency_id is distinct from d.competent_agency_id
        or r.dossier_procedure_id is distinct from d.procedure_id or r.dossier_channel is distinct from d.channel)`);
}

const idOf = (payload: unknown, key: string): string | null => {
  const value = (payload as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : null;
};

/**
 * The handler of a batch of event messages (one, or a claimed batch from the outbox): the
 * dossiers, feedback items and ratings they name are refreshed once each; unknown topics are
 * ignored.
 */
export async function handleInsightsEvents(
  db: Executor,
  messages: readonly { topic: string; payload: unknown }[],
): Promise<void> {
  const dossiers: string[] = [];
  const feedback: string[] = [];
  const ratings: string[] = [];
  for (const m of messages) {
    const [list, key] = m.topic.startsWith('dossier.')
      ? [dossiers, 'dossierId']
      : m.topic.startsWith('feedback.')
        ? [feedback, 'feedbackId']
        : m.topic.startsWith('rating.')
          ? [ratings, 'dossierId']
          : [null, ''];
    const id = list && idOf(m.payload, key);
    if (list && id) list.push(id);
  }
  if (dossiers.length > 0) await refreshDossiers(db, dossiers);
  if (feedback.length > 0) await refreshFeedback(db, [...new Set(feedback)]);
  if (ratings.length > 0) await refreshRatings(db, [...new Set(ratings)]);
}

/** The handler of one event message. */
export const handleInsightsEvent = (db: Executor, message: { topic: string; payload: unknown }) =>
  handleInsightsEvents(db, [message]);

/** Subscribes the read models to the event bus (src/jobs.ts wires it): a claimed batch is one call. */
export function subscribeInsights(bus: EventBus, db: Executor): void {
  for (const prefix of ['dossier.', 'feedback.', 'rating.']) {
    bus.subscribeBatch(prefix, (messages) => handleInsightsEvents(db, messages));
  }
}

export interface RebuildCounts {
  dossiers: number;
  feedback: number;
  ratings: number;
}

/**
 * Empties the province's read models and refills them from the modules' published facts, in
 * one transaction (readers see the old figures until it commits), `batch` records at a time.
 */
export async function rebuildInsights(
  db: Executor,
  provinceCode: string,
  options: { batch?: number } = {},
): Promise<RebuildCounts> {
  const limit = options.batch ?? 2000;
  return db.transaction(async (tx) => {
    await tx.delete(insightsDossiers).where(eq(insightsDossiers.provinceCode, provinceCode));
    await tx.delete(insightsFeedback).where(eq(insightsFeedback.provinceCode, provinceCode));
    await tx.delete(insightsRatings).where(eq(insightsRatings.provinceCode, provinceCode));
    const counts: RebuildCounts = {
      dossiers: await eachPage(
        (after) => dossierFacts(tx, { provinceCode, after, limit }),
        (f) => f.dossierId,
        async (page) => {
          const rows = page.map(dossierRowOf);
          await upsert(tx, 'dossiers', rows);
        },
        limit,
      ),
      feedback: await eachPage(
        (after) => feedbackFacts(tx, { provinceCode, after, limit }),
        (f) => f.feedbackId,
        (page) => upsert(tx, 'feedback', page.map(feedbackRowOf)),
        limit,
      ),
      ratings: await eachPage(
        (after) => ratingFacts(tx, { provinceCode, after, limit }),
        (f) => f.dossierId,
        (page) => upsert(tx, 'ratings', page.map(ratingRowOf)),
        limit,
      ),
    };
    await keyRatings(tx, { provinceCode });
    await rebuildRollups(tx, provinceCode);
    return counts;
  });
}

/** Reads a module's facts page after page (keyset on `keyOf`), hands each page over, and counts them. */
async function eachPage<F>(
  read: (after: string | null) => Promise<F[]>,
  keyOf: (fact: F) => string,
  handle: (page: F[]) => Promise<unknown>,
  limit: number,
): Promise<number> {
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const page = await read(after);
    await handle(page);
    count += page.length;
    const last = page.at(-1);
    if (page.length < limit || !last) return count;
    after = keyOf(last);
  }
}
