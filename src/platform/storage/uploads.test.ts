import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { docxBytes, jpegBytes, pdfBytes, pngBytes } from '../../../test/fixtures/files.ts';
import { DomainError } from '../errors.ts';
import { localBlobStore, sha256 } from './index.ts';
import { checkUpload } from './uploads.ts';

const limit = { maxBytes: 1024 * 1024 };
const refusedWith = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;

test('PDF, JPEG, PNG and DOCX are recognised by their bytes', async () => {
  assert.equal((await checkUpload(await pdfBytes(), limit)).kind, 'pdf');
  assert.equal((await checkUpload(jpegBytes(), limit)).kind, 'jpeg');
  assert.equal((await checkUpload(pngBytes(), limit)).kind, 'png');
  assert.equal((await checkUpload(await docxBytes(), limit)).kind, 'docx');
});

test('a file that lies about its type is refused, whatever its name says', async () => {
  const script = new TextEncoder().encode('<script>alert(1)</script>');
  await assert.rejects(
    checkUpload(script, { ...limit, fileName: 'giay-khai-sinh.pdf' }),
    refusedWith('UPLOAD_TYPE_NOT_ALLOWED'),
  );
  const exe = Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);
  await assert.rejects(checkUpload(exe, { ...limit, fileName: 'anh.jpg' }), refusedWith('UPLOAD_TYPE_NOT_ALLOWED'));
});

test('an empty file is refused with a Vietnamese message', async () => {
  await assert.rejects(checkUpload(new Uint8Array(), limit), (err: unknown) => {
    return err instanceof DomainError && err.code === 'UPLOAD_EMPTY' && /trống/.test(err.message);
  });
});

test('a file over the limit is refused and the message names both sizes', async () => {
  const big = new Uint8Array(3 * 1024 * 1024);
  big.set(await pdfBytes());
  await assert.rejects(checkUpload(big, { maxBytes: 2 * 1024 * 1024, fileName: 'scan.pdf' }), (err: unknown) => {
    return err instanceof DomainError && err.code === 'UPLOAD_TOO_LARGE' && /3 MB.*2 MB/.test(err.message);
  });
});

test('the local blob store keys blobs by sha256 and stores a repeat once', async () => {
  const store = localBlobStore(mkdtempSync(path.join(tmpdir(), 'blobs-')));
  const bytes = await pdfBytes();
  const key = await store.put(bytes);
  assert.equal(key, sha256(bytes));
  assert.equal(await store.put(bytes), key);
  assert.deepEqual(await store.get(key), bytes);
  assert.equal(await store.get('0'.repeat(64)), undefined);
});
