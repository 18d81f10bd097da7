/**
 * The providers every part of the application shares, built once from the configuration by the
 * composition root (src/services.ts) and handed to the modules (`app.deps.services` for routes
 * and pages, an argument for jobs and commands). A module never builds a provider itself.
 */
import type { Config } from './config.ts';
import { publicUrlOf } from './config.ts';
import type { Executor } from './db/index.ts';
import type { Signer } from './pdf/index.ts';
import { type BlobStore, localBlobStore } from './storage/index.ts';

/** Who signs what the province issues. */
export interface Signing {
  /** The province's signer (its people's committee), for the audit checkpoints; undefined without a key. */
  province(db: Executor): Promise<Signer | undefined>;
}

export interface Services {
  /** Where papers, slips and results live. */
  blobs: BlobStore;
  /** The base of links in QR codes, messages and notices (`publicUrlOf`). */
  publicUrl: string;
  /** The time of day, for code that takes "now" from its caller. */
  now(): Date;
  /** Absent in tests that sign nothing. */
  signing?: Signing;
}

/** The platform's providers from the configuration; the composition root adds what modules own (`signing`). */
export function platformServices(config: Config, extra: { signing?: Signing } = {}): Services {
  return {
    blobs: localBlobStore(config.blobDir),
    publicUrl: publicUrlOf(config),
    now: () => new Date(),
    ...extra,
  };
}
