/**
 * A QR code drawn as inline SVG (no image request, no script; allowed by the CSP since it
 * carries no style attribute). Citizens scan it to open the public tracking page.
 */
import { darkRuns, encodeQr } from '../../platform/pdf/qr.ts';

export function QrCode({ text, label, size = 160 }: { text: string; label: string; size?: number }) {
  const qr = encodeQr(text);
  const quiet = 4;
  const side = qr.size + 2 * quiet;
  const path = darkRuns(qr)
    .map(({ row, start, length }) => `M${start + quiet} ${row + quiet}h${length}v1h${-length}z`)
    .join('');
  return (
    <svg class="qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${side} ${side}`}>
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
