/**
 * The blob store on an S3-compatible object store (AWS S3, MinIO, Garage, Ceph RGW, a
 * province's cloud), through `@aws-sdk/client-s3`. Same contract as the local folder: the key
 * is the sha256 of the bytes, stored as `<prefix><key>` in one bucket.
 *
 * - put: skipped when the object is already there (HEAD); otherwise one PutObject carrying
 *   Content-MD5 (verified by every S3-compatible server) and x-amz-checksum-sha256 — the key
 *   itself — which AWS and MinIO verify as well, so a body damaged on the way is refused by the
 *   server instead of being stored under a key it does not match.
 * - get: the bytes are hashed again and compared with the key; a mismatch is a
 *   `BlobCorruptError`, never served.
 * - server-side encryption by configuration: SSE-S3 (`AES256`) or SSE-KMS (`aws:kms`, with the
 *   key id or the account's default key). Reads need no header for either.
 * - the SDK (some 300 ms of CPU to load) is imported at the first request, so a deployment on
 *   the local folder never loads it.
 * - the SDK computes no checksum of its own (`WHEN_REQUIRED`): the ones above are ours, and the
 *   CRC32 trailers newer SDKs add by default are refused by several S3-compatible servers.
 */
import { createHash } from 'node:crypto';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { BLOB_KEY, type BlobStore, checked, sha256 } from './index.ts';

export interface S3BlobStoreOptions {
  /** The server's address (MinIO, Garage, Ceph); unset: AWS's endpoint for the region. */
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  /** Prepended to every key, e.g. `mocua/blobs/` (a trailing slash is added when missing). */
  prefix?: string | undefined;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (MinIO, Garage, Ceph). */
  forcePathStyle?: boolean | undefined;
  /** Server-side encryption of new objects. */
  sse?: 'AES256' | 'aws:kms' | undefined;
  /** The KMS key of SSE-KMS; unset: the account's default key. */
  sseKmsKeyId?: string | undefined;
  /** Keys per ListObjectsV2 page (1000, the most S3 gives; tests make it small to walk pages). */
  listPageSize?: number | undefined;
  /** Unset: the SDK's default chain (AWS_* variables, shared files, the instance's role). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

/** `mocua/blobs` → `mocua/blobs/`; `/x/` → `x/`; empty stays empty. */
export function normalisePrefix(prefix: string | undefined): string {
  const p = (prefix ?? '').replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

const notFound = (err: unknown) =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

export function s3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const config: S3ClientConfig = {
    region: options.region,
    forcePathStyle: options.forcePathStyle ?? false,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (options.endpoint) config.endpoint = options.endpoint;
  if (options.credentials) config.credentials = options.credentials;
  type Sdk = typeof import('@aws-sdk/client-s3');
  let connection: Promise<{ sdk: Sdk; client: InstanceType<Sdk['S3Client']> }> | undefined;
  const connect = () =>
    (connection ??= import('@aws-sdk/client-s3').then((sdk) => ({ sdk, client: new sdk.S3Client(config) })));
  const Bucket = options.bucket;
  const prefix = normalisePrefix(options.prefix);
  const encryption =
    options.sse === 'aws:kms'
      ? {
          ServerSideEncryption: 'aws:kms' as const,
          ...(options.sseKmsKeyId ? { SSEKMSKeyId: options.sseKmsKeyId } : {}),
        }
      : options.sse === 'AES256'
        ? { ServerSideEncryption: 'AES256' as const }
        : {};

  async function has(key: string): Promise<boolean> {
    if (!BLOB_KEY.test(key)) return false;
    const { sdk, client } = await connect();
    try {
      await client.send(new sdk.HeadObjectCommand({ Bucket, Key: prefix + key }));
      return true;
    } catch (err) {
      if (notFound(err)) return false;
      throw err;
    }
  }

  return {
    has,
    async put(bytes) {
      const key = sha256(bytes);
      if (await has(key)) return key;
      const { sdk, client } = await connect();
      await client.send(
        new sdk.PutObjectCommand({
          Bucket,
          Key: prefix + key,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: 'application/octet-stream',
          ContentMD5: createHash('md5').update(bytes).digest('base64'),
          ChecksumSHA256: Buffer.from(key, 'hex').toString('base64'),
          ...encryption,
        }),
      );
      return key;
    },
    async get(key) {
      if (!BLOB_KEY.test(key)) return undefined;
      const { sdk, client } = await connect();
      let bytes: Uint8Array;
      try {
        const object = await client.send(new sdk.GetObjectCommand({ Bucket, Key: prefix + key }));
        if (!object.Body) return undefined;
        bytes = await object.Body.transformToByteArray();
      } catch (err) {
        if (notFound(err)) return undefined;
        throw err;
      }
      return checked('s3', key, bytes);
    },
    async *list() {
      // Delimiter: objects in deeper "folders" under the prefix (someone else's) are not listed.
      const { sdk, client } = await connect();
      for await (const page of sdk.paginateListObjectsV2(
        { client, pageSize: options.listPageSize ?? 1000 },
        { Bucket, Prefix: prefix, Delimiter: '/' },
      )) {
        for (const object of page.Contents ?? []) {
          const key = object.Key?.slice(prefix.length);
          if (key && BLOB_KEY.test(key)) yield key;
        }
      }
    },
  };
}
