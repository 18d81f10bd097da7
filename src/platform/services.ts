/**
 * The providers every part of the application shares, built once from the configuration by the
 * composition root (src/services.ts) and handed to the modules (`app.deps.services` for routes
 * and pages, an argument for jobs and commands). A module never builds a provider itself.
 */
import type { Config } from './config.ts';
import { ConfigError, publicUrlOf } from './config.ts';
import type { Executor } from './db/index.ts';
import type { SignatureAppearance, Signer } from './pdf/index.ts';
import { type BlobStore, localBlobStore } from './storage/index.ts';
import { s3BlobStore } from './storage/s3.ts';

/** What a signature on a document says, and who asked for it (audited with the key and the hashes). */
export interface DocumentSignOptions {
  reason: string;
  at: Date;
  /** Who asked for the signature; the system when absent. */
  actorId?: string | null;
  actorRole?: string | null;
  /** Shown on a remote signer's phone. */
  description?: string;
  /** The visible signature or seal (Decree 30/2020 Annex I); invisible without it. */
  appearance?: SignatureAppearance;
  /**
   * `seal` of an attachment in a separate file: the number and notation of the document it
   * belongs to. The agency's signature is then text only, top right of the first page, without
   * the seal image (Decree 30/2020 Annex I §II.8b); the appearance is made from it.
   */
  attachmentOf?: string;
}

/** Who signs what the province issues: the one way a module has a document signed. */
export interface Signing {
  /** The province's signer (its people's committee), for the audit checkpoints; undefined without a key. */
  province(db: Executor): Promise<Signer | undefined>;
  /**
   * The agency's seal signature (Decree 30/2020: the clerk's, last) with the agency's active key;
   * `SIGNING_NO_KEY` when none is installed.
   */
  seal(db: Executor, agencyId: string, pdf: Uint8Array, options: DocumentSignOptions): Promise<Uint8Array>;
  /**
   * An official's own signature (the leader's, before the seal) with their active key: a PKCS#12,
   * a token, or a remote-signing account, in which case it returns once they confirm on the phone
   * (`SIGNING_REMOTE_REFUSED`, `SIGNING_REMOTE_EXPIRED` otherwise).
   */
  personal(
    db: Executor,
    official: { accountId: string; agencyId: string },
    pdf: Uint8Array,
    options: DocumentSignOptions,
  ): Promise<Uint8Array>;
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

/**
 * The blob store the configuration names (BLOB_STORE), or the one asked for: `mocua blobs migrate
 * --to s3` builds both while BLOB_STORE still says local.
 */
export function blobStoreOf(config: Config, kind: Config['blobStore'] = config.blobStore): BlobStore {
  if (kind === 'local') return localBlobStore(config.blobDir);
  if (!config.s3Bucket) throw new ConfigError('S3_BUCKET', 'must be set to use the S3 blob store');
  return s3BlobStore({
    endpoint: config.s3Endpoint,
    region: config.s3Region,
    bucket: config.s3Bucket,
    prefix: config.s3Prefix,
    forcePathStyle: config.s3ForcePathStyle,
    sse: config.s3Sse === 'none' ? undefined : config.s3Sse,
    sseKmsKeyId: config.s3SseKmsKeyId,
    credentials:
      config.s3AccessKeyId && config.s3SecretAccessKey
        ? { accessKeyId: config.s3AccessKeyId, secretAccessKey: config.s3SecretAccessKey }
        : undefined,
  });
}

/** The platform's providers from the configuration; the composition root adds what modules own (`signing`). */
export function platformServices(config: Config, extra: { signing?: Signing } = {}): Services {
  return {
    blobs: blobStoreOf(config),
    publicUrl: publicUrlOf(config),
    now: () => new Date(),
    ...extra,
  };
}
