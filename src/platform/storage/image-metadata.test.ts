import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import { DomainError } from '../errors.ts';
import { cleanImageMetadata, type ImageKind } from './image-metadata.ts';

/**
 * Real files: drawn by Chromium (canvas toDataURL) and tagged by exiftool 12.57 with a camera
 * make and model, serial number, artist, date, orientation 6, GPS 21.8236 N 105.2140 E, an XMP
 * creator and a comment (test/fixtures/images/README.md). Their EXIF is big-endian.
 */
const FIXTURES = path.join(import.meta.dirname, '../../../test/fixtures/images');
const files: Array<[ImageKind, string, string]> = [
  ['jpeg', 'pothole.jpg', 'image/jpeg'],
  ['png', 'pothole.png', 'image/png'],
  ['webp', 'pothole.webp', 'image/webp'],
];
const PERSONAL = ['MoCuaTestCam', 'Phone X1', 'SN123456789', 'Tran Thi Hoa', 'nha so 12', '2026:12:05'];
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const near = (a: number, b: number) => Math.abs(a - b) < 1e-4;

for (const [kind, name, mime] of files) {
  const original = new Uint8Array(readFileSync(path.join(FIXTURES, name)));

  test(`${name}: without consent every metadata block goes but the orientation; the photo stays a ${kind}`, async () => {
    for (const secret of PERSONAL.slice(0, 4)) assert.ok(text(original).includes(secret), `fixture carries ${secret}`);
    const cleaned = cleanImageMetadata(original, kind, { keepLocation: false });
    for (const secret of PERSONAL) assert.ok(!text(cleaned.bytes).includes(secret), `${secret} removed`);
    assert.ok(!text(cleaned.bytes).includes('http://ns.adobe.com/xap'), 'no XMP');
    assert.equal(cleaned.locationKept, false);
    assert.ok(cleaned.location && near(cleaned.location.lat, 21.8236) && near(cleaned.location.lng, 105.214));
    assert.equal((await fileTypeFromBuffer(cleaned.bytes))?.mime, mime);
    assert.ok(cleaned.bytes.length < original.length);
    // Read back: the orientation is there, the position is not.
    const again = cleanImageMetadata(cleaned.bytes, kind, { keepLocation: true });
    assert.equal(again.orientation, 6);
    assert.equal(again.location, undefined);
    assert.deepEqual(again.bytes, cleaned.bytes, 'cleaning a clean photo changes nothing');
  });

  test(`${name}: with consent the GPS position is kept, and nothing else but the orientation`, () => {
    const cleaned = cleanImageMetadata(original, kind, { keepLocation: true });
    assert.equal(cleaned.locationKept, true);
    for (const secret of PERSONAL) assert.ok(!text(cleaned.bytes).includes(secret), `${secret} removed`);
    const again = cleanImageMetadata(cleaned.bytes, kind, { keepLocation: false });
    assert.equal(again.orientation, 6);
    assert.ok(again.location && near(again.location.lat, 21.8236) && near(again.location.lng, 105.214));
  });

  test(`${name}: a truncated or damaged file is refused as an invalid image, not a server fault`, () => {
    for (const broken of [original.subarray(0, 40), original.subarray(0, original.length / 2)]) {
      assert.throws(
        () => cleanImageMetadata(broken, kind, { keepLocation: false }),
        (e: unknown) => e instanceof DomainError && e.code === 'IMAGE_INVALID',
      );
    }
  });
}

test('PNG chunks written afresh carry correct CRCs', () => {
  const png = new Uint8Array(readFileSync(path.join(FIXTURES, 'pothole.png')));
  const cleaned = cleanImageMetadata(png, 'png', { keepLocation: true }).bytes;
  const view = new DataView(cleaned.buffer, cleaned.byteOffset, cleaned.byteLength);
  const types: string[] = [];
  for (let i = 8; i < cleaned.length; ) {
    const length = view.getUint32(i);
    types.push(String.fromCharCode(...cleaned.subarray(i + 4, i + 8)));
    assert.equal(view.getUint32(i + 8 + length), crc32(cleaned.subarray(i + 4, i + 8 + length)));
    i += 12 + length;
  }
  assert.ok(types.indexOf('eXIf') < types.indexOf('IDAT'));
  assert.ok(!types.includes('tEXt') && !types.includes('iTXt') && !types.includes('zTXt'));
});

/** exiftool, where the machine has it, reads what is left (it is how the fixtures were made). */
function exiftool(bytes: Uint8Array, ext: string): string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-exif-'));
  try {
    const file = path.join(dir, `photo.${ext}`);
    writeFileSync(file, bytes);
    return execFileSync('exiftool', ['-a', '-G1', '-s', '-n', file], { encoding: 'utf8' });
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('exiftool (when installed) finds only the orientation, plus the position with consent', (t) => {
  const jpeg = new Uint8Array(readFileSync(path.join(FIXTURES, 'pothole.jpg')));
  const stripped = exiftool(cleanImageMetadata(jpeg, 'jpeg', { keepLocation: false }).bytes, 'jpg');
  if (stripped === undefined) return t.skip('exiftool is not installed here');
  const tags = (out: string) =>
    out
      .split('\n')
      .filter((l) => /^\[(IFD0|ExifIFD|GPS|XMP|IFD1)/.test(l))
      .map((l) => l.split(/\s+/)[1]);
  assert.deepEqual(tags(stripped), ['Orientation']);
  const kept = exiftool(cleanImageMetadata(jpeg, 'jpeg', { keepLocation: true }).bytes, 'jpg') ?? '';
  assert.ok(tags(kept).includes('Orientation') && tags(kept).includes('GPSLatitude'));
  assert.ok(
    !tags(kept).some((tag) => ['Make', 'Model', 'SerialNumber', 'Artist', 'DateTimeOriginal'].includes(tag ?? '')),
  );
  assert.match(kept, /GPSLatitude\s+: 21\.8236/);
});
