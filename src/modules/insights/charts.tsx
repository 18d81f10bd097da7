/**
 * Charts drawn on the server as inline SVG: readable without JavaScript, printable, a few
 * hundred bytes each. Every chart has a title and a description for screen readers, every
 * mark carries its value (`data-value`) and a visible label, and the page shows the same
 * figures in a table beside it. Colours pass WCAG contrast against white.
 */
import type { ComponentChildren } from 'preact';

const fmt = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
export const COLOURS = {
  early: '#00703c',
  onTime: '#1d70b8',
  late: '#d4351c',
  withinTime: '#5694ca',
  overdue: '#942514',
  bar: '#1d70b8',
  line: '#1d70b8',
  axis: '#505a5f',
} as const;

function Svg({
  id,
  title,
  desc,
  width,
  height,
  interactive = false,
  children,
}: {
  id: string;
  title: string;
  desc: string;
  width: number;
  height: number;
  /** Marks link to the figures behind them: a group of links, not one image (axe: nested-interactive). */
  interactive?: boolean;
  children: ComponentChildren;
}) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role={interactive ? 'group' : 'img'}
      aria-labelledby={`${id}-t ${id}-d`}
      class="chart"
      font-family="sans-serif"
      font-size="12"
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {children}
    </svg>
  );
}

export interface Bar {
  label: string;
  value: number | null;
  /** Where a click on the bar leads (the figures behind it). */
  href?: string;
}

/** Horizontal bars, one per row; `max` fixes the scale (100 for percentages). */
export function BarChart({
  id,
  title,
  bars,
  max,
  unit = '',
}: {
  id: string;
  title: string;
  bars: Bar[];
  max?: number;
  unit?: string;
}) {
  const width = 640;
  const labelW = 230;
  const rowH = 26;
  const height = Math.max(1, bars.length) * rowH + 8;
  const top = max ?? Math.max(1, ...bars.map((b) => b.value ?? 0));
  const plotW = width - labelW - 70;
  const desc = bars
    .map((b) => `${b.label}: ${b.value === null ? 'không có dữ liệu' : `${fmt(b.value)}${unit}`}`)
    .join('; ');
  return (
    <Svg id={id} title={title} desc={desc} width={width} height={height} interactive={bars.some((b) => b.href)}>
      {bars.map((b, i) => {
        const y = 4 + i * rowH;
        const w = b.value === null ? 0 : Math.max(1, (b.value / top) * plotW);
        const label = b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label;
        const rect = (
          <rect
            x={labelW}
            y={y + 3}
            width={w.toFixed(1)}
            height={rowH - 8}
            fill={COLOURS.bar}
            data-value={b.value ?? ''}
          />
        );
        return (
          <g key={b.label}>
            <text x={labelW - 6} y={y + rowH / 2 + 4} text-anchor="end" fill="#0b0c0c">
              {label}
            </text>
            {b.href ? (
              <a href={b.href} aria-label={`${b.label}: ${b.value === null ? 'N/A' : `${fmt(b.value)}${unit}`}`}>
                {rect}
              </a>
            ) : (
              rect
            )}
            <text x={labelW + w + 6} y={y + rowH / 2 + 4} fill="#0b0c0c">
              {b.value === null ? 'N/A' : `${fmt(b.value)}${unit}`}
            </text>
          </g>
        );
      })}
    </Svg>
  );
}

export interface Segment {
  key: string;
  label: string;
  value: number;
  colour: string;
  href?: string;
}

/** One horizontal bar split into segments (handled early / on time / late; in progress in time / overdue). */
export function StackedBar({ id, title, segments }: { id: string; title: string; segments: Segment[] }) {
  const width = 640;
  const total = segments.reduce((s, x) => s + x.value, 0);
  const desc = segments.map((s) => `${s.label}: ${fmt(s.value)}`).join('; ');
  let x = 0;
  return (
    <Svg id={id} title={title} desc={desc} width={width} height={64} interactive={segments.some((s) => s.href)}>
      {segments.map((s) => {
        const w = total === 0 ? 0 : (s.value / total) * width;
        const rect = (
          <rect x={x.toFixed(1)} y={0} width={w.toFixed(1)} height={28} fill={s.colour} data-value={s.value} />
        );
        x += w;
        return (
          <g key={s.key}>
            {s.href ? (
              <a href={s.href} aria-label={`${s.label}: ${fmt(s.value)}`}>
                {rect}
              </a>
            ) : (
              rect
            )}
          </g>
        );
      })}
      {segments.map((s, i) => (
        <g key={`l-${s.key}`}>
          <rect x={i * 160} y={40} width={12} height={12} fill={s.colour} />
          <text x={i * 160 + 16} y={50} fill="#0b0c0c">
            {s.label}: {fmt(s.value)}
          </text>
        </g>
      ))}
    </Svg>
  );
}

export interface Point {
  label: string;
  value: number | null;
}

/** A line over periods (the on-time rate by month); missing values break the line. */
export function LineChart({
  id,
  title,
  points,
  max = 100,
  unit = '%',
}: {
  id: string;
  title: string;
  points: Point[];
  max?: number;
  unit?: string;
}) {
  const width = 640;
  const height = 200;
  const left = 40;
  const bottom = 170;
  const top = 16;
  const step = points.length > 1 ? (width - left - 30) / (points.length - 1) : 0;
  const xy = (i: number, v: number) => [left + i * step, bottom - (v / max) * (bottom - top)] as const;
  const desc = points
    .map((p) => `${p.label}: ${p.value === null ? 'không có dữ liệu' : `${fmt(p.value)}${unit}`}`)
    .join('; ');
  const path = points
    .map((p, i) => (p.value === null ? null : xy(i, p.value)))
    .reduce<string>((d, pt, i, all) => {
      if (!pt) return d;
      const move = i === 0 || all[i - 1] === null;
      return `${d}${move ? 'M' : 'L'}${pt[0].toFixed(1)},${pt[1].toFixed(1)} `;
    }, '');
  return (
    <Svg id={id} title={title} desc={desc} width={width} height={height}>
      <line x1={left} y1={bottom} x2={width - 10} y2={bottom} stroke={COLOURS.axis} />
      <line x1={left} y1={top} x2={left} y2={bottom} stroke={COLOURS.axis} />
      <text x={left - 4} y={top + 4} text-anchor="end" fill="#0b0c0c">
        {fmt(max)}
      </text>
      <text x={left - 4} y={bottom} text-anchor="end" fill="#0b0c0c">
        0
      </text>
      {path ? <path d={path.trim()} fill="none" stroke={COLOURS.line} stroke-width="2" /> : null}
      {points.map((p, i) => {
        const [x, y] = xy(i, p.value ?? 0);
        return (
          <g key={p.label}>
            {p.value === null ? null : (
              <circle cx={x.toFixed(1)} cy={y.toFixed(1)} r="4" fill={COLOURS.line} data-value={p.value} />
            )}
            {p.value === null ? null : (
              <text x={x.toFixed(1)} y={(y - 8).toFixed(1)} text-anchor="middle" fill="#0b0c0c">
                {fmt(p.value)}
              </text>
            )}
            <text x={x.toFixed(1)} y={bottom + 18} text-anchor="middle" fill="#0b0c0c">
              {p.label}
            </text>
          </g>
        );
      })}
    </Svg>
  );
}
