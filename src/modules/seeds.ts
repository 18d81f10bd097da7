/**
 * Demo data of every module, in dependency order (directory before catalog before dossiers).
 * Each seed is idempotent and reports the demo accounts it made.
 */
import { seedSchedules } from '../platform/calendar/store.ts';
import type { Executor } from '../platform/db/index.ts';
import { seedCatalog } from './catalog/index.ts';
import { seedDirectory } from './directory/index.ts';
import { seedSigningKeys } from './dossiers/sweep.ts';

export interface DemoAccount {
  login: string;
  role: string;
  agency: string;
}

export interface SeedResult {
  created: boolean;
  accounts?: DemoAccount[];
}

export type Seed = (db: Executor, options: { provinceCode: string }) => Promise<SeedResult>;

export const seeds: Array<{ name: string; run: Seed }> = [
  { name: 'directory', run: seedDirectory },
  { name: 'catalog', run: seedCatalog },
  { name: 'signing-keys', run: seedSigningKeys },
  {
    name: 'calendar',
    run: async (db) => {
      await seedSchedules(db);
      return { created: true };
    },
  },
];
