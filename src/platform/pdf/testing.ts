/**
 * Runs poppler's command-line tools (pdftotext, pdfsig) on PDF bytes. Tests use them as an
 * independent reader: what they extract and accept is what citizens' PDF viewers will.
 * A missing tool is an error that says how to install it, never a silent skip.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function requireTool(tool: 'pdftotext' | 'pdfsig' | 'pdfinfo' | 'pdfimages'): string {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === '') {
    throw new Error(`${tool} is not installed: run "apt-get install -y poppler-utils" (Debian/Ubuntu).`);
  }
  return path;
}

function withTempFile<T>(bytes: Uint8Array, run: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'mocua-pdf-'));
  const path = join(dir, 'document.pdf');
  try {
    writeFileSync(path, bytes);
    return run(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text of the PDF as poppler extracts it, NFC-normalised (extractors may emit decomposed marks). */
export function pdfToText(bytes: Uint8Array, options: { layout?: boolean } = {}): string {
  const tool = requireTool('pdftotext');
  const args = ['-enc', 'UTF-8', ...(options.layout ? ['-layout'] : [])];
  return withTempFile(bytes, (path) => execFileSync(tool, [...args, path, '-'], { encoding: 'utf8' })).normalize('NFC');
}

/** The text of one page's region (points from the top left corner, at 72 dpi), as pdftotext crops it. */
export function pdfToTextIn(
  bytes: Uint8Array,
  region: { page: number; x: number; y: number; width: number; height: number },
): string {
  const tool = requireTool('pdftotext');
  const { page, x, y, width, height } = region;
  const args = ['-enc', 'UTF-8', '-f', `${page}`, '-l', `${page}`, '-r', '72'];
  const crop = ['-x', `${x}`, '-y', `${y}`, '-W', `${width}`, '-H', `${height}`];
  return withTempFile(bytes, (path) =>
    execFileSync(tool, [...args, ...crop, path, '-'], { encoding: 'utf8' }),
  ).normalize('NFC');
}

/** pdfsig's report (stdout + stderr; pdfsig exits non-zero for invalid signatures). */
export function pdfSig(bytes: Uint8Array): string {
  const tool = requireTool('pdfsig');
  return withTempFile(bytes, (path) => {
    const result = spawnSync(tool, [path], { encoding: 'utf8' });
    return `${result.stdout}${result.stderr}`.normalize('NFC');
  });
}

/** The images `pdfimages -list` finds: their type (image, smask…) and size in pixels. */
export function pdfImagesList(bytes: Uint8Array): Array<{ page: number; type: string; width: number; height: number }> {
  const tool = requireTool('pdfimages');
  const out = withTempFile(bytes, (path) => execFileSync(tool, ['-list', path], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/u))
    .filter((cols) => cols.length > 4)
    .map((cols) => ({
      page: Number(cols[0]),
      type: cols[2] ?? '',
      width: Number(cols[3]),
      height: Number(cols[4]),
    }));
}

/** Fails unless the PDF is one A4 page (595 × 842 pt) as `pdfinfo` reports it. */
export function assertOneA4Page(bytes: Uint8Array): void {
  const tool = requireTool('pdfinfo');
  const info = withTempFile(bytes, (path) => execFileSync(tool, [path], { encoding: 'utf8' }));
  assert.match(info, /^Pages:\s+1$/mu, info);
  assert.match(info, /^Page size:\s+595(\.\d+)? x 841\.\d+ pts \(A4\)$/mu, info);
}
