/**
 * `mocua blobs migrate --to s3` and `mocua blobs verify`, end to end: the real command in a child
 * process, the local folder of DATA_DIR on one side, a real S3 protocol server (s3rver) on the other.
 */
// @embedded-only: the commands run on the embedded database (DATABASE_URL ''), whatever the phase,
// so the PostgreSQL phase skips this file (scripts/test.mjs).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, mock, test } from 'node:test';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../platform/config.ts';
import { localBlobStore, sha256 } from '../platform/storage/index.ts';
import { s3BlobStore } from '../platform/storage/s3.ts';
import { startS3Server, type TestS3 } from '../platform/storage/testing.ts';
import { blobCommands } from './blobs.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-cli-blobs-'));
let s3: TestS3;
before(async () => {
  s3 = await startS3Server();
});
after(async () => {
  await s3?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  DATA_DIR: dataDir,
  DATABASE_URL: '',
  BLOB_STORE: 'local',
  S3_ENDPOINT: s3.endpoint,
  S3_BUCKET: s3.bucket,
  S3_PREFIX: 'blobs/',
  S3_FORCE_PATH_STYLE: 'true',
  S3_SSE: 'AES256',
  S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
  S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
  ...extra,
});

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * The command as an operator runs it: `mocua blobs …` in a child process (asynchronous, since the
 * S3 server lives in this one). Loading the whole CLI takes tens of seconds on a loaded machine,
 * so only the first run goes through it; the others call the same command in this process.
 */
async function spawned(args: string[], extra: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'blobs', ...args],
      { env: { ...process.env, ...env(extra) } },
    );
    return { status: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { status: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `mocua blobs <name> [--to X] [--store Y]` in this process, its output captured. */
async function mocua(args: string[], extra: Record<string, string> = {}): Promise<Run> {
  const [name, ...rest] = args;
  const command = blobCommands[`blobs ${name}`];
  assert.ok(command, `no command blobs ${name}`);
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) options.set((rest[i] ?? '').replace(/^--/, ''), rest[i + 1] ?? '');
  const out: string[] = [];
  const err: string[] = [];
  const log = mock.method(console, 'log', (...a: unknown[]) => out.push(a.join(' ')));
  const error = mock.method(console, 'error', (...a: unknown[]) => err.push(a.join(' ')));
  try {
    const status = await command({
      config: loadConfig(env(extra)),
      positionals: [],
      option: (key) => options.get(key),
      flag: () => false,
    });
    return { status, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mock.restore();
    error.mock.restore();
  }
}

test('migrate copies every local blob to S3 once, verifies each, and a re-run copies only what is new', async () => {
  const local = localBlobStore(path.join(dataDir, 'blobs'));
  const remote = s3BlobStore({ ...s3, prefix: 'blobs/', forcePathStyle: true });
  const papers = Array.from({ length: 25 }, (_, i) => new TextEncoder().encode(`Hồ sơ số ${i}: giấy tờ đính kèm`));
  const keys = await Promise.all(papers.map((p) => local.put(p)));

  const first = await spawned(['migrate', '--to', 's3']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /copied 25, already there 0, corrupt 0, failed 0/);
  assert.match(first.stdout, /BLOB_STORE=s3/);
  for (const [i, key] of keys.entries()) assert.deepEqual(await remote.get(key), papers[i]);

  // Uploads that arrived during the switch; then the re-run after them is a no-op.
  const late = await local.put(new TextEncoder().encode('nộp trong lúc chuyển'));
  const second = await mocua(['migrate', '--to', 's3'], { BLOB_STORE: 's3' });
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /copied 1, already there 25,/);
  assert.equal(await remote.has(late), true);
  const third = await mocua(['migrate', '--to', 's3'], { BLOB_STORE: 's3' });
  assert.match(third.stdout, /copied 0, already there 26, corrupt 0, failed 0/);

  const verified = await mocua(['verify', '--store', 's3']);
  assert.equal(verified.status, 0, verified.stderr);
  assert.match(verified.stdout, /26 match their hash, 0 corrupt/);
});

test('a damaged local blob is reported and not copied; verify finds a damaged object in the bucket', async () => {
  const local = localBlobStore(path.join(dataDir, 'blobs'));
  const key = await local.put(new TextEncoder().encode('bản gốc'));
  writeFileSync(path.join(dataDir, 'blobs', key.slice(0, 2), key.slice(2, 4), key), 'bản bị sửa');
  const run = await mocua(['migrate', '--to', 's3']);
  assert.equal(run.status, 1);
  assert.match(run.stdout, /copied 0, already there 26, corrupt 1, failed 0/);
  assert.ok(run.stderr.includes(key));
  const remote = s3BlobStore({ ...s3, prefix: 'blobs/', forcePathStyle: true });
  assert.equal(await remote.has(key), false);

  const localVerify = await mocua(['verify', '--store', 'local']);
  assert.equal(localVerify.status, 1);
  assert.match(localVerify.stdout, /26 match their hash, 1 corrupt/);
  assert.ok(localVerify.stderr.includes(key));

  // An object altered in the bucket: `verify` (the configured store) names it.
  const raw = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: s3.credentials,
    forcePathStyle: true,
  });
  const victim = sha256(new TextEncoder().encode('Hồ sơ số 3: giấy tờ đính kèm'));
  await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `blobs/${victim}`, Body: 'thay thế' }));
  raw.destroy();
  const s3Verify = await mocua(['verify'], { BLOB_STORE: 's3' });
  assert.equal(s3Verify.status, 1);
  assert.match(s3Verify.stdout, /25 match their hash, 1 corrupt/);
  assert.ok(s3Verify.stderr.includes(victim));
});

test('usage: migrate needs --to s3 and a bucket', async () => {
  assert.equal((await mocua(['migrate'])).status, 2);
  assert.equal((await mocua(['migrate', '--to', 'gcs'])).status, 2);
  assert.equal((await mocua(['migrate', '--to', 's3'], { S3_BUCKET: '' })).status, 78);
});
