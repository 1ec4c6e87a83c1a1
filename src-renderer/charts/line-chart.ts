// The line chart: the SQL pane's "Chart" toggle for results with an x column (time, number or category).
import * as d3 from 'd3';
import type { Palette } from './palette.ts';
import { clean, compact, destroyer, drawXTicks, drawYAxis, emptyText, fmtInt, onActivate, prepare, r1, textWidth, timeTicks, truncate } from './axis-util.ts';

export interface LinePoint { x: string | number | Date; y: number }

export interface LineChartOptions {
  width: number;
  /** Default 220. */
  height?: number;
  palette: Palette;
  /** Line colour; default the palette's accent. */
  color?: string;
  /** Names of the two columns, for aria labels and tooltips. */
  xLabel?: string;
  yLabel?: string;
  onPointClick?(point: LinePoint, ev: Event): void;
}

export type XKind = 'time' | 'number' | 'category';

// ISO dates as DuckDB and JSON write them: a date, optionally a time, optionally a zone.
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Parses an ISO date; times without a zone are taken as UTC (DuckDB prints timestamps so). */
export function parseTime(x: string | number | Date): Date | null {
  if (x instanceof Date) return Number.isNaN(x.getTime()) ? null : x;
  if (typeof x !== 'string' || !ISO.test(x.trim())) return null;
  let t = x.trim().replace(' ', 'T');
  if (t.length > 10 && !/(Z|[+-]\d{2}(:?\d{2})?)$/.test(t)) t += 'Z';
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Which x scale the data wants: time when every x is a date, number when every x is one, else category. */
export function xKind(data: LinePoint[]): XKind {
  if (data.length && data.every((d) => parseTime(d.x))) return 'time';
  if (data.length && data.every((d) => typeof d.x === 'number' && Number.isFinite(d.x))) return 'number';
  return 'category';
}

const fmtTime = d3.utcFormat('%Y-%m-%d %H:%M:%S');
const fmtY = (v: number) => (Number.isInteger(v) ? fmtInt(v) : d3.format(',.4~r')(v));

export function render(svg: SVGSVGElement, data: LinePoint[], opts: LineChartOptions): { destroy(): void } {
  const { width, palette: p } = opts;
  const height = opts.height ?? 220;
  const color = opts.color ?? p.accent;
  const kind = xKind(data);
  const pts = data.filter((d) => Number.isFinite(d.y)).map((d) => ({
    d, key: kind === 'time' ? parseTime(d.x)!.getTime() : kind === 'number' ? (d.x as number) : clean(String(d.x)),
  }));
  // Time and number lines run left to right; categories keep the query's order (its ORDER BY).
  if (kind !== 'category') pts.sort((a, b) => (a.key as number) - (b.key as number));
  const s = prepare(svg, width, height, p, `Line chart of ${opts.yLabel ?? 'y'} by ${opts.xLabel ?? 'x'}, ${pts.length} points`);
  if (!pts.length) {
    emptyText(s, width, height, p, 'No data');
    return destroyer(svg);
  }

  const [lo, hi] = d3.extent(pts, (q) => q.d.y) as [number, number];
  const y = d3.scaleLinear().domain([Math.min(0, lo), Math.max(0, hi) || 1]).nice();
  const top = 12;
  const bottom = height - 26;
  const left = Math.max(30, (d3.max(y.ticks(5), (t) => textWidth(compact(t), 11)) ?? 0) + 12);
  const right = width - 16;
  y.range([bottom, top]);

  let xs: (q: (typeof pts)[number]) => number;
  let ticks: Array<{ x: number; label: string; major?: boolean }>;
  const count = Math.max(2, Math.floor((right - left) / 90));
  if (kind === 'time') {
    const x = d3.scaleUtc().domain(d3.extent(pts, (q) => new Date(q.key as number)) as [Date, Date]).range([left, right]);
    xs = (q) => x(new Date(q.key as number));
    ticks = timeTicks(x.domain() as [Date, Date], count).map((t) => ({ ...t, x: x(t.at) }));
  } else if (kind === 'number') {
    const x = d3.scaleLinear().domain(d3.extent(pts, (q) => q.key as number) as [number, number]).range([left, right]);
    xs = (q) => x(q.key as number);
    ticks = x.ticks(count).map((t) => ({ x: x(t), label: compact(t) }));
  } else {
    const x = d3.scalePoint<string>().domain([...new Set(pts.map((q) => q.key as string))]).range([left, right]).padding(0.5);
    xs = (q) => x(q.key as string) ?? left;
    // Every k-th category when they do not all fit, each cut to the room it has.
    const every = Math.max(1, Math.ceil(x.domain().length / count));
    const room = x.step() * every - 8;
    ticks = x.domain().filter((_, i) => i % every === 0).map((c) => ({ x: x(c) ?? left, label: truncate(c, room, 11) }));
  }
  const xLabel = (q: (typeof pts)[number]) => (kind === 'time' ? `${fmtTime(new Date(q.key as number))} UTC` : String(q.key));

  const root = s.append('g');
  const axes = root.append('g');
  drawYAxis(axes, y, left, right, p, Math.max(2, Math.floor((bottom - top) / 36)), false);
  axes.append('line').attr('x1', r1(left)).attr('x2', r1(right)).attr('y1', r1(y(0)) + 0.5).attr('y2', r1(y(0)) + 0.5).attr('stroke', p.muted);
  drawXTicks(axes, ticks, bottom + 0.5, p, 0, width);

  // A faint area under the line helps read magnitude; it means nothing between categories.
  if (kind !== 'category') {
    const area = d3.area<(typeof pts)[number]>().x(xs).y0(y(0)).y1((q) => y(q.d.y)).digits(1);
    root.append('path').attr('d', area(pts)).attr('fill', color).attr('fill-opacity', 0.1);
  }
  const line = d3.line<(typeof pts)[number]>().x(xs).y((q) => y(q.d.y)).digits(1);
  root.append('path').attr('d', line(pts)).attr('fill', 'none').attr('stroke', color).attr('stroke-width', 1.8)
    .attr('stroke-linejoin', 'round');

  // Points: focusable, named "x: y"; smaller when there are many, so the line stays readable.
  const rad = pts.length > 120 ? 1.8 : 3;
  const dots = root.append('g');
  const click = opts.onPointClick;
  for (const q of pts) {
    const label = `${xLabel(q)}: ${fmtY(q.d.y)}${opts.yLabel ? ` ${opts.yLabel}` : ''}`;
    const c = dots.append('circle').attr('cx', r1(xs(q))).attr('cy', r1(y(q.d.y))).attr('r', rad)
      .attr('fill', p.bg).attr('stroke', color).attr('stroke-width', 1.5)
      .attr('tabindex', 0).attr('role', click ? 'button' : 'img').attr('aria-label', label);
    c.append('title').text(label);
    c.on('mouseenter.chart focus.chart', () => c.attr('r', rad + 2)).on('mouseleave.chart blur.chart', () => c.attr('r', rad));
    if (click) onActivate(c, (ev) => click(q.d, ev));
  }
  return destroyer(svg);
}
