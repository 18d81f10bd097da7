/** The state machine's snapshot in the `machine` jsonb column: Dates as ISO strings, revived on read. */
import type { DossierSnapshot } from './states.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function snapshotToJson(snapshot: DossierSnapshot): unknown {
  return JSON.parse(JSON.stringify(snapshot));
}

export function snapshotFromJson(json: unknown): DossierSnapshot {
  return JSON.parse(JSON.stringify(json), (_key, value) =>
    typeof value === 'string' && ISO.test(value) ? new Date(value) : value,
  ) as DossierSnapshot;
}
