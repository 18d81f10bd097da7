import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { catalogExportCommand, catalogImportCommand } from './cli.ts';
import { type CatalogTestDb, catalogTestDb, sampleFiles, writeCatalogDir } from './testing.ts';

let c: CatalogTestDb;
before(async () => {
  c = await catalogTestDb();
});
after(() => c.t.close());

/** Runs fn with console output silenced, returning what it printed. */
async function quietly(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  console.log = console.warn = console.error = (...args: unknown[]) => void lines.push(args.join(' '));
  try {
    return { code: await fn(), out: lines.join('\n') };
  } finally {
    Object.assign(console, saved);
  }
}

test('mocua catalog import DIR, then export DIR writes one file per field', async () => {
  const source = writeCatalogDir(sampleFiles());
  const imported = await quietly(() => catalogImportCommand(c.t, [source, '--province', '08']));
  assert.equal(imported.code, 0);
  assert.match(imported.out, /5 thủ tục \(5 mới, 0 cập nhật, 0 không đổi\)/);

  const target = path.join(mkdtempSync(path.join(tmpdir(), 'mocua-export-')), 'out');
  const exported = await quietly(() => catalogExportCommand(c.t, ['--dir', target, '--province', '08']));
  assert.equal(exported.code, 0);
  assert.deepEqual(readdirSync(target).sort(), ['dat-dai.json', 'ho-tich.json']);
  const hoTich: unknown = JSON.parse(readFileSync(path.join(target, 'ho-tich.json'), 'utf8'));
  assert.ok(
    typeof hoTich === 'object' && hoTich !== null && 'procedures' in hoTich && Array.isArray(hoTich.procedures),
  );
  assert.equal(hoTich.procedures.length, 4);
});

test('a wrong option exits 2 with the usage; a wrong folder exits 1 naming it', async () => {
  const wrongOption = await quietly(() => catalogImportCommand(c.t, ['--bogus']));
  assert.equal(wrongOption.code, 2);
  assert.match(wrongOption.out, /Cách dùng: mocua catalog import\|export/);
  const wrongDir = await quietly(() => catalogImportCommand(c.t, ['/khong/co/thu-muc', '--province', '08']));
  assert.equal(wrongDir.code, 1);
  assert.match(wrongDir.out, /\/khong\/co\/thu-muc/);
});
