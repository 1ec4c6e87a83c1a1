// The timeline chart: events per time bucket stacked by action, with a brush that picks a time range.
import * as d3 from 'd3';
import type { Timeline } from '../../src-main/shared/visual.ts';
import { actionColor, type Palette } from './palette.ts';
import { compact, destroyer, drawXTicks, drawYAxis, emptyText, fmtInt, prepare, r1, textWidth, timeTicks, zoneName } from './axis-util.ts';

export interface TimeRange { from: string; until: string }

export interface TimelineOptions {
  width: number;
  /** Default 200. */
  height?: number;
  palette: Palette;
  /** Ticks and labels on this clock (minutes east of UTC, e.g. from zoneOffsetMinutes()); default 0. */
  offsetMinutes?: number;
  /** Shown at the axis end; default "UTC" or "UTC+02:00" from offsetMinutes. */
  zoneLabel?: string;
  /** Given: a brush along x picks a range (snapped to buckets); double-click clears it (null). */
  onBrush?(range: TimeRange | null): void;
  /** The current range, drawn as the brush selection (keeps typed from/until fields in sync). */
  selection?: TimeRange | null;
}

/** Stack order, bottom up: what was let through, then what was blocked, then the rest. */
const ORDER = ['ACCEPT', 'DROP', 'REJECT', 'other'];
const KNOWN = new Set(ORDER.slice(0, 3));
const actionKey = (a: string) => (KNOWN.has(a.toUpperCase()) ? a.toUpperCase() : 'other');

/**
 * A pixel range on the time axis as a time range snapped to bucket boundaries (counted from
 * `origin`, ms): edges go to the nearest boundary, at least one bucket is kept, and the result
 * stays inside the scale's domain.
 */
export function brushRange(scale: d3.ScaleTime<number, number>, px: [number, number], bucketSeconds: number, origin = 0): TimeRange {
  const b = bucketSeconds * 1000;
  const [d0, d1] = scale.domain().map((d) => d.getTime());
  const t0 = scale.invert(Math.min(px[0], px[1])).getTime();
  const t1 = scale.invert(Math.max(px[0], px[1])).getTime();
  let from = origin + Math.round((t0 - origin) / b) * b;
  let until = origin + Math.round((t1 - origin) / b) * b;
  if (until <= from) { from = origin + Math.floor((t0 - origin) / b) * b; until = from + b; }
  from = Math.max(from, d0);
  until = Math.min(until, d1);
  return { from: new Date(from).toISOString(), until: new Date(until).toISOString() };
}

export function render(svg: SVGSVGElement, data: Timeline, opts: TimelineOptions): { destroy(): void } {
  const { width, palette: p } = opts;
  const height = opts.height ?? 200;
  const off = opts.offsetMinutes ?? 0;
  const zone = opts.zoneLabel ?? zoneName(off);
  const buckets = [...data.buckets].sort((a, b) => Date.parse(a.t) - Date.parse(b.t));
  const stacks = buckets.map((bk) => {
    const c: Record<string, number> = {};
    for (const [a, n] of Object.entries(bk.counts)) c[actionKey(a)] = (c[actionKey(a)] ?? 0) + n;
    return { t: Date.parse(bk.t), counts: c, total: Object.values(c).reduce((s, n) => s + n, 0) };
  });
  const total = stacks.reduce((s, k) => s + k.total, 0);
  const s = prepare(svg, width, height, p, `Events over time: ${fmtInt(total)} events, bucket ${data.bucketLabel}`);
  if (!stacks.length || total === 0) {
    emptyText(s, width, height, p, 'No events with a time');
    return destroyer(svg);
  }

  const bucketMs = data.bucketSeconds * 1000;
  const maxTotal = d3.max(stacks, (k) => k.total) ?? 1;
  const y = d3.scaleLinear().domain([0, maxTotal]).nice();
  const top = 28;
  const bottom = height - 24;
  const left = Math.max(30, textWidth(compact(y.domain()[1]), 11) + 12);
  const right = width - Math.max(14, textWidth(zone, 11) + 12);
  y.range([bottom, top]);
  const origin = stacks[0].t;
  const x = d3.scaleUtc().domain([new Date(origin), new Date(stacks[stacks.length - 1].t + bucketMs)]).range([left, right]);
  const root = s.append('g');

  // Header: which colour is which action (only those present), and the bucket size.
  const present = ORDER.filter((a) => stacks.some((k) => k.counts[a]));
  let lx = left;
  for (const a of present) {
    root.append('rect').attr('x', r1(lx)).attr('y', 6).attr('width', 10).attr('height', 10).attr('rx', 2).attr('fill', actionColor(p, a));
    root.append('text').attr('x', r1(lx + 14)).attr('y', 15).attr('fill', p.fg).text(a);
    lx += 14 + textWidth(a, 11) + 14;
  }
  // When the header is short of room the total goes first, then the alignment with the plot's
  // edge; the bucket size stays as long as it fits at all (bars cannot be read without it).
  const full = `${fmtInt(total)} events · bucket: ${data.bucketLabel}`;
  const short = `bucket: ${data.bucketLabel}`;
  const places: Array<[string, number]> = [[full, right], [short, right], [short, width - 4]];
  const info = places.find(([t, end]) => lx + textWidth(t, 11) + 12 <= end);
  if (info) root.append('text').attr('x', r1(info[1])).attr('y', 15).attr('text-anchor', 'end').attr('fill', p.muted).text(info[0]);

  const axes = root.append('g');
  drawYAxis(axes, y, left, right, p, Math.max(2, Math.floor((bottom - top) / 36)));

  // Bars. When buckets are thinner than a few pixels, each overlaps the next a little so
  // anti-aliasing leaves no light seams; wider ones get a 1 px gap to read as separate buckets.
  const bars = root.append('g');
  const bw = x(new Date(origin + bucketMs)) - x(new Date(origin));
  const gap = bw >= 4 ? 1 : -0.3;
  for (const k of stacks) {
    const x0 = r1(x(new Date(k.t)));
    const w = r1(Math.max(0.5, bw - gap));
    const g = bars.append('g').attr('data-t', new Date(k.t).toISOString());
    let acc = 0;
    for (const a of ORDER) {
      const n = k.counts[a];
      if (!n) continue;
      const yLo = r1(y(acc));
      const yHi = r1(y(acc + n));
      acc += n;
      g.append('rect').attr('x', x0).attr('y', yHi).attr('width', w).attr('height', r1(yLo - yHi))
        .attr('fill', actionColor(p, a)).attr('data-action', a);
    }
  }

  // The x axis: baseline, ticks on the chosen clock, the zone name at the end.
  axes.append('line').attr('x1', r1(left)).attr('x2', r1(right)).attr('y1', r1(bottom) + 0.5).attr('y2', r1(bottom) + 0.5).attr('stroke', p.muted);
  const ticks = timeTicks(x.domain() as [Date, Date], Math.max(2, Math.floor((right - left) / 90)), off);
  drawXTicks(axes, ticks.map((t) => ({ ...t, x: x(t.at) })), bottom + 0.5, p, 0, right + 4);
  axes.append('text').attr('x', r1(right + 6)).attr('y', r1(bottom + 15.5)).attr('fill', p.muted).attr('font-weight', 600).text(zone);

  const selPx = (r: TimeRange | null | undefined): [number, number] | null => {
    if (!r) return null;
    const [a, b] = [x(new Date(r.from)), x(new Date(r.until))].map((v) => r1(Math.max(left, Math.min(right, v))));
    return b > a ? [a, b] : null;
  };

  if (!opts.onBrush) {
    // Read-only: the selection as a plain shaded band.
    const px = selPx(opts.selection);
    if (px) root.append('rect').attr('class', 'selection').attr('x', px[0]).attr('y', top).attr('width', r1(px[1] - px[0]))
      .attr('height', r1(bottom - top)).attr('fill', p.accent).attr('fill-opacity', 0.12).attr('stroke', p.accent);
    return destroyer(svg);
  }

  const onBrush = opts.onBrush;
  let current = selPx(opts.selection);
  const brushG = root.append('g').attr('class', 'brush');
  const brush = d3.brushX()
    .extent([[left, top], [right, bottom]])
    // d3's default reads navigator, which Node 20 (the CLI and tests) does not have.
    .touchable(function (this: SVGGElement) { return typeof navigator !== 'undefined' && (navigator.maxTouchPoints > 0 || 'ontouchstart' in this); })
    .on('end', (ev: d3.D3BrushEvent<unknown>) => {
      if (!ev.sourceEvent) return; // our own moves (snapping, syncing), not the user's
      const sel = ev.selection as [number, number] | null;
      if (!sel) {
        // A plain click: d3 would clear the selection, but clearing is the double-click's job.
        brushG.call(brush.move, current);
        return;
      }
      const range = brushRange(x, sel, data.bucketSeconds, origin);
      current = selPx(range);
      brushG.call(brush.move, current);
      onBrush(range);
    });
  brushG.call(brush);
  brushG.select('.selection').attr('fill', p.accent).attr('fill-opacity', 0.15).attr('stroke', p.accent).attr('stroke-width', 1);
  if (current) brushG.call(brush.move, current);
  root.on('dblclick.chart', () => {
    current = null;
    brushG.call(brush.move, null);
    onBrush(null);
  });
  return destroyer(svg);
}
