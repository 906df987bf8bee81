import { useId } from "react";
import { formatDay } from "../dates";
import { dayNumber } from "./days";

export type ChartBand = { min: number; max: number; label: string };
/** One point; label is its hover text ("3 Nov: 18, moderately severe"). */
export type ChartPoint = { date: string; value: number; label: string };
export type ChartSeries = { key: string; name: string; points: ChartPoint[] };

type Marker = "circle" | "square" | "triangle";
/** Series are told apart by colour AND marker AND dash, never by colour alone. */
export const SERIES_STYLES: { className: string; marker: Marker; dash?: string }[] = [
  { className: "chart-series-0", marker: "circle" },
  { className: "chart-series-1", marker: "square", dash: "7 5" },
  { className: "chart-series-2", marker: "triangle", dash: "2 4" },
];

const styleOf = (i: number) => SERIES_STYLES[i % SERIES_STYLES.length];

// The drawing's own units; the SVG scales to its container through the viewBox. Margins leave
// room for the larger labels used on narrow screens (styles.css).
const W = 400;
const H = 220;
const M = { top: 10, right: 10, bottom: 30, left: 34 };
const INSET = 24; // keeps the first and last points (and their date labels) off the edges
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;
const MIN_TICK_GAP_X = 70;
const MIN_TICK_GAP_Y = 18;

// Tints from calm to severe; a chart picks as many as it has bands, spread across the range.
const BAND_TINTS = ["#eaf3ee", "#f2f3e3", "#fbf0da", "#fbe5d8", "#f8dcdc"];

type Props = {
  /** The chart's accessible name. */
  title: string;
  /** A summary in words, read after the name. */
  description: string;
  /** The top of the y axis (the highest possible total). */
  max: number;
  bands?: ChartBand[];
  series: ChartSeries[];
  /** Which way is better, for the band tints (severe bands are warmer). */
  higherIsBetter?: boolean;
};

/**
 * A line chart of totals over time as inline SVG: x is the date (spaced by time), y runs 0 to
 * max, bands are shaded and labelled behind the lines, each point is marked. The SVG is one
 * image to assistive technology, named and described; the numbers themselves belong in a table
 * beside it.
 */
export function LineChart({ title, description, max, bands = [], series, higherIsBetter = false }: Props) {
  const id = useId();
  const top = Math.max(max, 1);
  const days = series.flatMap((s) => s.points.map((p) => dayNumber(p.date))).filter((d) => !Number.isNaN(d));
  const first = days.length ? Math.min(...days) : 0;
  const last = days.length ? Math.max(...days) : 0;

  const x = (date: string) => {
    const d = dayNumber(date);
    if (last === first) return M.left + PLOT_W / 2;
    return M.left + INSET + ((d - first) / (last - first)) * (PLOT_W - 2 * INSET);
  };
  const y = (v: number) => M.top + PLOT_H * (1 - Math.min(Math.max(v, 0), top) / top);

  const sortedBands = [...bands].sort((a, b) => a.min - b.min);
  const tints = bandTints(sortedBands.length, higherIsBetter);

  const lines = series.map((s) =>
    [...s.points]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((p) => ({ x: x(p.date), y: y(p.value) })),
  );
  const yTicks = spaced(valueTicks(top, sortedBands), (t) => -y(t), MIN_TICK_GAP_Y);
  const xTicks = spaced([...new Set(series.flatMap((s) => s.points.map((p) => p.date)))].sort(), x, MIN_TICK_GAP_X);

  return (
    <svg
      className="chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      focusable="false"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>

      <g className="chart-bands">
        {sortedBands.map((b, i) => {
          // Totals are whole numbers: a band covers min−½ to max+½, so a point on a band's
          // lowest score sits inside it, not on its edge.
          const lo = Math.max(b.min - 0.5, 0);
          const hi = Math.min(b.max + 0.5, top);
          const y0 = y(hi);
          const h = y(lo) - y0;
          return (
            <g key={`${b.min}-${b.label}`} className="chart-band" data-band={b.label}>
              <rect x={M.left} y={y0} width={PLOT_W} height={h} fill={tints[i]} />
              {h >= 14 && (
                <BandLabel label={b.label} y={y0 + h / 2} lines={lines} />
              )}
            </g>
          );
        })}
      </g>

      <g className="chart-axis chart-axis-y">
        <line x1={M.left} x2={M.left} y1={M.top} y2={M.top + PLOT_H} />
        {yTicks.map((t) => (
          <g key={t}>
            <line x1={M.left - 4} x2={M.left} y1={y(t)} y2={y(t)} />
            <text x={M.left - 7} y={y(t)} textAnchor="end" dominantBaseline="central">
              {t}
            </text>
          </g>
        ))}
      </g>

      <g className="chart-axis chart-axis-x">
        <line x1={M.left} x2={M.left + PLOT_W} y1={M.top + PLOT_H} y2={M.top + PLOT_H} />
        {xTicks.map((d) => (
          <g key={d}>
            <line x1={x(d)} x2={x(d)} y1={M.top + PLOT_H} y2={M.top + PLOT_H + 4} />
            <text x={x(d)} y={H - 6} textAnchor="middle">
              {formatDay(d)}
            </text>
          </g>
        ))}
      </g>

      {series.map((s, i) => {
        const style = styleOf(i);
        const points = [...s.points].sort((a, b) => a.date.localeCompare(b.date));
        return (
          <g key={s.key} className={`chart-series ${style.className}`} data-series={s.name}>
            {points.length > 1 && (
              <polyline
                className="chart-line"
                points={points.map((p) => `${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ")}
                strokeDasharray={style.dash}
              />
            )}
            {points.map((p, j) => (
              <MarkerShape key={`${p.date}-${j}`} marker={style.marker} cx={x(p.date)} cy={y(p.value)} title={p.label} />
            ))}
          </g>
        );
      })}
    </svg>
  );
}

type XY = { x: number; y: number };

/**
 * A band's name inside it, at the left, or at the right when the lines cross the left spot and
 * leave the right one clearer. Widths are estimated (the font size depends on the screen).
 */
function BandLabel({ label, y, lines }: { label: string; y: number; lines: XY[][] }) {
  const width = label.length * 8 + 6;
  const left = M.left + 6;
  const right = M.left + PLOT_W - 6;
  const onLeft = crossings(lines, left, left + width, y);
  const atRight = onLeft > 0 && crossings(lines, right - width, right, y) < onLeft;
  return (
    <text
      className="chart-band-label"
      x={atRight ? right : left}
      y={y}
      textAnchor={atRight ? "end" : "start"}
      dominantBaseline="central"
    >
      {label}
    </text>
  );
}

/** How many samples of the lines (and their markers) fall in the box x0..x1 around y. */
function crossings(lines: XY[][], x0: number, x1: number, y: number): number {
  const half = 12;
  let hits = 0;
  for (const pts of lines) {
    for (const p of pts) if (p.x >= x0 - 6 && p.x <= x1 + 6 && Math.abs(p.y - y) < half + 5) hits += 3;
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1];
      const b = pts[i];
      for (let sx = Math.max(x0, a.x); sx <= Math.min(x1, b.x); sx += 4) {
        const sy = b.x === a.x ? a.y : a.y + ((sx - a.x) / (b.x - a.x)) * (b.y - a.y);
        if (Math.abs(sy - y) < half) hits++;
      }
    }
  }
  return hits;
}

function MarkerShape({ marker, cx, cy, title }: { marker: Marker; cx: number; cy: number; title?: string }) {
  const hover = title ? <title>{title}</title> : null;
  if (marker === "square") {
    return (
      <rect className="chart-point" x={cx - 4.5} y={cy - 4.5} width={9} height={9}>
        {hover}
      </rect>
    );
  }
  if (marker === "triangle") {
    return (
      <path className="chart-point" d={`M${cx},${cy - 5.5} L${cx + 5.5},${cy + 4.5} L${cx - 5.5},${cy + 4.5} Z`}>
        {hover}
      </path>
    );
  }
  return (
    <circle className="chart-point" cx={cx} cy={cy} r={4.5}>
      {hover}
    </circle>
  );
}

/** The tint of each of n bands (lowest scores first), calm to severe in the worse direction. */
export function bandTints(n: number, higherIsBetter = false): string[] {
  return Array.from({ length: n }, (_, i) => {
    const at = n === 1 ? 0 : Math.round((i * (BAND_TINTS.length - 1)) / (n - 1));
    return BAND_TINTS[higherIsBetter ? BAND_TINTS.length - 1 - at : at];
  });
}

/** A series' look in small, for a legend: a stretch of its line with its marker. */
export function SeriesSwatch({ index }: { index: number }) {
  const style = styleOf(index);
  return (
    <svg className={`chart-swatch ${style.className}`} viewBox="0 0 36 14" aria-hidden="true" focusable="false">
      <line className="chart-line" x1={1} x2={35} y1={7} y2={7} strokeDasharray={style.dash} />
      <MarkerShape marker={style.marker} cx={18} cy={7} />
    </svg>
  );
}

/** Where the y axis is labelled: band starts when there are bands, else even steps; always 0 and max. */
function valueTicks(max: number, bands: ChartBand[]): number[] {
  let ticks: number[];
  if (bands.length > 0) {
    ticks = [0, ...bands.map((b) => b.min), max];
  } else {
    const step = max <= 10 ? 2 : Math.max(5, Math.ceil(max / 4 / 5) * 5);
    ticks = [];
    for (let t = 0; t < max; t += step) if (max - t >= step / 2) ticks.push(t);
    ticks.push(max);
  }
  return [...new Set(ticks.filter((t) => t >= 0 && t <= max))].sort((a, b) => a - b);
}

/**
 * Labels far enough apart to read (at position pos, ascending), from the first. The last is
 * preferred to the one before it when both do not fit.
 */
function spaced<T>(sorted: T[], pos: (t: T) => number, gap: number): T[] {
  const kept: T[] = [];
  for (const t of sorted) {
    const prev = kept[kept.length - 1];
    if (prev === undefined || pos(t) - pos(prev) >= gap) kept.push(t);
  }
  const last = sorted[sorted.length - 1];
  if (last !== undefined && kept[kept.length - 1] !== last && kept.length > 1) kept[kept.length - 1] = last;
  return kept;
}
