/**
 * The stored `machine` snapshot is a cache of the dossier's history, not its truth: folding the
 * action log through the state machine must give it back (OpenCRVS derives a record's status the
 * same way, `getStatusFromActions`). A write that changed a dossier behind the machine's back —
 * a hand-made UPDATE, a use case that skipped `decide` — shows up here as a mismatch.
 */
import { isDeepStrictEqual } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import type { StaffRole } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { calendarFor, type DossierContext, rulesWith } from './context.ts';
import { dossierActions, dossiers } from './schema.ts';
import { reviveDates, snapshotOf, snapshotToJson } from './snapshot-json.ts';
import { type DossierAction, type DossierActor, type DossierSnapshot, decide, newDossierSnapshot } from './states.ts';

type ActionRow = typeof dossierActions.$inferSelect;

export type ReplayResult =
  | { ok: true }
  | { ok: false; seq: number | null; reason: string; expected?: unknown; actual?: unknown };

/** Actions that leave the machine alone: a draft's edits. */
const outsideMachine = new Set(['draft', 'update_draft']);

/**
 * Who acted, as the log recorded it. A staff member acts only where the dossier is held or its
 * step is worked (actions.ts checks that before the machine runs), so the replay says so.
 */
function recordedActor(row: ActionRow): DossierActor {
  if (row.actorKind === 'citizen') return { kind: 'citizen' };
  if (row.actorKind === 'staff') {
    const roles = (row.actorRole ?? '').split(',').filter(Boolean) as StaffRole[];
    return { kind: 'staff', roles, atHoldingAgency: true };
  }
  return { kind: 'system' };
}

/** The action as the machine took it: the payload keeps the effective action, dates as ISO text. */
const actionOf = (row: ActionRow): DossierAction => reviveDates(row.payload) as DossierAction;

/** Folds one dossier's actions through `decide` and compares the result with the stored snapshot. */
export async function replayDossier(db: Executor, dossierId: string, ctx: DossierContext): Promise<ReplayResult> {
  const [dossier] = await db.select().from(dossiers).where(eq(dossiers.id, dossierId));
  if (!dossier) return { ok: false, seq: null, reason: 'no such dossier' };
  const log = await db
    .select()
    .from(dossierActions)
    .where(eq(dossierActions.dossierId, dossierId))
    .orderBy(asc(dossierActions.seq));
  const rules = rulesWith(await calendarFor(db, ctx.provinceCode, dossier.receivingAgencyId));
  let snapshot: DossierSnapshot | null = null;
  for (const row of log) {
    if (row.fromState === null) {
      // The first action creates the dossier: a draft, or a filing already submitted.
      snapshot = newDossierSnapshot(row.type === 'submit' ? { submittedAt: row.at } : {});
      continue;
    }
    if (snapshot === null) return { ok: false, seq: row.seq, reason: 'the log does not start with the filing' };
    if (outsideMachine.has(row.type)) continue;
    if (snapshot.state !== row.fromState) {
      return { ok: false, seq: row.seq, reason: 'from-state differs', expected: row.fromState, actual: snapshot.state };
    }
    const decided = decide(snapshot, actionOf(row), recordedActor(row), row.at, rules);
    if (!decided.ok) return { ok: false, seq: row.seq, reason: `the machine refuses ${row.type}: ${decided.code}` };
    snapshot = decided.next;
    if (snapshot.state !== row.toState) {
      return { ok: false, seq: row.seq, reason: 'to-state differs', expected: row.toState, actual: snapshot.state };
    }
  }
  if (snapshot === null) return { ok: false, seq: null, reason: 'no action recorded' };
  const folded = snapshotToJson(snapshot);
  const stored = snapshotToJson(snapshotOf(dossier));
  // jsonb keeps keys in its own order: compare values, not text.
  if (!isDeepStrictEqual(folded, stored)) {
    return {
      ok: false,
      seq: null,
      reason: 'stored snapshot differs from the folded actions',
      expected: folded,
      actual: stored,
    };
  }
  if (dossier.state !== snapshot.state) {
    return { ok: false, seq: null, reason: 'state column differs', expected: snapshot.state, actual: dossier.state };
  }
  return { ok: true };
}

/** Replays every dossier; returns the ones whose stored snapshot does not follow from their actions. */
export async function replayAllDossiers(
  db: Executor,
  ctx: DossierContext,
): Promise<Array<{ code: string | null; result: ReplayResult }>> {
  const all = await db.select({ id: dossiers.id, code: dossiers.code }).from(dossiers);
  const bad: Array<{ code: string | null; result: ReplayResult }> = [];
  for (const d of all) {
    const result = await replayDossier(db, d.id, ctx);
    if (!result.ok) bad.push({ code: d.code, result });
  }
  return bad;
}
