// Small helpers the timeline, map, bar and line charts share: preparing the svg, rounding, number
// and time labels, text width estimates and hand-drawn axes (d3-axis writes unrounded transforms
// and its own fonts, which would break byte-identical snapshots).
import * as d3 from 'd3';
import type { Palette } from './palette.ts';

export type Sel<E extends Element = SVGElement> = d3.Selection<E, unknown, null, undefined>;

// One rounding, width estimate, truncation and number format for every chart (see chart-dom.ts).
import { fmtInt, r1, textWidth, truncate } from './chart-dom.ts';

export { fmtInt, r1, textWidth, truncate };

/** Empties the svg and sizes it; returns it as a d3 selection. */
export function prepare(svg: SVGSVGElement, width: number, height: number, p: Palette, label: string): Sel<SVGSVGElement> {
  const s = d3.select(svg);
  s.on('.chart', null);
  s.selectAll('*').remove();
  // xmlns makes the serialised markup a standalone SVG file (the CLI writes it out as is).
  return s
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`)
    .attr('font-family', p.font).attr('font-size', 11)
    // "group", not "img": an img's children are hidden from assistive tech, and ours are focusable.
    .attr('role', 'group').attr('aria-label', label);
}

/** The destroy() every chart returns: drop the drawing, and with it every listener on it. */
export function destroyer(svg: SVGSVGElement): { destroy(): void } {
  return { destroy: () => { d3.select(svg).on('.chart', null).selectAll('*').remove(); } };
}

const si = d3.format('.2~s');

/** 950, 1.2k, 12k, 3.4M: axis and legend labels (G, not B, for billions, as d3 writes it). */
export function compact(n: number): string {
  if (Math.abs(n) < 1000) return String(Math.round(n * 100) / 100);
  return si(n).replace('G', 'B');
}

/**
 * Text from logs and whois as it may be drawn: without the control characters XML cannot hold
 * (they would make the saved SVG unreadable) and without bidi overrides (which can make
 * "exe.txt" read as "txt.exe").
 */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g, '');
}

/** A zone's offset from UTC in minutes at a moment ("Europe/Berlin" in July → 120). */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at).find((x) => x.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

/** "UTC", "UTC+02:00", "UTC−05:30". */
export function zoneName(offsetMinutes: number): string {
  if (!offsetMinutes) return 'UTC';
  const a = Math.abs(offsetMinutes);
  return `UTC${offsetMinutes < 0 ? '−' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const fmt = {
  ms: d3.utcFormat('%H:%M:%S.%L'), sec: d3.utcFormat('%H:%M:%S'), min: d3.utcFormat('%H:%M'),
  day: d3.utcFormat('%b %d'), year: d3.utcFormat('%Y'), dayMin: d3.utcFormat('%b %d %H:%M'),
};

/**
 * Time ticks in a zone: ticks are chosen on the shifted clock so they fall on local hours and
 * midnights, then shifted back, so the caller's scale stays in true UTC (brushes invert cleanly).
 * 24-hour labels; midnights show the date. With no midnight in view the first label carries the
 * date, so a short window still says which day it is.
 */
export function timeTicks(domain: [Date, Date], count: number, offsetMinutes = 0): Array<{ at: Date; label: string; major: boolean }> {
  const off = offsetMinutes * 60_000;
  const local = d3.scaleUtc().domain([domain[0].getTime() + off, domain[1].getTime() + off]);
  const ticks = local.ticks(count);
  const midnight = (d: Date) => d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;
  const anyMidnight = ticks.some(midnight);
  return ticks.map((d, i) => {
    let label: string;
    if (d.getUTCMilliseconds()) label = fmt.ms(d);
    else if (d.getUTCSeconds()) label = fmt.sec(d);
    else if (!midnight(d)) label = i === 0 && !anyMidnight ? fmt.dayMin(d) : fmt.min(d);
    else label = d.getUTCMonth() === 0 && d.getUTCDate() === 1 ? fmt.year(d) : fmt.day(d);
    return { at: new Date(d.getTime() - off), label, major: midnight(d) };
  });
}

/** Horizontal gridlines with labels at the left (integer ticks only for counts: no "0.5 events"). */
export function drawYAxis(g: Sel<SVGGElement>, y: d3.ScaleLinear<number, number>, x0: number, x1: number, p: Palette, count: number, integers = true): void {
  const ticks = y.ticks(count).filter((t) => !integers || Number.isInteger(t));
  for (const t of ticks) {
    const yy = r1(y(t)) + 0.5; // half-pixel: 1 px lines land on a pixel row
    g.append('line').attr('x1', r1(x0)).attr('x2', r1(x1)).attr('y1', yy).attr('y2', yy)
      .attr('stroke', p.line).attr('stroke-width', 1);
    g.append('text').attr('x', r1(x0 - 6)).attr('y', yy).attr('dy', '0.32em').attr('text-anchor', 'end')
      .attr('fill', p.muted).text(compact(t));
  }
}

/**
 * Ticks and labels along a horizontal axis at y; major ones (day starts) in the text colour. A label at an edge of [minX, maxX] is aligned to
 * its tick's side instead of centred, so it is not clipped; one that still does not fit, or would
 * run into the previous label, is left out (its tick stays).
 */
export function drawXTicks(g: Sel<SVGGElement>, ticks: Array<{ x: number; label: string; major?: boolean }>, y: number, p: Palette, minX: number, maxX: number): void {
  let lastEnd = -Infinity;
  for (const t of ticks) {
    g.append('line').attr('x1', r1(t.x)).attr('x2', r1(t.x)).attr('y1', r1(y)).attr('y2', r1(y + 4)).attr('stroke', p.muted);
    const w = textWidth(t.label, 11);
    let [from, anchor] = [t.x - w / 2, 'middle'];
    if (from < minX) [from, anchor] = [t.x, 'start'];
    else if (t.x + w / 2 > maxX) [from, anchor] = [t.x - w, 'end'];
    if (from < minX || from + w > maxX || from < lastEnd + 8) continue;
    lastEnd = from + w;
    g.append('text').attr('x', r1(t.x)).attr('y', r1(y + 15)).attr('text-anchor', anchor).attr('fill', t.major ? p.fg : p.muted).text(t.label);
  }
}

/** The muted message an empty chart shows in its middle. */
export function emptyText(s: Sel<SVGSVGElement>, width: number, height: number, p: Palette, text: string): void {
  s.append('text').attr('x', r1(width / 2)).attr('y', r1(height / 2)).attr('dy', '0.32em').attr('text-anchor', 'middle')
    .attr('fill', p.muted).attr('font-size', 13).text(text);
}

/** Enter and Space activate a focused role="button" element, as a click would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function onActivate(sel: d3.Selection<any, any, any, any>, fn: (ev: Event) => void): void {
  sel.on('click.chart', (ev: Event) => fn(ev)).on('keydown.chart', (ev: KeyboardEvent) => {
    if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); fn(ev); }
  });
}
