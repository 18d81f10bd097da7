/**
 * The blobs of a backup: a manifest of every key with its size (a key is the sha256 of the
 * bytes), and, when the store is a local folder, a copy laid out as a local store of its own.
 * For an S3 store the bucket's versioning and replication are the blob backup: the manifest
 * records what the database's dump may refer to, and a restore checks the bucket holds it all.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BlobCorruptError, type BlobStore, localBlobStore, sha256 } from '../platform/storage/index.ts';

interface ManifestEntry {
  key: string;
  size: number;
}

const MANIFEST_FILE = 'blobs.manifest';
const COPY_DIR = 'blobs';

/** One line per blob, `<sha256> <size>`, sorted by key. */
function formatManifest(entries: ManifestEntry[]): string {
  return entries.map((e) => `${e.key} ${e.size}\n`).join('');
}

function parseManifest(text: string): ManifestEntry[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [key, size] = line.split(' ');
      if (!key || !/^[0-9a-f]{64}$/.test(key) || !/^\d+$/.test(size ?? ''))
        throw new Error(`bad manifest line: ${line}`);
      return { key, size: Number(size) };
    });
}

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

interface BlobsBackup {
  entries: ManifestEntry[];
  bytes: number;
  manifestSha256: string;
  /** Blobs whose bytes no longer hash to their key in the store: the backup is not whole. */
  problems: string[];
}

/** Writes the manifest into `dir` and, with `copy`, every blob under `dir/blobs`. */
export async function backupBlobs(store: BlobStore, dir: string, { copy }: { copy: boolean }): Promise<BlobsBackup> {
  const keys: string[] = [];
  for await (const key of store.list()) keys.push(key);
  keys.sort();
  const target = copy ? localBlobStore(path.join(dir, COPY_DIR)) : undefined;
  const entries: ManifestEntry[] = [];
  const problems: string[] = [];
  let total = 0;
  for (const key of keys) {
    const bytes = await store.get(key).catch((err: unknown) => {
      if (err instanceof BlobCorruptError) return 'corrupt' as const;
      throw err;
    });
    if (!bytes) {
      problems.push(`blob ${key}: listed but not readable`);
      continue;
    }
    if (bytes === 'corrupt' || sha256(bytes) !== key) {
      problems.push(`blob ${key}: its bytes in the store no longer match the key`);
      continue;
    }
    await target?.put(bytes);
    entries.push({ key, size: bytes.byteLength });
    total += bytes.byteLength;
  }
  const manifest = formatManifest(entries);
  await writeFile(path.join(dir, MANIFEST_FILE), manifest);
  return { entries, bytes: total, manifestSha256: sha256Hex(manifest), problems };
}

/** The manifest of a backup, checked against the hash that backup.json recorded. */
export async function readManifest(dir: string, expectedSha256: string): Promise<ManifestEntry[]> {
  const text = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  if (sha256Hex(text) !== expectedSha256) throw new Error(`${MANIFEST_FILE} does not match the hash in backup.json`);
  return parseManifest(text);
}

/**
 * Copies every blob of the manifest into `store` (when the backup holds them) and reads each
 * back to compare it byte for byte; otherwise checks that `store` holds every key. Returns
 * one line per blob that is missing or differs.
 */
export async function restoreBlobs(
  dir: string,
  entries: ManifestEntry[],
  store: BlobStore,
  { copied }: { copied: boolean },
): Promise<{ restored: number; problems: string[] }> {
  const problems: string[] = [];
  let restored = 0;
  const backup = localBlobStore(path.join(dir, COPY_DIR));
  for (const { key, size } of entries) {
    if (!copied) {
      if (await store.has(key)) restored++;
      else problems.push(`blob ${key}: missing in the blob store`);
      continue;
    }
    // The folder store checks every read against its key: a damaged copy is refused, not returned.
    const bytes = await backup.get(key).catch((err: unknown) => {
      if (err instanceof BlobCorruptError) return 'corrupt' as const;
      throw err;
    });
    if (bytes === 'corrupt') {
      problems.push(`blob ${key}: corrupted in the backup (its bytes do not match the manifest)`);
      continue;
    }
    if (!bytes) {
      problems.push(`blob ${key}: missing in the backup`);
      continue;
    }
    if (bytes.byteLength !== size || sha256(bytes) !== key) {
      problems.push(`blob ${key}: corrupted in the backup (its bytes do not match the manifest)`);
      continue;
    }
    await store.put(bytes);
    const back = await store.get(key);
    if (!back || !Buffer.from(back).equals(Buffer.from(bytes))) {
      problems.push(`blob ${key}: reads back different from the backup`);
      continue;
    }
    restored++;
  }
  return { restored, problems };
}
