// Drawing the pictures without a display (the CLI): the same chart modules as the app, on a linkedom
// DOM, framed with title and legend, and turned into PNG by resvg.
import type { FlowGraph } from '../shared/visual.ts';
import { DARK, LIGHT, type Palette } from '../../src-renderer/charts/palette.ts';
import { chartArea, flowLegend, frameSvg } from '../../src-renderer/charts/chart-frame.ts';
import { SVG_NS, serializeSvg, sizeSvg } from '../../src-renderer/charts/chart-dom.ts';

export interface DrawOptions {
  layout: 'sankey' | 'network';
  theme: 'light' | 'dark';
  width: number;
  height: number;
  title: string;
  subtitle: string;
}

/** An svg element in a fresh linkedom document. */
export async function svgElement(width: number, height: number): Promise<SVGSVGElement> {
  const { parseHTML } = await import('linkedom');
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
  sizeSvg(svg, width, height);
  document.body.appendChild(svg as unknown as Node);
  return svg;
}

export const paletteFor = (theme: 'light' | 'dark'): Palette => (theme === 'dark' ? DARK : LIGHT);

/** The flow graph as a standalone SVG document with its title and legend. */
export async function flowGraphSvg(graph: FlowGraph, o: DrawOptions): Promise<string> {
  const palette = paletteFor(o.theme);
  const legend = flowLegend(palette, graph.baselineAt !== null);
  const area = chartArea({ width: o.width, height: o.height, legend, subtitle: o.subtitle });
  const svg = await svgElement(area.width, area.height);
  const chart = o.layout === 'network' ? await import('../../src-renderer/charts/flow-network.ts') : await import('../../src-renderer/charts/flow-sankey.ts');
  chart.render(svg, graph, { width: area.width, height: area.height, palette, interactive: false });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${frameSvg(serializeSvg(svg as unknown as Node), { title: o.title, subtitle: o.subtitle, legend, width: o.width, height: o.height, palette })}\n`;
}

/** An SVG document as PNG at its own size (system fonts draw the text). */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}
