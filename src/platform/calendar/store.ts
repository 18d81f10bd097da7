/**
 * Stored schedules and the calendars built from them. Calendars are cached per office-hours
 * shape and rebuilt when a schedule changes here, or after a minute (another process may
 * have changed one).
 */

import { recordAudit } from '../audit/index.ts';
import type { Executor } from '../db/index.ts';
import { forgetBetweenTests } from '../process-state.ts';
import { createCalendar } from './create-calendar.ts';
import { DEFAULT_SCHEDULES, NATIONAL_SCOPE, parseSchedules, type YearSchedule } from './schedules.ts';
import { calendarSchedules } from './schema.ts';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from './working-hours.ts';
import type { WorkingCalendar } from './working-time.ts';

const TTL_MS = 60_000;
let cache: { loadedAt: number; schedules: YearSchedule[]; calendars: Map<string, WorkingCalendar> } | undefined;
forgetBetweenTests(() => {
  cache = undefined;
});

/** Seeds the shipped schedules the first time (never overwrites an administrator's edit). */
export async function seedSchedules(db: Executor): Promise<void> {
  for (const s of DEFAULT_SCHEDULES) {
    await db
      .insert(calendarSchedules)
      .values({ scope: s.scope, year: String(s.year), schedule: s, updatedBy: 'seed' })
      .onConflictDoNothing();
  }
}

async function loadSchedules(db: Executor): Promise<YearSchedule[]> {
  const rows = await db.select().from(calendarSchedules);
  if (rows.length === 0) return [...DEFAULT_SCHEDULES];
  return parseSchedules({ schedules: rows.map((r) => r.schedule) });
}

/** The working calendar for a province and an agency's office hours (default hours when null). */
export async function getWorkingCalendar(
  db: Executor,
  options: { provinceCode: string; hours?: WorkingHours | null; now?: number },
): Promise<WorkingCalendar> {
  const now = options.now ?? Date.now();
  if (!cache || now - cache.loadedAt > TTL_MS) {
    cache = { loadedAt: now, schedules: await loadSchedules(db), calendars: new Map() };
  }
  const hours = options.hours ?? DEFAULT_WORKING_HOURS;
  const key = `${options.provinceCode}|${JSON.stringify(hours)}`;
  let calendar = cache.calendars.get(key);
  if (!calendar) {
    calendar = createCalendar({ schedules: cache.schedules, hours, scopes: [NATIONAL_SCOPE, options.provinceCode] });
    cache.calendars.set(key, calendar);
  }
  return calendar;
}

export function listSchedules(db: Executor) {
  return loadSchedules(db);
}

/**
 * Saves one year's schedule (validated). DOMAIN.md §5.1: deadlines already issued do not
 * change silently — this records the edit in the audit log; dossiers keep their due dates.
 */
export async function saveSchedule(
  db: Executor,
  schedule: unknown,
  actor: { id: string; role: string },
): Promise<YearSchedule> {
  const [parsed] = parseSchedules({ schedules: [schedule] });
  if (!parsed) throw new Error('unreachable: parseSchedules returned nothing');
  await db.transaction(async (tx) => {
    await tx
      .insert(calendarSchedules)
      .values({
        scope: parsed.scope,
        year: String(parsed.year),
        schedule: parsed,
        updatedBy: actor.id,
        updatedAt: new Date(),
      })
      .onConflictDoUpdate({
        target: [calendarSchedules.scope, calendarSchedules.year],
        set: { schedule: parsed, updatedBy: actor.id, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      provinceCode: parsed.scope === NATIONAL_SCOPE ? '00' : parsed.scope,
      stream: `calendar:${parsed.scope}:${parsed.year}`,
      action: 'save_schedule',
      actorId: actor.id,
      actorRole: actor.role,
      data: parsed,
    });
  });
  cache = undefined;
  return parsed;
}
