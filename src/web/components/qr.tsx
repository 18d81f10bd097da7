/**
 * A QR code drawn as inline SVG (no image request, no script; allowed by the CSP since it
 * carries no style attribute). Citizens scan it to open the public tracking page.
 */
import { encodeQr } from '../../platform/pdf/qr.ts';

export function QrCode({ text, label, size = 160 }: { text: string; label: string; size?: number }) {
  const qr = encodeQr(text);
  const quiet = 4;
  const side = qr.size + 2 * quiet;
  const parts: string[] = [];
  for (let row = 0; row < qr.size; row++) {
    let column = 0;
    while (column < qr.size) {
      if (!qr.isDark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < qr.size && qr.isDark(row, column)) column++;
      parts.push(`M${start + quiet} ${row + quiet}h${column - start}v1h${start - column}z`);
    }
  }
  return (
    <svg class="qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${side} ${side}`}>
      <rect width={side} height={side} fill="#fff" />
      <path d={parts.join('')} fill="#000" />
    </svg>
  );
}
