/**
 * What the connector's use cases need besides the database, built once by the composition root
 * (src/jobs.ts, the routes, the CLI) from the configuration and the shared services.
 */
import type { Config } from '../../platform/config.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { Services } from '../../platform/services.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { AdapterClient } from './adapter-client.ts';

export interface NationalContext {
  provinceCode: string;
  blobs: BlobStore;
  publicUrl: string;
  uploadMaxBytes: number;
  now(): Date;
  /** Absent while the adapter is not configured: nothing is sent, nothing pulled. */
  adapter?: AdapterClient;
  pullService?: string;
  /** Signs the download links of papers and results given to the portal. */
  fileLinkSecret?: string;
}

export function nationalContext(db: Executor, config: Config, services: Services): NationalContext {
  const ctx: NationalContext = {
    provinceCode: config.provinceCode,
    blobs: services.blobs,
    publicUrl: services.publicUrl,
    uploadMaxBytes: config.uploadMaxBytes,
    now: () => services.now(),
    ...(config.nationalPullService ? { pullService: config.nationalPullService } : {}),
    ...(config.nationalFileLinkSecret ? { fileLinkSecret: config.nationalFileLinkSecret } : {}),
  };
  const c = config;
  if (
    c.nationalAdapterUrl &&
    c.nationalAuthPath &&
    c.nationalIntegrationPath &&
    c.nationalUsername &&
    c.nationalPassword &&
    c.nationalAgencyCode
  ) {
    ctx.adapter = new AdapterClient(db, {
      adapterUrl: c.nationalAdapterUrl,
      authPath: c.nationalAuthPath,
      integrationPath: c.nationalIntegrationPath,
      username: c.nationalUsername,
      password: c.nationalPassword,
      agencyCode: c.nationalAgencyCode,
      dstCode: c.nationalDstCode,
    });
  }
  return ctx;
}
