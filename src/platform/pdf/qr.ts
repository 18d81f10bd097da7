/**
 * QR codes drawn as vector squares, so they stay sharp when printed at the counter and
 * need no image decoder. Citizens scan them to open the public tracking page.
 */
import type { PDFPage } from '@libpdf/core';
import { rgb } from '@libpdf/core';
import QRCode from 'qrcode';

export interface QrModules {
  /** Modules per side, without the quiet zone. */
  size: number;
  isDark(row: number, column: number): boolean;
}

/** Error correction M keeps a tracking URL (≈60 characters) at version 4–5: easy to scan. */
export function encodeQr(text: string): QrModules {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, isDark: (row, column) => modules.get(row, column) === 1 };
}

/** A horizontal run of dark modules: `length` modules from `start` on `row` (no quiet zone counted). */
export interface QrRun {
  row: number;
  start: number;
  length: number;
}

/** The dark modules row by row as runs, so a drawing needs one rectangle per run, not per module. */
export function darkRuns(qr: QrModules): QrRun[] {
  const runs: QrRun[] = [];
  for (let row = 0; row < qr.size; row++) {
    let column = 0;
    while (column < qr.size) {
      if (!qr.isDark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < qr.size && qr.isDark(row, column)) column++;
      runs.push({ row, start, length: column - start });
    }
  }
  return runs;
}

export interface DrawQrOptions {
  /** Left edge in points. */
  x: number;
  /** Bottom edge in points. */
  y: number;
  /** Side of the whole symbol including the 4-module quiet zone, in points. */
  size: number;
}

/** The dark modules as one SVG path in PDF coordinates (y up), one rectangle per horizontal run. */
export function qrPath(text: string, options: DrawQrOptions): string {
  const qr = encodeQr(text);
  const quiet = 4;
  const module = options.size / (qr.size + 2 * quiet);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return darkRuns(qr)
    .map(({ row, start, length }) => {
      const x = round(options.x + (quiet + start) * module);
      const y = round(options.y + options.size - (quiet + row + 1) * module);
      return `M${x} ${y}h${round(length * module)}v${round(module)}h${round(-length * module)}z`;
    })
    .join('');
}

export function drawQrCode(page: PDFPage, text: string, options: DrawQrOptions): void {
  // One path in one content stream; a rectangle per module would add hundreds of objects.
  page.drawSvgPath(qrPath(text, options), { x: 0, y: 0, flipY: false, color: rgb(0, 0, 0) });
}
