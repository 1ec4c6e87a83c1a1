// The who-talks-to-whom picture: the flow graph's ends merged into one node per address (or subnet,
// port…) and laid out by d3-force with a fixed start and tick count, so a graph always lands the same.
import {
  drag, forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, select, zoom, type Simulation, type SimulationLinkDatum, type SimulationNodeDatum,
} from 'd3';
import type { FlowGraph, FlowLink, FlowNode } from '../../src-main/shared/visual.ts';
import type { ChartHandle, FlowChartOptions } from './flow-sankey.ts';
import { a11y, bindMark, describeLink, describeNode, drawEmpty, el, flowColor, fmtShort, fitName, halo, nodeColor, nodeName, r1, sizeSvg, textWidth } from './chart-dom.ts';

export type { ChartHandle, FlowChartOptions } from './flow-sankey.ts';

/** One drawn node: every FlowNode with the same address (or subnet, port…) on any side. */
export interface NetNode extends SimulationNodeDatum {
  id: string; node: FlowNode; r: number; kind: string; scope: string; weight: number; events: number; isNew: boolean; label: string; folded: number;
  /** The FlowNode ids merged here (a search highlight may name any of them). */
  parts: string[];
}
export interface NetLink extends SimulationLinkDatum<NetNode> { id: string; flow: FlowLink }

/** host and address both name an IP; the two "other"s fold different things, so they stay apart. */
export function mergeId(n: Pick<FlowNode, 'id' | 'kind' | 'key'>): string {
  return n.kind === 'other' || n.key === null ? n.id : `${n.kind === 'host' ? 'address' : n.kind}:${n.key}`;
}

const min = (a: string | null, b: string | null) => (a === null ? b : b === null || a < b ? a : b);
const max = (a: string | null, b: string | null) => (a === null ? b : b === null || a > b ? a : b);
const RANK: Record<string, number> = { internal: 0, external: 1, special: 2, other: 3 };

/** Merged nodes (heaviest first) and links (one per ordered pair, self-loops left out). */
export function mergeGraph(graph: FlowGraph): { nodes: NetNode[]; links: NetLink[] } {
  const byId = new Map<string, FlowNode>();
  const idOf = new Map<string, string>();
  const parts = new Map<string, string[]>();
  for (const n of graph.nodes) {
    const id = mergeId(n);
    idOf.set(n.id, id);
    parts.set(id, [...(parts.get(id) ?? []), n.id]);
    const m = byId.get(id);
    byId.set(id, !m ? { ...n, id } : {
      ...m, label: n.label.length > m.label.length ? n.label : m.label, scope: (RANK[n.scope] ?? 3) < (RANK[m.scope] ?? 3) ? n.scope : m.scope,
      events: m.events + n.events, weight: m.weight + n.weight, blocked: m.blocked + n.blocked, folded: m.folded + n.folded,
      firstSeen: min(m.firstSeen, n.firstSeen), lastSeen: max(m.lastSeen, n.lastSeen), isNew: m.isNew && n.isNew,
    });
  }
  const flows = new Map<string, FlowLink>();
  for (const l of graph.links) {
    const s = idOf.get(l.source), t = idOf.get(l.target);
    if (!s || !t || s === t) continue;
    const id = `${s}→${t}`, m = flows.get(id);
    flows.set(id, !m ? { ...l, source: s, target: t } : {
      ...m, events: m.events + l.events, weight: m.weight + l.weight, blocked: m.blocked + l.blocked, peers: Math.max(m.peers, l.peers),
      ports: Math.max(m.ports, l.ports), bytes: m.bytes + l.bytes, firstSeen: min(m.firstSeen, l.firstSeen), lastSeen: max(m.lastSeen, l.lastSeen),
      isNew: m.isNew && l.isNew, samplePorts: [...new Set([...m.samplePorts, ...l.samplePorts])].slice(0, 5),
    });
  }
  const nodes = [...byId.values()].sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1))
    .map((node): NetNode => ({ id: node.id, node, parts: parts.get(node.id)!, r: 0, kind: node.kind, scope: node.scope, weight: node.weight, events: node.events, isNew: node.isNew, label: node.label, folded: node.folded }));
  const links = [...flows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, flow]): NetLink => ({ id, flow, source: flow.source, target: flow.target }));
  return { nodes, links };
}

const FONT = 11;
const TICKS = 300;
const MARGIN = 16;
/** Longest node name drawn, in px; the full name is in the mark's aria-label and title. */
const LABEL = 220;

/** The settled layout scaled into the picture; kept so dragging can map the pointer back. */
interface Fit { sx: number; sy: number; ox: number; oy: number }
const X = (f: Fit, n: NetNode) => f.ox + f.sx * n.x!;
const Y = (f: Fit, n: NetNode) => f.oy + f.sy * n.y!;

function linkPath(l: NetLink, curved: boolean, f: Fit): string {
  const s = l.source as NetNode, t = l.target as NetNode;
  const x0 = X(f, s), y0 = Y(f, s), x1 = X(f, t), y1 = Y(f, t);
  if (!curved) return `M${r1(x0)},${r1(y0)}L${r1(x1)},${r1(y1)}`;
  // Both directions exist: bow each to its own side so they do not draw over one another.
  const mx = (x0 + x1) / 2 - (y1 - y0) * 0.15, my = (y0 + y1) / 2 + (x1 - x0) * 0.15;
  return `M${r1(x0)},${r1(y0)}Q${r1(mx)},${r1(my)} ${r1(x1)},${r1(y1)}`;
}

/** A fixed start and tick count: the same graph always settles in the same place. */
function settle(nodes: NetNode[], links: NetLink[], width: number, height: number): { sim: Simulation<NetNode, NetLink>; fit: Fit } {
  const spacing = Math.sqrt((width * height) / Math.max(1, nodes.length)) * 0.5;
  // Phyllotaxis from the sorted order, heaviest in the middle.
  nodes.forEach((n, i) => {
    const r = spacing * 0.5 * Math.sqrt(i + 0.5), a = i * Math.PI * (3 - Math.sqrt(5));
    n.x = width / 2 + r * Math.cos(a); n.y = height / 2 + r * Math.sin(a);
  });
  // Inside on the left, outside on the right: the picture reads like the sankey.
  const side = (n: NetNode) => (n.scope === 'internal' ? 0.3 : n.scope === 'external' ? 0.7 : 0.5);
  const sim: Simulation<NetNode, NetLink> = forceSimulation(nodes)
    .force('link', forceLink<NetNode, NetLink>(links).id((d) => d.id).distance(spacing * 1.2))
    .force('charge', forceManyBody<NetNode>().strength(-spacing * 12))
    .force('x', forceX<NetNode>((n) => width * side(n)).strength(0.08))
    .force('y', forceY<NetNode>(height / 2).strength(0.06))
    .force('collide', forceCollide<NetNode>((n) => n.r + 4).iterations(2))
    .stop();
  for (let i = 0; i < TICKS; i++) sim.tick();
  const pad = MARGIN + Math.max(...nodes.map((n) => n.r));
  const xs = nodes.map((n) => n.x!), ys = nodes.map((n) => n.y!);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const fx = (width - 2 * pad) / Math.max(1, x1 - x0), fy = (height - 2 * pad) / Math.max(1, y1 - y0);
  // Some stretch to use a wide picture, not so much that distances stop meaning anything.
  const s = Math.min(fx, fy), sx = Math.min(1.5, fx, s * 1.8), sy = Math.min(1.5, fy, s * 1.8);
  return { sim, fit: { sx, sy, ox: width / 2 - (sx * (x0 + x1)) / 2, oy: height / 2 - (sy * (y0 + y1)) / 2 } };
}

export function render(svg: SVGSVGElement, graph: FlowGraph, opts: FlowChartOptions): ChartHandle {
  const { width, height, palette: p } = opts;
  const interactive = opts.interactive === true;
  sizeSvg(svg, width, height);
  const undo: Array<() => void> = [];
  const handle = { destroy: () => { for (const u of undo.splice(0)) u(); } };
  if (!graph.nodes.length) { drawEmpty(svg, width, height, p); return handle; }

  const { nodes, links } = mergeGraph(graph);
  const maxW = Math.max(1, ...nodes.map((n) => n.weight));
  const maxL = Math.max(1, ...links.map((l) => l.flow.weight));
  const rMax = Math.max(8, Math.min(24, Math.sqrt((width * height) / Math.max(1, nodes.length)) * 0.16));
  for (const n of nodes) n.r = Math.max(3.5, rMax * Math.sqrt(Math.max(0, n.weight) / maxW));
  const lw = (l: NetLink) => Math.max(0.8, 8 * Math.sqrt(Math.max(0, l.flow.weight) / maxL));
  const { sim, fit } = settle(nodes, links, width, height);

  const hi = opts.highlight && opts.highlight.size ? opts.highlight : null;
  const dim = (n: NetNode) => hi !== null && !hi.has(n.id) && !n.parts.some((id) => hi.has(id));
  const root = el(svg, 'g', { class: 'flow-network', 'font-family': p.font, 'font-size': FONT });
  const gLinks = el(root, 'g', { class: 'links', fill: 'none', 'stroke-linecap': 'round' });
  const gNodes = el(root, 'g', { class: 'nodes' });
  const pairs = new Set(links.map((l) => `${(l.source as NetNode).id}\u0000${(l.target as NetNode).id}`));

  const linkEls = links.map((l) => {
    const s = l.source as NetNode, t = l.target as NetNode, f = l.flow;
    const curved = pairs.has(`${t.id}\u0000${s.id}`);
    const faded = hi !== null && dim(s) && dim(t);
    const label = describeLink(f, nodeName(s), nodeName(t));
    const path = el(gLinks, 'path', {
      class: f.isNew ? 'link new' : 'link', d: linkPath(l, curved, fit), stroke: flowColor(p, f.blocked, f.events), 'stroke-width': r1(lw(l)),
      'stroke-opacity': faded ? 0.12 : 0.55, 'stroke-dasharray': f.isNew ? '6 3' : null, ...a11y(interactive, l.id, label),
    });
    el(path, 'title', {}, label);
    if (interactive) undo.push(bindMark(path, { activate: (ev) => opts.onLinkClick?.(f, ev), hover: (on, ev) => opts.onHover?.(on ? { link: f } : null, ev) }));
    return { path, l, curved };
  });

  // Labels for the heaviest nodes first, leaving off any that would overprint a label or a circle.
  const placed: Array<[number, number, number, number]> = [];
  const labelSide = new Map<string, boolean>();
  const hits = (b: number[], m: NetNode) => X(fit, m) + m.r > b[0] && X(fit, m) - m.r < b[2] && Y(fit, m) + m.r > b[1] && Y(fit, m) - m.r < b[3];
  [...nodes].sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1)).forEach((n, rank) => {
    const w = textWidth(`${n.isNew ? '★ ' : ''}${fitName(n, LABEL, FONT)}  ${fmtShort(n.events)}`, FONT);
    const x = X(fit, n), y = Y(fit, n);
    for (const right of [true, false]) {
      const b0 = right ? x + n.r + 4 : x - n.r - 4 - w, box: [number, number, number, number] = [b0, y - 7, b0 + w, y + 7];
      if (b0 < 2 || box[2] > width - 2 || placed.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3])) continue;
      // The heaviest few are always named, even over a neighbour's circle.
      if (rank >= 8 && nodes.some((m) => m !== n && hits(box, m))) continue;
      placed.push(box); labelSide.set(n.id, right);
      break;
    }
  });

  const nodeEls = nodes.map((n) => {
    const other = n.kind === 'other';
    const g = el(gNodes, 'g', {
      class: `node${other ? ' other' : ''}${n.isNew ? ' new' : ''}`, transform: `translate(${r1(X(fit, n))},${r1(Y(fit, n))})`,
      ...a11y(interactive, n.id, describeNode(n.node)), opacity: dim(n) ? 0.3 : null,
    });
    el(g, 'title', {}, describeNode(n.node));
    el(g, 'circle', {
      r: r1(n.r), fill: nodeColor(p, n.node), 'fill-opacity': other ? 0.45 : null,
      stroke: n.isNew ? p.fresh : other ? p.muted : p.bg, 'stroke-width': n.isNew ? 2.5 : 1.2, 'stroke-dasharray': other ? '3 2' : null,
    });
    const right = labelSide.get(n.id);
    if (right !== undefined) {
      const t = el(g, 'text', { x: r1(right ? n.r + 4 : -n.r - 4), dy: '0.35em', 'text-anchor': right ? 'start' : 'end', fill: p.fg, 'font-style': other ? 'italic' : null, ...halo(p) });
      if (n.isNew) el(t, 'tspan', { fill: p.fresh, class: 'new-badge' }, '★ ');
      el(t, 'tspan', { class: 'name' }, fitName(n, LABEL, FONT));
      el(t, 'tspan', { fill: p.muted, class: 'count' }, `  ${fmtShort(n.events)}`);
    }
    if (interactive) undo.push(bindMark(g, { activate: (ev) => opts.onNodeClick?.(n.node, ev), hover: (on, ev) => opts.onHover?.(on ? { node: n.node } : null, ev) }));
    return { g, n };
  });

  if (interactive) undo.push(attachMotion(svg, root, sim, fit, nodeEls, linkEls));
  return handle;
}

/** App only: drag a node (the layout follows, gently) and zoom/pan the whole picture. */
function attachMotion(
  svg: SVGSVGElement, root: SVGGElement, sim: Simulation<NetNode, NetLink>, fit: Fit,
  nodeEls: Array<{ g: SVGGElement; n: NetNode }>, linkEls: Array<{ path: SVGPathElement; l: NetLink; curved: boolean }>,
): () => void {
  sim.on('tick', () => {
    for (const { g, n } of nodeEls) g.setAttribute('transform', `translate(${r1(X(fit, n))},${r1(Y(fit, n))})`);
    for (const { path, l, curved } of linkEls) path.setAttribute('d', linkPath(l, curved, fit));
  });
  // The pointer is in picture pixels (d3-drag reads it through the zoom transform); the layout is not.
  
  // d3's default reads a global navigator, which Node 20 (tests, CLI) does not have.
  const touchable = function (this: Element) { return (typeof navigator !== 'undefined' && navigator.maxTouchPoints > 0) || 'ontouchstart' in this; };
  for (const { g, n } of nodeEls) {
    select<SVGGElement, unknown>(g).call(drag<SVGGElement, unknown>().touchable(touchable)
      .on('start', (ev) => { if (!ev.active) sim.alphaTarget(0.05).restart(); n.fx = n.x; n.fy = n.y; })
      .on('drag', (ev) => { n.fx = (ev.x - fit.ox) / fit.sx; n.fy = (ev.y - fit.oy) / fit.sy; })
      .on('end', (ev) => { if (!ev.active) sim.alphaTarget(0); n.fx = null; n.fy = null; }));
  }
  const z = zoom<SVGSVGElement, unknown>().touchable(touchable).scaleExtent([0.2, 8]).on('zoom', (ev) => root.setAttribute('transform', ev.transform.toString()));
  select(svg).call(z);
  return () => {
    sim.stop(); sim.on('tick', null);
    select(svg).on('.zoom', null);
    for (const { g } of nodeEls) select(g).on('.drag', null);
  };
}
