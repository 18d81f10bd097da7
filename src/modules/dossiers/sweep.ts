/**
 * The deadline sweep: dossiers and steps due within a working day are marked "due soon",
 * those past due "overdue", each once, with an outbox event for dashboards and notices.
 */
import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { agencies } from '../directory/schema.ts';
import { dossierSteps, dossiers } from './schema.ts';
import { signingKeyOf } from './slip-service.ts';

const DUE_SOON_MS = 8 * 3_600_000;

export async function sweepDeadlines(
  db: Executor,
  now = new Date(),
): Promise<{ dueSoon: number; overdue: number; stepsOverdue: number }> {
  return db.transaction(async (tx) => {
    const soon = new Date(now.getTime() + DUE_SOON_MS);
    const dueSoon = await tx
      .update(dossiers)
      .set({ dueSoonNotifiedAt: now })
      .where(
        and(
          isNull(dossiers.finishedAt),
          isNull(dossiers.clockPausedAt),
          isNull(dossiers.dueSoonNotifiedAt),
          lte(dossiers.dueAt, soon),
        ),
      )
      .returning({
        id: dossiers.id,
        code: dossiers.code,
        provinceCode: dossiers.provinceCode,
        holdingAgencyId: dossiers.holdingAgencyId,
      });
    const overdue = await tx
      .update(dossiers)
      .set({ overdueNotifiedAt: now })
      .where(
        and(
          isNull(dossiers.finishedAt),
          isNull(dossiers.clockPausedAt),
          isNull(dossiers.overdueNotifiedAt),
          lte(dossiers.dueAt, now),
        ),
      )
      .returning({
        id: dossiers.id,
        code: dossiers.code,
        provinceCode: dossiers.provinceCode,
        holdingAgencyId: dossiers.holdingAgencyId,
      });
    const late = await tx
      .update(dossierSteps)
      .set({ timing: 'late' })
      .where(and(eq(dossierSteps.status, 'active'), lte(dossierSteps.dueAt, now), isNull(dossierSteps.timing)))
      .returning({
        dossierId: dossierSteps.dossierId,
        idx: dossierSteps.idx,
        provinceCode: dossierSteps.provinceCode,
        agencyId: dossierSteps.agencyId,
      });
    for (const [topic, rows] of [
      ['dossier.due_soon', dueSoon],
      ['dossier.overdue', overdue],
    ] as const) {
      for (const d of rows) {
        await enqueue(tx, {
          provinceCode: d.provinceCode,
          channel: 'event',
          topic,
          payload: { dossierId: d.id, code: d.code, agencyId: d.holdingAgencyId },
          dedupeKey: `${d.id}:${topic}`,
        });
      }
    }
    for (const s of late) {
      await enqueue(tx, {
        provinceCode: s.provinceCode,
        channel: 'event',
        topic: 'dossier.step_overdue',
        payload: { dossierId: s.dossierId, step: s.idx, agencyId: s.agencyId },
        dedupeKey: `${s.dossierId}:${s.idx}:step_overdue`,
      });
    }
    return { dueSoon: dueSoon.length, overdue: overdue.length, stepsOverdue: late.length };
  });
}

/** Demo seed: a signing certificate (Vietnamese subject) for every service centre and department. */
export async function seedSigningKeys(db: Executor, options: { provinceCode: string }) {
  const signers = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(
      and(
        eq(agencies.provinceCode, options.provinceCode),
        inArray(agencies.kind, [
          'service_centre',
          'people_committee',
          'justice',
          'home_affairs',
          'finance',
          'agriculture_environment',
          'construction',
          'health',
          'education',
          'culture',
          'science_technology',
          'industry_trade',
        ]),
      ),
    )
    .orderBy(sql`${agencies.code}`);
  for (const a of signers) await signingKeyOf(db, a.id);
  return { created: signers.length > 0 };
}
