/**
 * Composition root of the providers: builds the shared services once from the configuration
 * (platform/services.ts) with what modules own (the province's signer lives with the signing
 * keys, modules/dossiers). src/app.ts hands them to routes and pages, src/jobs.ts and the CLI to
 * background work. Swapping a provider (an S3 blob store, a signing service) happens here only.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { agencies } from './modules/directory/schema.ts';
import { agencySigningKeys } from './modules/dossiers/schema.ts';
import { signingKeyOf } from './modules/dossiers/signing-keys.ts';
import type { Config } from './platform/config.ts';
import type { Executor } from './platform/db/index.ts';
import { createPkcs12Signer, type Signer } from './platform/pdf/index.ts';
import { platformServices, type Services } from './platform/services.ts';

/**
 * The province's key (its people's committee's certificate) signs the audit checkpoints. None
 * is minted here: without one, checkpoints are written unsigned and the job says so.
 */
async function provinceSigner(db: Executor, provinceCode: string): Promise<Signer | undefined> {
  const [root] = await db
    .select({ id: agencies.id })
    .from(agencies)
    .innerJoin(agencySigningKeys, eq(agencySigningKeys.agencyId, agencies.id))
    .where(
      and(
        eq(agencies.provinceCode, provinceCode),
        eq(agencies.kind, 'people_committee'),
        eq(agencies.level, 'province'),
        isNull(agencies.parentId),
      ),
    )
    .limit(1);
  if (!root) return undefined;
  const key = await signingKeyOf(db, root.id);
  return createPkcs12Signer(key.pkcs12, key.password);
}

export function buildServices(config: Config): Services {
  return platformServices(config, {
    signing: { province: (db) => provinceSigner(db, config.provinceCode) },
  });
}
