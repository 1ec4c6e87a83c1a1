// Export of a drawn chart for reports: the svg framed with title, subtitle and legend, saved as SVG,
// or painted on a canvas and saved as PNG (no server round trip; works the same in Electron).
import { frameSvg, type LegendItem } from '../charts/chart-frame.ts';
import type { Palette } from '../charts/palette.ts';

/** How a host component asks a chart module to draw (see ChartSvg.svelte). */
export type Draw = (svg: SVGSVGElement, size: { width: number; height: number }, palette: Palette) => { destroy(): void } | void;

export interface ExportFrame {
  title: string;
  subtitle: string;
  legend: LegendItem[];
  palette: Palette;
  filename: string;
}

function download(blob: Blob, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** The framed picture as SVG text, at the chart's own size plus the frame. */
export function framed(svg: SVGSVGElement, f: ExportFrame): { text: string; width: number; height: number } {
  const w = Number(svg.getAttribute('width')) || svg.clientWidth || 1200;
  const h = Number(svg.getAttribute('height')) || svg.clientHeight || 700;
  const width = Math.max(w + 40, 640);
  const height = h + 140;
  return { text: frameSvg(svg, { title: f.title, subtitle: f.subtitle, legend: f.legend, width, height, palette: f.palette }), width, height };
}

export function exportSvg(svg: SVGSVGElement, f: ExportFrame): void {
  download(new Blob([framed(svg, f).text], { type: 'image/svg+xml' }), `${f.filename}.svg`);
}

/** PNG at twice the screen size, for sharp print. */
export async function exportPng(svg: SVGSVGElement, f: ExportFrame): Promise<void> {
  const { text, width, height } = framed(svg, f);
  // A data: URL, not a blob: one — the app's Content-Security-Policy allows images from data: only.
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  const img = new Image();
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the picture could not be drawn'));
    img.src = url;
  });
  const canvas = document.createElement('canvas');
  canvas.width = width * 2;
  canvas.height = height * 2;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.scale(2, 2);
  ctx.drawImage(img, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (!blob) throw new Error('PNG encoding failed');
  download(blob, `${f.filename}.png`);
}
