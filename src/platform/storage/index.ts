/**
 * Blob store for uploads, slips and results. Content-addressed: a blob's key is the sha256
 * of its bytes, so the same scan uploaded twice is stored once and a key proves integrity.
 * The local folder store is the default; an S3-compatible store implements the same interface.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface BlobStore {
  /** Stores bytes and returns their sha256 (hex), the key to read them back. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes, or undefined when no blob has that key. */
  get(key: string): Promise<Uint8Array | undefined>;
  has(key: string): Promise<boolean>;
  /** Every stored key, in no promised order (backups list the store; `mocua backup`). */
  list(): AsyncIterable<string>;
}

const KEY = /^[0-9a-f]{64}$/;

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function localBlobStore(root: string): BlobStore {
  const file = (key: string) => {
    if (!KEY.test(key)) throw new Error(`not a blob key: ${key}`);
    return path.join(root, key.slice(0, 2), key.slice(2, 4), key);
  };
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
      const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, target);
      return key;
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(file(key)));
      } catch {
        return undefined;
      }
    },
    async has(key) {
      try {
        await stat(file(key));
        return true;
      } catch {
        return false;
      }
    },
    async *list() {
      // root/ab/cd/abcd…: a name that is not a key (a `.tmp` left by a crash) is no blob.
      for (const a of await namesIn(root)) {
        for (const b of await namesIn(path.join(root, a))) {
          for (const name of await namesIn(path.join(root, a, b))) {
            if (KEY.test(name) && name.startsWith(a + b)) yield name;
          }
        }
      }
    },
  };
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** An in-memory store for tests. */
export function memoryBlobStore(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    async put(bytes) {
      const key = sha256(bytes);
      blobs.set(key, bytes);
      return key;
    },
    get: async (key) => blobs.get(key),
    has: async (key) => blobs.has(key),
    async *list() {
      yield* blobs.keys();
    },
  };
}
