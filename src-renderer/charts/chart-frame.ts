// The export frame around any chart: background, title, subtitle, legend, as one standalone SVG
// string (Export SVG/PNG in the app, `--svg/--png` in the CLI). Everything shown is escaped here.
import type { Palette } from './palette.ts';
import { escapeXml, flowColor, r1, serializeSvg, textWidth, truncate } from './chart-dom.ts';

export interface LegendItem {
  label: string;
  color: string;
  /** line: a link colour; box: a node colour; folded: the muted dashed "other" box; new: the baseline mark. */
  shape: 'line' | 'box' | 'folded' | 'new';
}

export interface FrameOptions {
  /** Usually the case name. */
  title: string;
  /** Usually the time range and the filter. */
  subtitle?: string;
  legend: LegendItem[];
  /** The whole picture, frame included. */
  width: number;
  height: number;
  palette: Palette;
}

const PAD = 20;
const TITLE = 18;
const SMALL = 12;
const ROW = 22;
const SWATCH = 14;

/** Legend items wrapped into rows that fit the width; placement is by estimate, like all text here. */
function legendRows(items: LegendItem[], width: number): Array<Array<{ item: LegendItem; x: number }>> {
  const rows: Array<Array<{ item: LegendItem; x: number }>> = [];
  let row: Array<{ item: LegendItem; x: number }> = [];
  let x = PAD;
  for (const item of items) {
    const w = SWATCH + 6 + textWidth(item.label, SMALL) + 18;
    if (row.length && x + w > width - PAD) { rows.push(row); row = []; x = PAD; }
    row.push({ item, x });
    x += w;
  }
  if (row.length) rows.push(row);
  return rows;
}

/** Where the chart goes inside a frame of this size, so callers can render it at exactly that size. */
export function chartArea(o: Pick<FrameOptions, 'width' | 'height' | 'legend' | 'subtitle'>): { x: number; y: number; width: number; height: number } {
  const top = PAD + TITLE + (o.subtitle ? SMALL + 10 : 0) + 14;
  const bottom = legendRows(o.legend, o.width).length * ROW + PAD + 10;
  return { x: PAD, y: top, width: Math.max(10, o.width - 2 * PAD), height: Math.max(10, o.height - top - bottom) };
}

function swatch(item: LegendItem, x: number, y: number, p: Palette): string {
  const c = escapeXml(item.color);
  const cy = r1(y - SWATCH / 2 + 1);
  switch (item.shape) {
    case 'line':
      return `<line x1="${x}" y1="${r1(y - 3)}" x2="${x + SWATCH}" y2="${r1(y - 3)}" stroke="${c}" stroke-width="6" stroke-opacity="0.7" stroke-linecap="round"/>`;
    case 'folded':
      return `<rect x="${x}" y="${cy}" width="${SWATCH}" height="${SWATCH - 2}" rx="2" fill="${c}" fill-opacity="0.45" stroke="${escapeXml(p.muted)}" stroke-dasharray="3 2"/>`;
    case 'new':
      return `<rect x="${x}" y="${cy}" width="${SWATCH}" height="${SWATCH - 2}" rx="2" fill="none" stroke="${c}" stroke-width="2"/>`
        + `<text x="${r1(x + SWATCH / 2)}" y="${r1(y - 3)}" dy="0.35em" text-anchor="middle" font-size="9" fill="${c}">★</text>`;
    default:
      return `<rect x="${x}" y="${cy}" width="${SWATCH}" height="${SWATCH - 2}" rx="2" fill="${c}"/>`;
  }
}

function rootSize(svg: string, fallback: { width: number; height: number }): { width: number; height: number } {
  const tag = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const num = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(tag)?.[1]);
  const w = num('width'), h = num('height');
  return { width: w > 0 ? w : fallback.width, height: h > 0 ? h : fallback.height };
}

export function frameSvg(chart: string | SVGSVGElement, o: FrameOptions): string {
  const p = o.palette;
  const area = chartArea(o);
  const inner = (typeof chart === 'string' ? chart : serializeSvg(chart)).replace(/^\s*<\?xml[^>]*\?>\s*/, '');
  const size = rootSize(inner, area);
  const font = escapeXml(p.font);
  const text = (s: string, max: number, fs: number) => escapeXml(truncate(s, max, fs));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" font-family="${font}">`,
    `<rect width="${o.width}" height="${o.height}" fill="${escapeXml(p.bg)}"/>`,
    `<text x="${PAD}" y="${PAD + TITLE - 4}" font-size="${TITLE}" font-weight="600" fill="${escapeXml(p.fg)}">${text(o.title, o.width - 2 * PAD, TITLE)}</text>`,
  ];
  if (o.subtitle) parts.push(`<text x="${PAD}" y="${PAD + TITLE + SMALL + 6}" font-size="${SMALL}" fill="${escapeXml(p.muted)}">${text(o.subtitle, o.width - 2 * PAD, SMALL)}</text>`);
  // A nested viewport scales a chart drawn at another size into the area instead of cropping it.
  parts.push(`<svg x="${area.x}" y="${area.y}" width="${area.width}" height="${area.height}" viewBox="0 0 ${size.width} ${size.height}" preserveAspectRatio="xMidYMid meet">${inner}</svg>`);
  const rows = legendRows(o.legend, o.width);
  const legendTop = o.height - PAD - rows.length * ROW + 4;
  if (rows.length) parts.push(`<line x1="${PAD}" y1="${legendTop - 12}" x2="${o.width - PAD}" y2="${legendTop - 12}" stroke="${escapeXml(p.line)}"/>`);
  parts.push(`<g class="legend" font-size="${SMALL}" fill="${escapeXml(p.fg)}">`);
  rows.forEach((row, i) => {
    const y = legendTop + i * ROW + 8;
    for (const { item, x } of row) {
      parts.push(swatch(item, x, y, p), `<text x="${x + SWATCH + 6}" y="${y - 3}" dy="0.35em">${escapeXml(item.label)}</text>`);
    }
  });
  parts.push('</g></svg>');
  return parts.join('');
}

/** The legend of both flow layouts; the baseline mark only when a baseline was asked for. */
export function flowLegend(p: Palette, hasBaseline: boolean): LegendItem[] {
  const mixed = flowColor(p, 1, 2);
  const items: LegendItem[] = [
    { label: 'accepted', color: p.accept, shape: 'line' },
    { label: 'mixed', color: mixed, shape: 'line' },
    { label: 'dropped / rejected', color: p.drop, shape: 'line' },
    { label: 'internal', color: p.internal, shape: 'box' },
    { label: 'external', color: p.external, shape: 'box' },
    { label: 'special', color: p.special, shape: 'box' },
    { label: 'other (folded)', color: p.other, shape: 'folded' },
  ];
  if (hasBaseline) items.push({ label: 'new since baseline', color: p.fresh, shape: 'new' });
  return items;
}
