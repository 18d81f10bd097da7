/**
 * An agency's name and stored office hours for the screens that show or count by them on every
 * request (the staff inbox and its page, issue 21): read once a minute per process, not once a
 * request — like the working calendars (platform/calendar/store.ts), which another process may
 * also change. An edit shows within a minute; nothing decided here is stored.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { forgetBetweenTests } from '../../platform/process-state.ts';
import { agencies, type OfficeHours } from './schema.ts';

const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

interface AgencyHeading {
  name: string;
  /** As stored: null means the default hours. */
  officeHours: OfficeHours | null;
}

const cache = new Map<string, { at: number; value: Promise<AgencyHeading | null> }>();
forgetBetweenTests(() => cache.clear());

/** The agency's name and stored office hours, at most a minute old; null for an unknown id. */
export function agencyHeading(db: Executor, agencyId: string, now = Date.now()): Promise<AgencyHeading | null> {
  const hit = cache.get(agencyId);
  if (hit && now - hit.at <= TTL_MS) return hit.value;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const value = db
    .select({ name: agencies.name, officeHours: agencies.officeHours })
    .from(agencies)
    .where(eq(agencies.id, agencyId))
    .then(([row]) => row ?? null);
  cache.set(agencyId, { at: now, value });
  // A failed read is not kept: the next request asks again.
  value.catch(() => cache.delete(agencyId));
  return value;
}
