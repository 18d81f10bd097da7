/**
 * Blob store for uploads, slips and results. Content-addressed: a blob's key is the sha256
 * of its bytes, so the same scan uploaded twice is stored once and a key proves integrity.
 * Every store checks that proof on read: bytes that do not hash to their key are never served
 * (`BlobCorruptError`). The local folder store is the default; the S3-compatible store
 * (`s3BlobStore`, s3.ts) implements the same interface; the configuration picks one
 * (`blobStoreOf`, built once by the composition root).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface BlobStore {
  /** Stores bytes and returns their sha256 (hex), the key to read them back. */
  put(bytes: Uint8Array): Promise<string>;
  /**
   * The bytes, or undefined when no blob has that key. Throws `BlobCorruptError` when the
   * stored bytes do not hash to the key.
   */
  get(key: string): Promise<Uint8Array | undefined>;
  has(key: string): Promise<boolean>;
  /** Every key in the store, once each, in no promised order (backups, migration, verification). */
  list(): AsyncIterable<string>;
}

export const BLOB_KEY = /^[0-9a-f]{64}$/;

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * A stored blob whose bytes do not hash to its key: damaged on disk, altered in the bucket, or
 * cut short. Neither the key nor the bytes are in the message (logs never hold values); `mocua
 * blobs verify` lists the damaged keys to the operator.
 */
export class BlobCorruptError extends Error {
  readonly code = 'BLOB_CORRUPT';
  constructor(readonly store: string) {
    super(`a blob in the ${store} store does not match its content hash; it was not served`);
    this.name = 'BlobCorruptError';
  }
}

/** The bytes if they hash to the key; the error otherwise. */
export function checked(store: string, key: string, bytes: Uint8Array): Uint8Array {
  if (sha256(bytes) !== key) throw new BlobCorruptError(store);
  return bytes;
}

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

export function localBlobStore(root: string): BlobStore {
  const file = (key: string) => path.join(root, key.slice(0, 2), key.slice(2, 4), key);
  return {
    async put(bytes) {
      const key = sha256(bytes);
      const target = file(key);
      try {
        await stat(target);
        return key;
      } catch {
        // not stored yet
      }
      await mkdir(path.dirname(target), { recursive: true });
      // Write then rename: a crash never leaves a half-written blob under a valid key.
      const tmp = `${target}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, target);
      return key;
    },
    async get(key) {
      if (!BLOB_KEY.test(key)) return undefined;
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file(key)));
      } catch (err) {
        if (missing(err)) return undefined;
        throw err;
      }
      return checked('local', key, bytes);
    },
    async has(key) {
      if (!BLOB_KEY.test(key)) return false;
      try {
        await stat(file(key));
        return true;
      } catch {
        return false;
      }
    },
    async *list() {
      // root/ab/cd/abcd…: three levels; temporary files (*.tmp) and strays are not keys.
      const names = async (dir: string) => {
        try {
          return (await readdir(dir)).sort();
        } catch (err) {
          if (missing(err)) return [];
          throw err;
        }
      };
      for (const a of await names(root)) {
        if (!/^[0-9a-f]{2}$/.test(a)) continue;
        for (const b of await names(path.join(root, a))) {
          if (!/^[0-9a-f]{2}$/.test(b)) continue;
          for (const key of await names(path.join(root, a, b))) {
            if (BLOB_KEY.test(key) && key.startsWith(a + b)) yield key;
          }
        }
      }
    },
  };
}

/** An in-memory store for tests. */
export function memoryBlobStore(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    async put(bytes) {
      const key = sha256(bytes);
      if (!blobs.has(key)) blobs.set(key, bytes.slice());
      return key;
    },
    get: async (key) => {
      const bytes = blobs.get(key);
      return bytes && checked('memory', key, bytes);
    },
    has: async (key) => blobs.has(key),
    async *list() {
      yield* [...blobs.keys()];
    },
  };
}
