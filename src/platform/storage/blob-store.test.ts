/**
 * One BlobStore contract, run against the local folder store and against the S3 store talking to
 * a real S3 protocol server (s3rver, started here). Then what is particular to S3: the key prefix,
 * the headers that make the server verify and encrypt, and the store built from the configuration.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigError, loadConfig } from '../config.ts';
import { createTestDb } from '../db/testing.ts';
import { createHttpApp } from '../http/app.ts';
import { safeError } from '../http/log.ts';
import { blobStoreOf } from '../services.ts';
import { BlobCorruptError, type BlobStore, localBlobStore, sha256 } from './index.ts';
import { normalisePrefix, s3BlobStore } from './s3.ts';
import { recordingProxy, startS3Server, type TestS3 } from './testing.ts';

interface Subject {
  store: BlobStore;
  /** Replaces the stored bytes of `key` behind the store's back (a damaged disk, an altered object). */
  tamper(key: string, bytes: Uint8Array): Promise<void>;
}

const text = (s: string) => new TextEncoder().encode(s);

async function keysOf(store: BlobStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list()) keys.push(key);
  return keys.sort();
}

function contract(name: string, fresh: () => Promise<Subject>) {
  describe(`BlobStore contract: ${name}`, () => {
    test('put returns the sha256 of the bytes; get gives them back; has knows them', async () => {
      const { store } = await fresh();
      const bytes = text('Giấy khai sinh — bản sao');
      const key = await store.put(bytes);
      assert.equal(key, sha256(bytes));
      assert.match(key, /^[0-9a-f]{64}$/);
      assert.deepEqual(await store.get(key), bytes);
      assert.equal(await store.has(key), true);
      assert.deepEqual(await keysOf(store), [key]);
    });

    test('a missing key: get is undefined, has is false; a string that is no key is not looked up', async () => {
      const { store } = await fresh();
      const absent = sha256(text('never stored'));
      assert.equal(await store.get(absent), undefined);
      assert.equal(await store.has(absent), false);
      for (const bad of ['../../etc/passwd', 'ABC', `${absent}x`, absent.toUpperCase(), '']) {
        assert.equal(await store.get(bad), undefined);
        assert.equal(await store.has(bad), false);
      }
      assert.deepEqual(await keysOf(store), []);
    });

    test('the same bytes twice are stored once; list yields every key once', async () => {
      const { store } = await fresh();
      const a = await store.put(text('tờ khai'));
      const again = await store.put(text('tờ khai'));
      const b = await store.put(text('chứng minh thư'));
      const empty = await store.put(new Uint8Array(0));
      assert.equal(again, a);
      assert.deepEqual(await keysOf(store), [a, b, empty].sort());
      assert.deepEqual(await store.get(empty), new Uint8Array(0));
    });

    test('a blob whose bytes no longer hash to its key is an error, never served', async () => {
      const { store, tamper } = await fresh();
      const key = await store.put(text('kết quả đã ký'));
      const other = await store.put(text('một tệp khác'));
      await tamper(key, text('kết quả đã sửa'));
      await assert.rejects(store.get(key), (err: unknown) => {
        assert.ok(err instanceof BlobCorruptError);
        assert.equal(err.code, 'BLOB_CORRUPT');
        assert.ok(!err.message.includes(key), 'the message names no key');
        return true;
      });
      // Cut short is caught the same way; the other blob is untouched.
      await tamper(key, text('kết quả'));
      await assert.rejects(store.get(key), BlobCorruptError);
      assert.deepEqual(await store.get(other), text('một tệp khác'));
      assert.equal(await store.has(key), true, 'still listed: `mocua blobs verify` reports it');
    });

    test('a blob of a few megabytes round-trips byte for byte', async () => {
      const { store } = await fresh();
      const big = new Uint8Array(randomBytes(6 * 1024 * 1024 + 7));
      const key = await store.put(big);
      const back = await store.get(key);
      assert.ok(back);
      assert.equal(back.byteLength, big.byteLength);
      assert.equal(Buffer.compare(back, big), 0);
    });

    test('concurrent puts of the same bytes all return the key and leave one readable blob', async () => {
      const { store } = await fresh();
      const bytes = new Uint8Array(randomBytes(256 * 1024));
      const keys = await Promise.all(Array.from({ length: 12 }, () => store.put(bytes)));
      assert.deepEqual(new Set(keys), new Set([sha256(bytes)]));
      assert.deepEqual(await store.get(sha256(bytes)), bytes);
      assert.deepEqual(await keysOf(store), [sha256(bytes)]);
    });
  });
}

// ---- the local folder ------------------------------------------------------------------------

const localRoots: string[] = [];
after(() => {
  for (const root of localRoots) rmSync(root, { recursive: true, force: true });
});

contract('local folder', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mocua-blobs-'));
  localRoots.push(root);
  return {
    store: localBlobStore(root),
    tamper: async (key, bytes) => writeFileSync(path.join(root, key.slice(0, 2), key.slice(2, 4), key), bytes),
  };
});

test('local folder: temporary and stray files are not listed as keys', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mocua-blobs-'));
  localRoots.push(root);
  const store = localBlobStore(root);
  const key = await store.put(text('hồ sơ'));
  const dir = path.join(root, key.slice(0, 2), key.slice(2, 4));
  writeFileSync(path.join(dir, `${key}.123.tmp`), 'half');
  writeFileSync(path.join(root, 'README'), 'x');
  writeFileSync(path.join(dir, sha256(text('elsewhere'))), 'misplaced');
  assert.deepEqual(await keysOf(store), [key]);
});

// ---- S3 (s3rver) -------------------------------------------------------------------------------

let s3: TestS3;
let raw: S3Client;
let bucketNumber = 0;
before(async () => {
  s3 = await startS3Server();
  raw = new S3Client({ endpoint: s3.endpoint, region: s3.region, credentials: s3.credentials, forcePathStyle: true });
});
after(async () => {
  raw?.destroy();
  await s3?.close();
});

/** Each store its own prefix in the one bucket: stores start empty without a server each. */
contract('S3 (s3rver)', async () => {
  const prefix = `contract-${++bucketNumber}/`;
  const store = s3BlobStore({ ...s3, prefix, forcePathStyle: true });
  return {
    store,
    tamper: async (key, bytes) => {
      await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: prefix + key, Body: bytes }));
    },
  };
});

test('S3: keys live under the prefix; objects beside or below it are not listed', async () => {
  const store = s3BlobStore({ ...s3, prefix: 'mocua/blobs', forcePathStyle: true });
  const key = await store.put(text('biên nhận'));
  const put = (Key: string) => raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: 'x' }));
  await put(`mocua/blobs/backups/${sha256(text('a'))}`);
  await put(`mocua/${sha256(text('b'))}`);
  await put('mocua/blobs/notes.txt');
  assert.deepEqual(await keysOf(store), [key]);
  // The object is where the prefix says, under its content hash.
  const plain = s3BlobStore({ ...s3, prefix: 'mocua/blobs/', forcePathStyle: true });
  assert.deepEqual(await plain.get(key), text('biên nhận'));
  assert.equal(normalisePrefix('/a/b'), 'a/b/');
  assert.equal(normalisePrefix(''), '');
});

test('S3: list walks every page of the listing', async () => {
  const store = s3BlobStore({ ...s3, prefix: 'paged/', forcePathStyle: true, listPageSize: 2 });
  const keys = await Promise.all(Array.from({ length: 7 }, (_, i) => store.put(text(`trang ${i}`))));
  assert.deepEqual(await keysOf(store), keys.sort());
});

test('S3: a put carries Content-MD5, the sha256 checksum and the encryption asked for', async () => {
  const proxy = await recordingProxy(s3.endpoint);
  try {
    const via = { ...s3, endpoint: proxy.endpoint, forcePathStyle: true };
    const cases = [
      { sse: undefined, expect: {} },
      { sse: 'AES256' as const, expect: { 'x-amz-server-side-encryption': 'AES256' } },
      {
        sse: 'aws:kms' as const,
        sseKmsKeyId: 'arn:aws:kms:ap-southeast-1:111122223333:key/mocua-blobs',
        expect: {
          'x-amz-server-side-encryption': 'aws:kms',
          'x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:ap-southeast-1:111122223333:key/mocua-blobs',
        },
      },
    ];
    for (const [i, c] of cases.entries()) {
      const store = s3BlobStore({ ...via, prefix: `sse-${i}/`, sse: c.sse, sseKmsKeyId: c.sseKmsKeyId });
      const bytes = text(`quyết định số ${i}`);
      proxy.requests.length = 0;
      const key = await store.put(bytes);
      const puts = proxy.requests.filter((r) => r.method === 'PUT');
      assert.equal(puts.length, 1);
      const headers = puts[0]?.headers ?? {};
      assert.equal(puts[0]?.url.split('?')[0], `/${s3.bucket}/sse-${i}/${key}`, 'path-style address');
      assert.equal(headers['content-md5'], createHash('md5').update(bytes).digest('base64'));
      assert.equal(headers['x-amz-checksum-sha256'], Buffer.from(key, 'hex').toString('base64'));
      for (const [name, value] of Object.entries(c.expect)) assert.equal(headers[name], value, name);
      if (!c.sse) assert.equal(headers['x-amz-server-side-encryption'], undefined);
      // Reads carry no encryption header (SSE-S3 and SSE-KMS decrypt on their own).
      proxy.requests.length = 0;
      assert.deepEqual(await store.get(key), bytes);
      assert.equal(proxy.requests[0]?.headers['x-amz-server-side-encryption'], undefined);
      // A second put of the same bytes is a HEAD only.
      proxy.requests.length = 0;
      await store.put(bytes);
      assert.deepEqual(
        proxy.requests.map((r) => r.method),
        ['HEAD'],
      );
    }
  } finally {
    await proxy.close();
  }
});

test('configuration: BLOB_STORE=s3 builds the S3 store from the S3_* settings', async () => {
  const env = {
    BLOB_STORE: 's3',
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_PREFIX: 'from-config',
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
  };
  const store = blobStoreOf(loadConfig(env));
  const key = await store.put(text('phiếu hẹn'));
  assert.deepEqual(
    await s3BlobStore({ ...s3, prefix: 'from-config/', forcePathStyle: true }).get(key),
    text('phiếu hẹn'),
  );
  const refused = (extra: Record<string, string>, variable: string) =>
    assert.throws(
      () => loadConfig({ ...env, ...extra }),
      (e: unknown) => e instanceof ConfigError && e.variable === variable,
    );
  refused({ S3_BUCKET: '' }, 'S3_BUCKET');
  refused({ S3_BUCKET: 'Not_A_Bucket' }, 'S3_BUCKET');
  refused({ S3_SSE: 'AES256', S3_SSE_KMS_KEY_ID: 'k' }, 'S3_SSE');
  refused({ S3_SSE: 'des' }, 'S3_SSE');
  refused({ S3_SECRET_ACCESS_KEY: '' }, 'S3_SECRET_ACCESS_KEY');
  assert.equal(loadConfig({}).blobStore, 'local');
});

test('a damaged blob read by a route: 500 INTERNAL, logged with its code and without the key or the bytes', async () => {
  const t = await createTestDb();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({
    BLOB_STORE: 's3',
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_PREFIX: 'via-http',
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
  });
  const app = await createHttpApp({ config, database: t, logger: { level: 'info', stream } });
  try {
    const { blobs } = app.deps.services;
    app.get('/test/blob/:key', async (request) => {
      const bytes = await blobs.get((request.params as { key: string }).key);
      return Buffer.from(bytes ?? []).toString('utf8');
    });
    const key = await blobs.put(text('CCCD 001099012345'));
    await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `via-http/${key}`, Body: 'CCCD 001099099999' }));
    const res = await app.inject({ method: 'GET', url: `/test/blob/${key}` });
    assert.equal(res.statusCode, 500);
    assert.equal(res.json().error.code, 'INTERNAL');
    assert.doesNotMatch(res.body, /CCCD/);
    const logged = lines.join('');
    assert.match(logged, /BLOB_CORRUPT/);
    assert.ok(!logged.includes(key.slice(4, 60)), 'no key in the log');
    assert.doesNotMatch(logged, /001099/);
    assert.doesNotMatch(JSON.stringify(safeError(new BlobCorruptError('s3'))), /[0-9a-f]{64}/);
  } finally {
    await app.close();
    await t.close();
  }
});
