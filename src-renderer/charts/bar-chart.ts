// The horizontal bar chart: the Overview's top-N lists and the SQL pane's "Chart" toggle.
import * as d3 from 'd3';
import type { Palette } from './palette.ts';
import { clean, destroyer, emptyText, fmtInt, onActivate, prepare, r1, textWidth, truncate } from './axis-util.ts';

export interface BarItem {
  label: string;
  value: number;
  /** Passed back on click (what the bar filters by). */
  key?: unknown;
  color?: string;
}

export interface BarChartOptions {
  width: number;
  /** Default: grows with the bar count. */
  height?: number;
  palette: Palette;
  /** The unit, for aria labels and tooltips ("events"). */
  valueLabel?: string;
  onBarClick?(item: BarItem, ev: Event): void;
  /** Bars drawn at most; the rest are counted in a "+ N more" line. */
  maxBars?: number;
}

const FONT = 12;
const ROW = 24;
const PAD = 4;

/** 1,234 for whole numbers, three significant digits otherwise (SQL results can be fractions). */
export function formatValue(v: number): string {
  return Number.isInteger(v) ? fmtInt(v) : d3.format(',.3~r')(v);
}

/** Row pitch and bar thickness: fixed when the height grows, squeezed to fit a given height. */
function rowSize(rows: number, height?: number): number {
  return height ? Math.max(12, Math.min(28, (height - 2 * PAD) / rows)) : ROW;
}

export function render(svg: SVGSVGElement, data: BarItem[], opts: BarChartOptions): { destroy(): void } {
  const { width, palette: p } = opts;
  const shown = opts.maxBars != null ? data.slice(0, Math.max(0, opts.maxBars)) : data;
  const items = shown.map((d) => ({ d, label: clean(String(d.label)) }));
  const more = data.length - shown.length;
  const rows = items.length + (more > 0 ? 1 : 0);
  const row = rowSize(Math.max(1, rows), opts.height);
  const height = opts.height ?? Math.max(40, rows * row + 2 * PAD);
  const unit = opts.valueLabel ? ` ${opts.valueLabel}` : '';
  const s = prepare(svg, width, height, p, `Bar chart, ${data.length} bars${unit ? ` of${unit}` : ''}`);
  if (!items.length) {
    emptyText(s, width, height, p, 'No data');
    return destroyer(svg);
  }

  // Columns from estimated text widths: labels take what they need up to 38% of the width,
  // values what the longest needs; bars get the rest.
  const values = shown.map((d) => formatValue(d.value));
  const labelW = Math.min(width * 0.38, d3.max(items, (it) => textWidth(it.label, FONT)) ?? 0);
  const valueW = (d3.max(values, (v) => textWidth(v, 11)) ?? 0) + 6;
  // 16 px of slack: real fonts run a little wider than the estimate on capitals (CHINANET-…).
  const barX = PAD + labelW + 16;
  const barMax = Math.max(10, width - barX - valueW - PAD);
  const max = d3.max(shown, (d) => d.value) ?? 0;
  const len = (v: number) => (max > 0 && v > 0 ? Math.max(1, (v / max) * barMax) : 0);
  const barH = Math.round(row * 0.64);
  const click = opts.onBarClick;
  const root = s.append('g').attr('font-size', FONT);

  items.forEach(({ d, label: name }, i) => {
    const y = PAD + i * row;
    const label = `${name}: ${values[i]}${unit}`;
    const g = root.append('g').attr('class', 'bar').attr('aria-label', label);
    if (click) {
      g.attr('tabindex', 0).attr('role', 'button').attr('cursor', 'pointer');
      onActivate(g, (ev) => click(d, ev));
    } else {
      // Not focusable when it does nothing; still named for screen readers.
      g.attr('role', 'img');
    }
    // The whole row is the target, and lights up on hover, so a short bar is as easy to hit.
    const hit = g.append('rect').attr('x', 0).attr('y', r1(y)).attr('width', width).attr('height', r1(row))
      .attr('fill', p.line).attr('fill-opacity', 0);
    if (click) g.on('mouseenter.chart', () => hit.attr('fill-opacity', 0.5)).on('mouseleave.chart', () => hit.attr('fill-opacity', 0));
    g.append('title').text(label);
    const mid = r1(y + row / 2);
    g.append('text').attr('x', PAD).attr('y', mid).attr('dy', '0.32em').attr('fill', p.fg)
      .text(truncate(name, labelW, FONT));
    const w = r1(len(d.value));
    g.append('rect').attr('x', r1(barX)).attr('y', r1(mid - barH / 2)).attr('width', w).attr('height', barH).attr('rx', 2)
      .attr('fill', d.color ?? p.accent);
    g.append('text').attr('x', r1(barX + w + 5)).attr('y', mid).attr('dy', '0.32em').attr('fill', p.muted).attr('font-size', 11)
      .text(values[i]);
  });
  if (more > 0) {
    root.append('text').attr('x', PAD).attr('y', r1(PAD + items.length * row + row / 2)).attr('dy', '0.32em')
      .attr('fill', p.muted).attr('font-size', 11).text(`+ ${fmtInt(more)} more`);
  }
  return destroyer(svg);
}
