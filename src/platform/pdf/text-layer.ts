/**
 * The text layer of a PDF, as poppler's `pdftotext` reads it (poppler-utils, the same tool the
 * tests check our PDFs with): used to prefill forms from a scan that carries text (an OCR'd or
 * born-digital file). Bounded: the first pages only, a time limit and an output limit; a file
 * without text, a tool that is missing, fails or runs too long gives undefined, never an error:
 * the person then types the fields.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TextLayerOptions {
  /** Pages read from the start (default 2: a letter's number, date and subject are on page 1). */
  pages?: number;
  timeoutMs?: number;
}

export async function pdfTextLayer(bytes: Uint8Array, options: TextLayerOptions = {}): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'mocua-text-'));
  const file = join(dir, 'scan.pdf');
  try {
    await writeFile(file, bytes);
    const text = await new Promise<string | undefined>((resolve) => {
      execFile(
        'pdftotext',
        ['-enc', 'UTF-8', '-f', '1', '-l', String(options.pages ?? 2), file, '-'],
        { encoding: 'utf8', timeout: options.timeoutMs ?? 10_000, maxBuffer: 1024 * 1024 },
        (error, stdout) => resolve(error ? undefined : stdout),
      );
    });
    const clean = text?.normalize('NFC').replace(/\f/gu, '\n').trim();
    return clean ? clean : undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
