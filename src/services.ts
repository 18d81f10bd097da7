/**
 * Composition root of the providers: builds the shared services once from the configuration
 * (platform/services.ts) with what modules own (the province's signer lives with the signing
 * keys, modules/dossiers). src/app.ts hands them to routes and pages, src/jobs.ts and the CLI to
 * background work. Swapping a provider (an S3 blob store, a signing service) happens here only.
 */
import { keySigning, provinceSigner, useSigning } from './modules/dossiers/index.ts';
import type { Config } from './platform/config.ts';
import { createSigning } from './platform/pdf/index.ts';
import { platformServices, type Services } from './platform/services.ts';

export function buildServices(config: Config): Services {
  // Signers by configuration (pkcs12 sealed / pkcs11 / SmartCA), sealing secret, TSA, PAdES level
  // and trust anchors (docs/signatures.md); the keys' owners sign through modules/dossiers.
  const pdfSigning = createSigning(config);
  useSigning(pdfSigning);
  // The province's key (its people's committee's seal) signs the audit checkpoints. None is
  // minted: without one, checkpoints are written unsigned and the job says so. The agencies'
  // seals and the officials' own signatures go through the same services (`seal`, `personal`).
  return platformServices(config, {
    signing: { province: (db) => provinceSigner(db, config.provinceCode), ...keySigning(() => pdfSigning) },
  });
}
