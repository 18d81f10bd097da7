/**
 * Composition root of the providers: builds the shared services once from the configuration
 * (platform/services.ts) with what modules own (the province's signer lives with the signing
 * keys, modules/dossiers). src/app.ts hands them to routes and pages, src/jobs.ts and the CLI to
 * background work. Swapping a provider (an S3 blob store, a signing service) happens here only.
 */
import { provinceSigningKey } from './modules/dossiers/index.ts';
import type { Config } from './platform/config.ts';
import type { Executor } from './platform/db/index.ts';
import { createPkcs12Signer, type Signer } from './platform/pdf/index.ts';
import { platformServices, type Services } from './platform/services.ts';

/**
 * The province's key (its people's committee's certificate) signs the audit checkpoints. None
 * is minted here: without one, checkpoints are written unsigned and the job says so.
 */
async function provinceSigner(db: Executor, provinceCode: string): Promise<Signer | undefined> {
  const key = await provinceSigningKey(db, provinceCode);
  if (!key) return undefined;
  return createPkcs12Signer(key.pkcs12, key.password);
}

export function buildServices(config: Config): Services {
  return platformServices(config, {
    signing: { province: (db) => provinceSigner(db, config.provinceCode) },
  });
}
