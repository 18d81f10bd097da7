/**
 * `mocua blobs migrate --to s3` and `mocua blobs verify`: moving the papers from the local folder
 * (DATA_DIR/blobs) to the S3-compatible store, and checking that every stored blob still hashes
 * to its key. Both walk a store's `list()`; both print counts and the keys of damaged blobs
 * (an operator's report, not a log: a key is a content hash and names no one).
 */
import type { Config } from '../platform/config.ts';
import { blobStoreOf } from '../platform/services.ts';
import { BlobCorruptError, type BlobStore } from '../platform/storage/index.ts';
import type { Command, CommandContext } from './commands.ts';

/** Blobs copied or checked at once: enough to hide the store's latency, few enough for a small VM. */
const PARALLEL = 8;

async function forEachKey(keys: AsyncIterable<string>, fn: (key: string) => Promise<void>): Promise<void> {
  const iterator = keys[Symbol.asyncIterator]();
  const worker = async () => {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) await fn(next.value);
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

interface MigrateCounts {
  copied: number;
  alreadyThere: number;
  /** Local blobs whose bytes do not hash to their key: not copied. */
  corrupt: string[];
  /** Copies that failed or did not read back as written. */
  failed: string[];
}

/**
 * Copies every blob of `from` that `to` lacks, and reads each copy back (the store checks the
 * hash). Idempotent and resumable: a blob already in `to` is skipped (an S3 object is written
 * whole or not at all), so a second run copies only what the first did not.
 */
async function migrateBlobs(from: BlobStore, to: BlobStore): Promise<MigrateCounts> {
  const counts: MigrateCounts = { copied: 0, alreadyThere: 0, corrupt: [], failed: [] };
  await forEachKey(from.list(), async (key) => {
    if (await to.has(key)) {
      counts.alreadyThere++;
      return;
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = await from.get(key);
    } catch (err) {
      if (!(err instanceof BlobCorruptError)) throw err;
      counts.corrupt.push(key);
      return;
    }
    if (!bytes) return; // removed since it was listed
    try {
      const stored = await to.put(bytes);
      const back = await to.get(stored);
      if (stored !== key || !back || back.byteLength !== bytes.byteLength) throw new Error('copy differs');
      counts.copied++;
    } catch {
      counts.failed.push(key);
    }
  });
  return counts;
}

interface VerifyCounts {
  ok: number;
  corrupt: string[];
  /** Listed, then gone when read. */
  missing: string[];
}

/** Reads every blob of the store: each must hash to its key. */
async function verifyBlobs(store: BlobStore): Promise<VerifyCounts> {
  const counts: VerifyCounts = { ok: 0, corrupt: [], missing: [] };
  await forEachKey(store.list(), async (key) => {
    try {
      if (await store.get(key)) counts.ok++;
      else counts.missing.push(key);
    } catch (err) {
      if (!(err instanceof BlobCorruptError)) throw err;
      counts.corrupt.push(key);
    }
  });
  return counts;
}

function where(config: Config, kind: Config['blobStore']): string {
  if (kind === 'local') return config.blobDir;
  return `s3://${config.s3Bucket}/${config.s3Prefix ?? ''}${config.s3Endpoint ? ` (${config.s3Endpoint})` : ''}`;
}

const listKeys = (title: string, keys: string[]) => {
  if (keys.length === 0) return;
  console.error(title);
  for (const key of keys.sort()) console.error(`  ${key}`);
};

const migrate: Command = async ({ config, option }: CommandContext) => {
  if (option('to') !== 's3') {
    console.error('Cách dùng / usage: mocua blobs migrate --to s3');
    return 2;
  }
  if (!config.s3Bucket) {
    console.error('Chưa đặt S3_BUCKET (và S3_ENDPOINT, S3_ACCESS_KEY_ID…) / S3_BUCKET is not set');
    return 78;
  }
  console.log(`Sao chép tệp / copying blobs: ${where(config, 'local')} → ${where(config, 's3')}`);
  const counts = await migrateBlobs(blobStoreOf(config, 'local'), blobStoreOf(config, 's3'));
  console.log(
    `Đã sao chép ${counts.copied}, đã có sẵn ${counts.alreadyThere}, hỏng ${counts.corrupt.length}, lỗi ${counts.failed.length} / ` +
      `copied ${counts.copied}, already there ${counts.alreadyThere}, corrupt ${counts.corrupt.length}, failed ${counts.failed.length}`,
  );
  listKeys('Tệp cục bộ không khớp mã băm, không sao chép / local blobs that do not match their hash:', counts.corrupt);
  listKeys('Sao chép lỗi, chạy lại lệnh / copies that failed, run the command again:', counts.failed);
  if (counts.corrupt.length > 0 || counts.failed.length > 0) return 1;
  if (config.blobStore === 's3') {
    console.log('BLOB_STORE=s3 đã được đặt / is already set: the copy is complete.');
  } else {
    console.log(
      'Xong. Đặt BLOB_STORE=s3 cho mọi tiến trình, khởi động lại, rồi chạy lại lệnh này một lần để chép các tệp tải lên trong lúc chuyển. / ' +
        'Done. Set BLOB_STORE=s3 on every process, restart them, then run this command once more to copy what was uploaded meanwhile.',
    );
  }
  return 0;
};

const verify: Command = async ({ config, option }: CommandContext) => {
  const kind = option('store') ?? config.blobStore;
  if (kind !== 'local' && kind !== 's3') {
    console.error('Cách dùng / usage: mocua blobs verify [--store local|s3]');
    return 2;
  }
  if (kind === 's3' && !config.s3Bucket) {
    console.error('Chưa đặt S3_BUCKET / S3_BUCKET is not set');
    return 78;
  }
  const counts = await verifyBlobs(blobStoreOf(config, kind));
  console.log(
    `${where(config, kind)}: ${counts.ok} tệp khớp, ${counts.corrupt.length} hỏng, ${counts.missing.length} biến mất / ` +
      `${counts.ok} match their hash, ${counts.corrupt.length} corrupt, ${counts.missing.length} vanished while read`,
  );
  listKeys('Tệp không khớp mã băm / blobs that do not match their hash:', counts.corrupt);
  return counts.corrupt.length > 0 ? 1 : 0;
};

export const blobCommands: Record<string, Command> = { 'blobs migrate': migrate, 'blobs verify': verify };
