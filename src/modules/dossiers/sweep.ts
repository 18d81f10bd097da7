/**
 * The deadline sweep (every five minutes, pg-boss on PostgreSQL and PGlite alike): dossiers
 * and active steps due within a working day are marked "due soon", those past due "overdue",
 * each once per due time, with an outbox event for dashboards and notices. A dossier whose
 * clock is stopped for a supplement is skipped: its due date will move.
 */
import { and, eq, inArray, isNull, lte, type SQL } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { getWorkingCalendar } from '../../platform/calendar/store.ts';
import type { DbHandle, Executor } from '../../platform/db/index.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { agenciesWithHours, officeHoursGroups } from '../directory/index.ts';
import { dueSoonLimit } from './deadlines.ts';
import { dossierSteps, dossiers } from './schema.ts';
import { removeStaleStagedFiles } from './staging.ts';

export interface SweepCounts {
  dueSoon: number;
  overdue: number;
  stepsDueSoon: number;
  stepsOverdue: number;
}

interface Marked {
  id: string;
  provinceCode: string;
  dueAt: Date | null;
  code?: string | null;
  idx?: number;
  agencyId: string;
}

/** Agencies sharing a calendar: same province, same office hours (most share the default). */
async function calendarGroups(tx: Executor) {
  const rows = await officeHoursGroups(tx);
  return rows.map((g) => ({ ...g, agencies: agenciesWithHours(tx, g.provinceCode, g.hours) }));
}

/** Open dossiers whose clock runs (a supplement request stops it, §1.5). */
const running = (): SQL[] => [isNull(dossiers.finishedAt), isNull(dossiers.clockPausedAt)];

export async function sweepDeadlines(db: Executor, now = new Date()): Promise<SweepCounts> {
  return db.transaction(async (tx) => {
    const marked: Record<'dueSoon' | 'overdue' | 'stepsDueSoon' | 'stepsOverdue', Marked[]> = {
      dueSoon: [],
      overdue: [],
      stepsDueSoon: [],
      stepsOverdue: [],
    };
    const dossierCols = {
      id: dossiers.id,
      provinceCode: dossiers.provinceCode,
      dueAt: dossiers.dueAt,
      code: dossiers.code,
      agencyId: dossiers.holdingAgencyId,
    };
    const stepCols = {
      id: dossierSteps.dossierId,
      provinceCode: dossierSteps.provinceCode,
      dueAt: dossierSteps.dueAt,
      idx: dossierSteps.idx,
      agencyId: dossierSteps.agencyId,
    };
    const runningDossiers = (receiving?: SQL) =>
      tx
        .select({ id: dossiers.id })
        .from(dossiers)
        .where(and(...running(), ...(receiving ? [receiving] : [])));
    for (const group of await calendarGroups(tx)) {
      const calendar = await getWorkingCalendar(tx, {
        provinceCode: group.provinceCode,
        hours: group.hours ?? null,
      });
      const soon = dueSoonLimit(calendar, now);
      const inGroup = inArray(dossiers.receivingAgencyId, group.agencies);
      marked.dueSoon.push(
        ...(await tx
          .update(dossiers)
          .set({ dueSoonNotifiedAt: now })
          .where(and(...running(), inGroup, isNull(dossiers.dueSoonNotifiedAt), lte(dossiers.dueAt, soon)))
          .returning(dossierCols)),
      );
      marked.stepsDueSoon.push(
        ...(await tx
          .update(dossierSteps)
          .set({ dueSoonNotifiedAt: now })
          .where(
            and(
              eq(dossierSteps.status, 'active'),
              isNull(dossierSteps.dueSoonNotifiedAt),
              lte(dossierSteps.dueAt, soon),
              inArray(dossierSteps.dossierId, runningDossiers(inGroup)),
            ),
          )
          .returning(stepCols)),
      );
    }
    marked.overdue = await tx
      .update(dossiers)
      .set({ overdueNotifiedAt: now })
      .where(and(...running(), isNull(dossiers.overdueNotifiedAt), lte(dossiers.dueAt, now)))
      .returning(dossierCols);
    marked.stepsOverdue = await tx
      .update(dossierSteps)
      .set({ overdueNotifiedAt: now, timing: 'late' })
      .where(
        and(
          eq(dossierSteps.status, 'active'),
          isNull(dossierSteps.overdueNotifiedAt),
          lte(dossierSteps.dueAt, now),
          inArray(dossierSteps.dossierId, runningDossiers()),
        ),
      )
      .returning(stepCols);
    const topics = {
      dueSoon: 'dossier.due_soon',
      overdue: 'dossier.overdue',
      stepsDueSoon: 'dossier.step_due_soon',
      stepsOverdue: 'dossier.step_overdue',
    } as const;
    for (const [bucket, topic] of Object.entries(topics) as Array<[keyof typeof topics, string]>) {
      for (const m of marked[bucket]) {
        const step = m.idx === undefined ? '' : `:${m.idx}`;
        await enqueue(tx, {
          provinceCode: m.provinceCode,
          channel: 'event',
          topic,
          payload: {
            dossierId: m.id,
            ...(m.code !== undefined ? { code: m.code } : { step: m.idx }),
            agencyId: m.agencyId,
            dueAt: m.dueAt?.toISOString() ?? null,
          },
          // Once per due time: a due date moved by a supplement or an extension is announced again.
          dedupeKey: `${m.id}${step}:${topic}:${m.dueAt?.toISOString() ?? ''}`,
        });
      }
    }
    return {
      dueSoon: marked.dueSoon.length,
      overdue: marked.overdue.length,
      stepsDueSoon: marked.stepsDueSoon.length,
      stepsOverdue: marked.stepsOverdue.length,
    };
  });
}

const DEADLINE_SWEEP_QUEUE = 'dossier-deadline-sweep';

/** Schedules the sweep every five minutes (Asia/Ho_Chi_Minh cron). */
export async function registerDossierJobs(jobs: Jobs, database: DbHandle, log: FastifyBaseLogger): Promise<void> {
  await jobs.work(DEADLINE_SWEEP_QUEUE, async () => {
    const marked = await sweepDeadlines(database.db);
    if (marked.dueSoon + marked.overdue + marked.stepsDueSoon + marked.stepsOverdue > 0) {
      log.info(marked, 'dossier deadlines swept');
    }
  });
  await jobs.schedule(DEADLINE_SWEEP_QUEUE, '*/5 * * * *');
  // Staged files never claimed by a filing or an action are kept a day (staging.ts).
  await jobs.work(STAGED_CLEANUP_QUEUE, async () => {
    const removed = await removeStaleStagedFiles(database.db);
    if (removed > 0) log.info({ removed }, 'stale staged files removed');
  });
  await jobs.schedule(STAGED_CLEANUP_QUEUE, '17 * * * *');
}

const STAGED_CLEANUP_QUEUE = 'dossier-staged-cleanup';
