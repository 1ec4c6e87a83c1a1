// Shared drawing plumbing for the charts: element creation, a deterministic XML serializer, text
// fitting without layout (linkedom measures nothing), number words, colour blends and mark events.
import { color, interpolateHcl } from 'd3';
import type { FlowLink, FlowNode } from '../../src-main/shared/visual.ts';
import { actionColor, type Palette } from './palette.ts';

export const SVG_NS = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number | null | undefined>;

/** Appends an SVG element; attributes are set in the given order so output stays byte-stable. */
export function el<K extends keyof SVGElementTagNameMap>(parent: Element, tag: K, attrs: Attrs = {}, text?: string): SVGElementTagNameMap[K] {
  const e = parent.ownerDocument!.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e);
  return e;
}

export function clear(node: Element): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** Sets the outer size; charts draw in pixel units so the viewBox equals the size. */
export function sizeSvg(svg: SVGSVGElement, width: number, height: number): void {
  clear(svg);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
}

/** 0.1 px is below what anyone sees and keeps snapshots free of float noise. */
export const r1 = (n: number): number => (Number.isFinite(n) ? Math.round(n * 10) / 10 || 0 : 0); // `|| 0`: no "-0" in the output

/** Labels and names come from logs and whois: every one is attacker-controlled text. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
    // Control characters other than tab/newline are not allowed in XML 1.0 at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/**
 * Our own walk rather than outerHTML/XMLSerializer: the same bytes in the browser and in linkedom,
 * attributes escaped including quotes, and no HTML void-element rules applied to SVG.
 */
export function serializeSvg(node: Node): string {
  if (node.nodeType === 3) return escapeXml(node.nodeValue ?? '');
  if (node.nodeType !== 1) return '';
  const e = node as Element;
  const tag = e.localName;
  let out = `<${tag}`;
  if (tag === 'svg' && !e.parentNode?.nodeName.toLowerCase().includes('svg') && !e.hasAttribute('xmlns')) out += ` xmlns="${SVG_NS}"`;
  // Sorted: linkedom lists attributes newest-first, browsers oldest-first; this way both agree.
  const attrs = Array.from(e.attributes).map((a) => [a.name, a.value]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, value] of attrs) out += ` ${name}="${escapeXml(value)}"`;
  if (!e.firstChild) return `${out}/>`;
  out += '>';
  for (const c of Array.from(e.childNodes)) out += serializeSvg(c);
  return `${out}</${tag}>`;
}

/**
 * An svg element in a fresh linkedom document, for the CLI and tests. linkedom is loaded lazily so
 * the app's bundle never pulls it in.
 */
export async function svgDocument(width: number, height: number): Promise<{ svg: SVGSVGElement; serialize(): string }> {
  const { parseHTML } = await import('linkedom');
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
  sizeSvg(svg, width, height);
  document.body.appendChild(svg as unknown as Node);
  return { svg, serialize: () => serializeSvg(svg) };
}

/** The estimate the brief fixes: no font metrics exist in Node. */
export const textWidth = (s: string, fontSize: number): number => Array.from(s).length * fontSize * 0.6;

export function truncate(s: string, maxPx: number, fontSize: number): string {
  const chars = Array.from(s.replace(/\s+/g, ' ').trim());
  const fit = Math.floor(maxPx / (fontSize * 0.6));
  if (chars.length <= fit) return chars.join('');
  return fit <= 1 ? '' : `${chars.slice(0, fit - 1).join('').trimEnd()}…`;
}

/** Locale-independent so snapshots do not depend on the machine. */
export const fmtInt = (n: number): string => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function fmtShort(n: number): string {
  const a = Math.abs(n);
  const unit = (v: number, u: string) => `${v >= 100 ? Math.round(v) : Number(v.toFixed(1))}${u}`;
  if (a < 1000) return fmtInt(n);
  if (a < 1e6) return unit(n / 1e3, 'k');
  if (a < 1e9) return unit(n / 1e6, 'M');
  return unit(n / 1e9, 'G');
}

export function fmtShare(blocked: number, events: number): string {
  const s = events > 0 ? blocked / events : 0;
  if (s > 0 && s < 0.005) return '<1%';
  if (s < 1 && s > 0.995) return '>99%';
  return `${Math.round(s * 100)}%`;
}

/** How much of a link's traffic was dropped or rejected, 0–1. */
export const blockedShare = (blocked: number, events: number): number => (events > 0 ? Math.min(1, Math.max(0, blocked / events)) : 0);

/**
 * Accept→drop by blocked share, with clean ends: a link that is 95% dropped should read as "dropped",
 * not as a slightly-off red that invites squinting.
 */
export function flowColor(p: Palette, blocked: number, events: number): string {
  const s = blockedShare(blocked, events);
  if (s <= 0.1) return p.accept;
  if (s >= 0.9) return p.drop;
  return color(interpolateHcl(p.accept, p.drop)((s - 0.1) / 0.8))!.formatHex();
}

export function scopeColor(p: Palette, scope: string): string {
  return scope === 'internal' ? p.internal : scope === 'external' ? p.external : scope === 'special' ? p.special : p.other;
}

/** By scope, except an action column, which is clearer in the action's own colour. */
export function nodeColor(p: Palette, n: Pick<FlowNode, 'kind' | 'key' | 'label' | 'scope'>): string {
  return n.kind === 'action' ? actionColor(p, n.key ?? n.label) : scopeColor(p, n.scope);
}

/** Text that sits over coloured links stays readable: a halo in the background colour behind it. */
export const halo = (p: Palette, w = 3): Attrs => ({ stroke: p.bg, 'stroke-width': w, 'stroke-linejoin': 'round', 'paint-order': 'stroke' });

export interface MarkEvents {
  activate(ev: Event): void;
  hover(on: boolean, ev: Event): void;
}

/** Click, Enter/Space and hover/focus on one mark; returns the undo so destroy() leaves no listeners. */
export function bindMark(mark: Element, on: MarkEvents): () => void {
  const click = (ev: Event) => on.activate(ev);
  const key = (ev: Event) => {
    const k = (ev as KeyboardEvent).key;
    if (k === 'Enter' || k === ' ' || k === 'Spacebar') { ev.preventDefault(); on.activate(ev); }
  };
  const enter = (ev: Event) => on.hover(true, ev);
  const leave = (ev: Event) => on.hover(false, ev);
  const pairs: Array<[string, EventListener]> = [['click', click], ['keydown', key], ['mouseenter', enter], ['mouseleave', leave], ['focus', enter], ['blur', leave]];
  for (const [t, f] of pairs) mark.addEventListener(t, f);
  return () => { for (const [t, f] of pairs) mark.removeEventListener(t, f); };
}

/** What the empty picture says, centred and muted. */
export function drawEmpty(svg: SVGSVGElement, width: number, height: number, p: Palette): void {
  el(svg, 'text', { x: r1(width / 2), y: r1(height / 2), dy: '0.35em', 'text-anchor': 'middle', fill: p.muted, 'font-family': p.font, 'font-size': 14 }, 'No traffic matches');
}

/** A node's shown name; a folded node's label already says what it folds ("other (180 hosts)"). */
export function nodeName(n: Pick<FlowNode, 'label' | 'kind' | 'folded'>): string {
  const label = n.label.replace(/\s+/g, ' ').trim() || '(empty)';
  return n.kind === 'other' && !/\(\S.*\)$/.test(label) ? `${label} (${fmtInt(n.folded)} folded)` : label;
}

/** The shown name cut to fit; a folded node keeps its "(N …)" count whatever happens to the rest. */
export function fitName(n: Pick<FlowNode, 'label' | 'kind' | 'folded'>, maxPx: number, fontSize: number): string {
  const name = nodeName(n);
  if (n.kind !== 'other') return truncate(name, maxPx, fontSize);
  const cut = name.lastIndexOf(' (');
  const suffix = cut > 0 ? name.slice(cut) : '';
  return `${truncate(name.slice(0, cut > 0 ? cut : name.length), maxPx - textWidth(suffix, fontSize), fontSize)}${suffix}`.trim();
}

export function describeNode(n: FlowNode): string {
  return `${nodeName(n)}: ${fmtInt(n.events)} events, ${fmtShare(n.blocked, n.events)} blocked${n.isNew ? ', new since baseline' : ''}`;
}

export function describeLink(l: FlowLink, from: string, to: string): string {
  const ports = l.samplePorts.length ? `, ports ${l.samplePorts.slice(0, 3).join(' ')}` : '';
  return `${from} → ${to}: ${fmtInt(l.events)} events, ${fmtShare(l.blocked, l.events)} blocked${ports}${l.isNew ? ', new since baseline' : ''}`;
}

/** Focus, role and name for a clickable mark, and the id the app and tests find it by. */
export function a11y(interactive: boolean, id: string, label: string): Attrs {
  return { 'data-id': id, tabindex: 0, role: interactive ? 'button' : 'img', 'aria-label': label };
}
