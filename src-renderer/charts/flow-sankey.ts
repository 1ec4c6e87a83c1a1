// The flow graph's default picture: a left-to-right sankey (internal → [service/action] → external),
// laid out by d3-sankey and drawn as plain SVG so the app, the CLI and the tests share every byte.
import { sankey, type SankeyGraph, type SankeyLink, type SankeyNode } from 'd3-sankey';
import type { FlowGraph, FlowLink, FlowNode } from '../../src-main/shared/visual.ts';
import type { Palette } from './palette.ts';
import {
  a11y, bindMark, describeLink, describeNode, drawEmpty, el, fitName, flowColor, fmtShort, halo, nodeColor, nodeName, r1, sizeSvg, textWidth,
} from './chart-dom.ts';

export interface FlowChartOptions {
  width: number; height: number; palette: Palette;
  /** App only: hover, click and keyboard handlers; drag/zoom for the network. */
  interactive?: boolean;
  onNodeClick?: (n: FlowNode, ev: Event) => void;
  onLinkClick?: (l: FlowLink, ev: Event) => void;
  onHover?: (item: { node?: FlowNode; link?: FlowLink } | null, ev: Event) => void;
  /** Node ids to highlight (search results); others dimmed when non-empty. */
  highlight?: ReadonlySet<string>;
}
export interface ChartHandle { destroy(): void; }

type N = SankeyNode<FlowNode & { fixedValue?: number; order: number }, L>;
type L = SankeyLink<FlowNode & { order: number }, { flow: FlowLink; id: string }>;

const SIDES = { left: 0, middle: 1, right: 2 } as const;
const FONT = 12;
const BAR = 12;
const GAP = 6;

/** Heaviest first, "other" at the bottom, id as the tie-break: the same graph always stacks the same. */
function byWeight(a: FlowNode, b: FlowNode): number {
  return SIDES[a.side] - SIDES[b.side] || Number(a.kind === 'other') - Number(b.kind === 'other') || b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function labelParts(n: FlowNode): { star: string; name: string; count: string } {
  return { star: n.isNew ? '★ ' : '', name: nodeName(n), count: fmtShort(n.events) };
}

/** Room for a side's labels: what the longest needs, but never more than a quarter of the width. */
function labelRoom(nodes: FlowNode[], width: number): number {
  const need = Math.max(0, ...nodes.map((n) => { const p = labelParts(n); return textWidth(`${p.star}${p.name}  ${p.count}`, FONT); }));
  return Math.min(Math.max(need, 40), width * 0.25) + GAP;
}

export function layout(graph: FlowGraph, width: number, height: number): { nodes: N[]; links: L[] } {
  const nodes = [...graph.nodes].sort(byWeight);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // Links must run rightwards (d3-sankey rejects cycles) and between nodes that exist.
  const flows = graph.links
    .filter((l) => { const s = byId.get(l.source), t = byId.get(l.target); return s && t && SIDES[s.side] < SIDES[t.side]; })
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  const sum = (id: string, end: 'source' | 'target') => flows.reduce((s, l) => s + (l[end] === id ? Math.max(0, l.weight) : 0), 0);
  const hasMiddle = nodes.some((n) => n.side === 'middle');
  const left = labelRoom(nodes.filter((n) => n.side === 'left'), width);
  const right = labelRoom(nodes.filter((n) => n.side === 'right'), width);
  const perColumn = Math.max(...(['left', 'middle', 'right'] as const).map((s) => nodes.filter((n) => n.side === s).length));
  const pad = Math.max(2, Math.min(16, ((height - 16) * 0.4) / Math.max(1, perColumn)));
  const gen = sankey<FlowNode & { fixedValue?: number; order: number }, { flow: FlowLink; id: string }>()
    .nodeId((d) => d.id)
    .nodeWidth(BAR)
    .nodePadding(pad)
    .nodeAlign((d, n) => (d.side === 'left' ? 0 : d.side === 'middle' ? Math.min(1, n - 1) : n - 1))
    .nodeSort((a, b) => a.order - b.order)
    .iterations(32)
    .extent([[left, 8], [width - right, height - 8]]);
  const input: SankeyGraph<FlowNode & { fixedValue?: number; order: number }, { flow: FlowLink; id: string }> = {
    // Node bars show the node's own weight: links under minWeight still count there.
    nodes: nodes.map((n, order) => ({ ...n, order, fixedValue: Math.max(n.weight, sum(n.id, 'source'), sum(n.id, 'target')) })),
    links: flows.map((l) => ({ source: l.source, target: l.target, value: Math.max(0, l.weight), flow: l, id: `${l.source}→${l.target}` })),
  };
  const out = gen(input);
  // Columns by side, not by link depth: a middle node nothing reaches still belongs in the middle.
  const xs = hasMiddle ? [left, (left + width - right - BAR) / 2, width - right - BAR] : [left, 0, width - right - BAR];
  for (const n of out.nodes) { n.x0 = xs[SIDES[n.side]]; n.x1 = n.x0 + BAR; }
  return { nodes: out.nodes as N[], links: out.links as L[] };
}

function linkPath(l: L): string {
  const s = l.source as N, t = l.target as N;
  const x0 = s.x1!, x1 = t.x0!, xm = (x0 + x1) / 2;
  return `M${r1(x0)},${r1(l.y0!)}C${r1(xm)},${r1(l.y0!)} ${r1(xm)},${r1(l.y1!)} ${r1(x1)},${r1(l.y1!)}`;
}

export function render(svg: SVGSVGElement, graph: FlowGraph, opts: FlowChartOptions): ChartHandle {
  const { width, height, palette: p } = opts;
  const interactive = opts.interactive === true;
  sizeSvg(svg, width, height);
  const undo: Array<() => void> = [];
  const handle = { destroy: () => { for (const u of undo.splice(0)) u(); } };
  if (!graph.nodes.length) { drawEmpty(svg, width, height, p); return handle; }

  const { nodes, links } = layout(graph, width, height);
  const hi = opts.highlight && opts.highlight.size ? opts.highlight : null;
  const dimNode = (id: string) => hi !== null && !hi.has(id);
  const root = el(svg, 'g', { class: 'flow-sankey', 'font-family': p.font, 'font-size': FONT });
  const gLinks = el(root, 'g', { class: 'links', fill: 'none' });
  const gFresh = el(root, 'g', { class: 'new-links', fill: 'none', stroke: p.fresh, 'stroke-width': 1, 'stroke-opacity': 0.9, 'stroke-dasharray': '4 3', 'pointer-events': 'none' });
  const gNodes = el(root, 'g', { class: 'nodes' });
  const name = new Map(nodes.map((n) => [n.id, nodeName(n)]));

  // Thin links last so a wide one never hides them.
  const drawn = [...links].sort((a, b) => b.width! - a.width! || (a.id < b.id ? -1 : 1));
  const paths: Array<{ path: SVGPathElement; l: L }> = [];
  for (const l of drawn) {
    const f = l.flow, d = linkPath(l);
    const dim = hi !== null && dimNode(f.source) && dimNode(f.target);
    const label = describeLink(f, name.get(f.source)!, name.get(f.target)!);
    const path = el(gLinks, 'path', {
      class: f.isNew ? 'link new' : 'link', d, stroke: flowColor(p, f.blocked, f.events), 'stroke-width': r1(Math.max(1, l.width!)),
      'stroke-opacity': dim ? 0.12 : 0.5, ...a11y(interactive, l.id, label),
    });
    el(path, 'title', {}, label);
    paths.push({ path, l });
    if (f.isNew) el(gFresh, 'path', { d, 'data-for': l.id });
    if (interactive) undo.push(bindMark(path, {
      activate: (ev) => opts.onLinkClick?.(f, ev),
      hover: (on, ev) => { path.setAttribute('stroke-opacity', on ? '0.8' : dim ? '0.12' : '0.5'); opts.onHover?.(on ? { link: f } : null, ev); },
    }));
  }

  const xMid = width / 2;
  for (const n of nodes) {
    const h = Math.max(2, n.y1! - n.y0!);
    const other = n.kind === 'other';
    const g = el(gNodes, 'g', { class: `node ${n.side}${other ? ' other' : ''}${n.isNew ? ' new' : ''}`, ...a11y(interactive, n.id, describeNode(n)), opacity: dimNode(n.id) ? 0.3 : null });
    el(g, 'title', {}, describeNode(n));
    el(g, 'rect', {
      x: r1(n.x0!), y: r1(n.y0!), width: BAR, height: r1(h), rx: 2,
      fill: nodeColor(p, n), 'fill-opacity': other ? 0.45 : null,
      stroke: n.isNew ? p.fresh : other ? p.muted : null, 'stroke-width': n.isNew ? 2 : other ? 1 : null, 'stroke-dasharray': other ? '3 2' : null,
    });
    drawLabel(g, n, width, p, xMid);
    if (interactive) undo.push(bindMark(g, {
      activate: (ev) => opts.onNodeClick?.(graph.nodes.find((x) => x.id === n.id)!, ev),
      hover: (on, ev) => {
        for (const { path, l } of paths) {
          const near = l.flow.source === n.id || l.flow.target === n.id;
          path.setAttribute('stroke-opacity', on ? (near ? '0.8' : '0.12') : '0.5');
        }
        opts.onHover?.(on ? { node: graph.nodes.find((x) => x.id === n.id)! } : null, ev);
      },
    }));
  }
  hideCrowdedLabels(gNodes);
  return handle;
}

/** Left labels face outwards on the left, all others sit to the right of their bar. */
function drawLabel(g: Element, n: N, width: number, p: Palette, xMid: number): void {
  const parts = labelParts(n);
  const toLeft = n.side === 'left';
  const room = toLeft ? n.x0! - GAP : n.side === 'right' ? width - n.x1! - GAP : Math.max(60, xMid * 0.45);
  const countW = textWidth(`  ${parts.count}`, FONT) + textWidth(parts.star, FONT);
  const shown = fitName(n, room - countW, FONT);
  const y = r1((n.y0! + n.y1!) / 2);
  const t = el(g, 'text', {
    x: r1(toLeft ? n.x0! - GAP : n.x1! + GAP), y, dy: '0.35em', 'text-anchor': toLeft ? 'end' : 'start', fill: p.fg,
    'font-style': n.kind === 'other' ? 'italic' : null, ...(n.side === 'middle' ? halo(p) : {}),
  });
  if (parts.star) el(t, 'tspan', { fill: p.fresh, class: 'new-badge' }, parts.star);
  el(t, 'tspan', { class: 'name' }, shown);
  el(t, 'tspan', { fill: p.muted, class: 'count' }, `  ${parts.count}`);
}

/** Labels that would overprint the one above in their column are left off; the mark keeps its name. */
function hideCrowdedLabels(gNodes: Element): void {
  const lastY = new Map<string, number>();
  for (const g of Array.from(gNodes.children)) {
    const t = g.querySelector('text');
    if (!t) continue;
    const col = t.getAttribute('x')!, y = Number(t.getAttribute('y'));
    const prev = lastY.get(col);
    if (prev !== undefined && y - prev < FONT + 1) { g.removeChild(t); continue; }
    lastY.set(col, y);
  }
}
