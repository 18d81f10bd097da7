/** The state machine's snapshot in the `machine` jsonb column: Dates as ISO strings, revived on read. */
import type { DossierSnapshot } from './states.ts';
import { machineOf, type StoredMachine } from './stored-json.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function snapshotToJson(snapshot: DossierSnapshot): StoredMachine {
  return JSON.parse(JSON.stringify(snapshot)) as StoredMachine;
}

/** JSON as jsonb gives it back, with every ISO date string a Date again. */
export function reviveDates(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json), (_key, value) =>
    typeof value === 'string' && ISO.test(value) ? new Date(value) : value,
  );
}

export function snapshotFromJson(json: StoredMachine): DossierSnapshot {
  return reviveDates(json) as DossierSnapshot;
}

/** A dossier row's snapshot, its stored shape checked first (a bypass of the machine is an error, not a misread). */
export function snapshotOf(row: { id: string; code: string | null; machine: unknown }): DossierSnapshot {
  return snapshotFromJson(machineOf(row));
}
