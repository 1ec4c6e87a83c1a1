// The flow graph pictures (sankey, force network, DOT text, export frame), drawn in Node into a
// linkedom document from small hand-made graphs; checked for behaviour, escaping and stable bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOMParser } from 'linkedom';
import type { FlowGraph, FlowLink, FlowNode } from '../../src-main/shared/visual.ts';
import { DARK, LIGHT, type Palette } from '../../src-renderer/charts/palette.ts';
import { escapeXml, fmtShort, svgDocument, truncate } from '../../src-renderer/charts/chart-dom.ts';
import { render as sankey, type FlowChartOptions } from '../../src-renderer/charts/flow-sankey.ts';
import { mergeGraph, render as network } from '../../src-renderer/charts/flow-network.ts';
import { dotString, flowDot } from '../../src-renderer/charts/flow-dot.ts';
import { chartArea, flowLegend, frameSvg } from '../../src-renderer/charts/chart-frame.ts';

const SMALL: FlowGraph = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/charts/flow-small.json'), 'utf8'));

function node(id: string, side: FlowNode['side'], events: number, extra: Partial<FlowNode> = {}): FlowNode {
  const [, kind, key] = id.split(':');
  return { id, side, kind, key: key ?? null, label: key ?? id, scope: side === 'left' ? 'internal' : 'external', events, weight: events, blocked: 0, firstSeen: null, lastSeen: null, isNew: false, folded: 0, ...extra };
}
function link(source: string, target: string, events: number, extra: Partial<FlowLink> = {}): FlowLink {
  return { source, target, events, weight: events, blocked: 0, peers: 1, ports: 1, bytes: 0, packets: 0, firstSeen: null, lastSeen: null, isNew: false, samplePorts: [], ...extra };
}
const graph = (nodes: FlowNode[], links: FlowLink[]): FlowGraph => ({ ...SMALL, request: { ...SMALL.request, via: null }, nodes, links });

/** Left→right with no middle column; 10.0.0.7 is both a source and a destination. */
const DIRECT = graph(
  [node('L:host:10.0.0.5', 'left', 500), node('L:host:10.0.0.7', 'left', 100), node('R:address:10.0.0.7', 'right', 200, { scope: 'internal' }), node('R:address:8.8.8.8', 'right', 400)],
  [link('L:host:10.0.0.5', 'R:address:10.0.0.7', 200, { blocked: 200 }), link('L:host:10.0.0.5', 'R:address:8.8.8.8', 300), link('L:host:10.0.0.7', 'R:address:8.8.8.8', 100)],
);

async function draw(kind: 'sankey' | 'network', g: FlowGraph, o: Partial<FlowChartOptions> = {}) {
  const { svg, serialize } = await svgDocument(900, 420);
  (kind === 'sankey' ? sankey : network)(svg, g, { width: 900, height: 420, palette: LIGHT, ...o });
  return { svg, text: serialize() };
}
const attr = (e: Element | null, name: string) => e!.getAttribute(name)!;
const num = (e: Element | null, name: string) => Number(attr(e, name));
const byId = (svg: Element, id: string) => svg.querySelector(`[data-id="${id}"]`);
const linkEl = (svg: Element, l: FlowLink) => byId(svg, `${l.source}→${l.target}`);

/** Strict enough XML well-formedness: balanced tags, quoted attributes, no raw `<` or stray `&`. */
function assertWellFormedXml(xml: string): void {
  const ent = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    if (m[6]) throw new Error(`raw < at ${m.index}: ${xml.slice(m.index, m.index + 60)}`);
    if (m[5] !== undefined) { if (ent.test(m[5])) throw new Error(`stray & in text: ${m[5].slice(0, 60)}`); continue; }
    if (ent.test(m[3])) throw new Error(`stray & in attributes: ${m[3].slice(0, 80)}`);
    if (m[1]) { if (stack.pop() !== m[2]) throw new Error(`unbalanced </${m[2]}>`); } else if (!m[4]) stack.push(m[2]);
  }
  if (re.lastIndex !== 0 && re.lastIndex !== xml.length) throw new Error(`unparsed at ${re.lastIndex}`);
  expect(stack).toEqual([]);
}

describe('flow sankey', () => {
  it('draws one path per link and one node mark per node', async () => {
    const { svg } = await draw('sankey', SMALL);
    expect(svg.querySelectorAll('path.link').length).toBe(SMALL.links.length);
    expect(svg.querySelectorAll('g.node').length).toBe(SMALL.nodes.length);
    for (const n of SMALL.nodes) expect(byId(svg, n.id)?.getAttribute('class')).toMatch(/^node /);
    for (const l of SMALL.links) expect(linkEl(svg, l)?.tagName.toLowerCase()).toBe('path');
  });

  it('draws link widths in proportion to their weights', async () => {
    const { svg } = await draw('sankey', SMALL);
    const [google, evil] = SMALL.links.filter((l) => l.source === 'M:service:tcp/443');
    expect(num(linkEl(svg, google), 'stroke-width') / num(linkEl(svg, evil), 'stroke-width')).toBeCloseTo(google.weight / evil.weight, 1);
  });

  it('puts the left column left of the middle one, and the middle left of the right', async () => {
    const { svg } = await draw('sankey', SMALL);
    const xs = (side: string) => SMALL.nodes.filter((n) => n.side === side).map((n) => num(byId(svg, n.id)!.querySelector('rect'), 'x'));
    expect(Math.max(...xs('left'))).toBeLessThan(Math.min(...xs('middle')));
    expect(Math.max(...xs('middle'))).toBeLessThan(Math.min(...xs('right')));
    // Left labels face left, right labels face right.
    expect(attr(byId(svg, 'L:host:10.0.0.5')!.querySelector('text'), 'text-anchor')).toBe('end');
    expect(attr(byId(svg, 'R:address:142.250.74.78')!.querySelector('text'), 'text-anchor')).toBe('start');
  });

  it('draws left→right links directly when there is no middle column, and single-node sides', async () => {
    const { svg } = await draw('sankey', DIRECT);
    expect(svg.querySelectorAll('path.link').length).toBe(3);
    expect(num(byId(svg, 'L:host:10.0.0.7')!.querySelector('rect'), 'x')).toBeLessThan(num(byId(svg, 'R:address:8.8.8.8')!.querySelector('rect'), 'x'));
    const one = graph([node('L:host:10.0.0.5', 'left', 10)], []);
    one.nodes.push(node('R:address:1.1.1.1', 'right', 10));
    one.links.push(link('L:host:10.0.0.5', 'R:address:1.1.1.1', 10));
    const single = await draw('sankey', one);
    expect(single.svg.querySelectorAll('g.node').length).toBe(2);
    expect(single.svg.querySelectorAll('path.link').length).toBe(1);
  });

  it('colours links by what happened to them', async () => {
    const { svg } = await draw('sankey', SMALL);
    const blocked = SMALL.links.find((l) => l.target === 'R:address:10.0.0.7')!;
    const accepted = SMALL.links.find((l) => l.target === 'R:address:142.250.74.78')!;
    const mixed = SMALL.links.find((l) => l.source === 'M:service:tcp/443' && l.target === 'R:address:203.0.113.9')!;
    expect(attr(linkEl(svg, blocked), 'stroke')).toBe(LIGHT.drop);
    expect(attr(linkEl(svg, accepted), 'stroke')).toBe(LIGHT.accept);
    const dark = await draw('sankey', SMALL, { palette: DARK });
    expect(attr(linkEl(dark.svg, blocked), 'stroke')).toBe(DARK.drop);
    const half = graph(DIRECT.nodes, [link('L:host:10.0.0.5', 'R:address:8.8.8.8', 100, { blocked: 50 })]);
    const h = attr(linkEl((await draw('sankey', half)).svg, half.links[0]), 'stroke');
    expect([LIGHT.accept, LIGHT.drop]).not.toContain(h);
    expect(mixed.blocked).toBeGreaterThan(0);
  });

  it('marks what is new since the baseline, and only that', async () => {
    const { svg } = await draw('sankey', SMALL);
    for (const n of SMALL.nodes) {
      const g = byId(svg, n.id)!;
      expect(g.getAttribute('class')!.split(' ').includes('new')).toBe(n.isNew);
      expect(g.querySelector('rect')!.getAttribute('stroke') === LIGHT.fresh).toBe(n.isNew);
      expect(g.querySelector('.new-badge') !== null).toBe(n.isNew);
    }
    for (const l of SMALL.links) {
      const id = `${l.source}→${l.target}`;
      expect(attr(linkEl(svg, l), 'class').includes('new')).toBe(l.isNew);
      expect(svg.querySelector(`[data-for="${id}"]`) !== null).toBe(l.isNew);
    }
  });

  it('draws "other" folded: muted, dashed, with its count in the label', async () => {
    const { svg } = await draw('sankey', SMALL);
    const g = byId(svg, 'R:other')!;
    expect(g.getAttribute('class')).toContain('other');
    expect(g.querySelector('rect')!.getAttribute('stroke-dasharray')).toBeTruthy();
    expect(g.querySelector('text .name')!.textContent).toMatch(/^other address.* \(17 folded\)$/);
    expect(g.querySelector('text .count')!.textContent).toContain('245');
  });

  it('escapes attacker-written labels and stays well-formed XML', async () => {
    const { text } = await draw('sankey', SMALL);
    expect(text).not.toContain('<script');
    expect(text).toContain('&lt;script&gt;');
    expect(text).toContain('Evil &quot;Corp&quot;');
    assertWellFormedXml(text);
    expect(text).toContain('aria-label="Evil &quot;Corp&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co&#39;s: 434 events');
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.querySelectorAll('g.node').length).toBe(SMALL.nodes.length);
    expect(doc.querySelectorAll('script').length).toBe(0);
  });

  it('gives every clickable mark focus, a role, a name and an id', async () => {
    const { svg } = await draw('sankey', SMALL);
    const marks = [...svg.querySelectorAll('g.node, path.link')];
    expect(marks.length).toBe(SMALL.nodes.length + SMALL.links.length);
    for (const m of marks) {
      expect(m.getAttribute('tabindex')).toBe('0');
      expect(['img', 'button']).toContain(m.getAttribute('role'));
      expect(m.getAttribute('aria-label')).toBeTruthy();
      expect(m.getAttribute('data-id')).toBeTruthy();
    }
    expect(attr(byId(svg, 'L:host:10.0.0.5→M:service:tcp/22'), 'aria-label')).toBe('10.0.0.5 (ws-finance-01) → ssh: 134 events, 96% blocked, ports tcp/22');
  });

  it('calls back on click and on Enter/Space when interactive', async () => {
    const nodes: string[] = [], links: string[] = [], hovers: Array<string | null> = [];
    const { svg } = await draw('sankey', SMALL, {
      interactive: true, onNodeClick: (n) => nodes.push(n.id), onLinkClick: (l) => links.push(`${l.source}→${l.target}`),
      onHover: (h) => hovers.push(h ? (h.node?.id ?? 'link') : null),
    });
    const win = svg.ownerDocument!.defaultView as unknown as { Event: typeof Event };
    const key = (k: string) => Object.assign(new win.Event('keydown'), { key: k });
    const mark = byId(svg, 'L:host:10.0.0.7')!;
    expect(mark.getAttribute('role')).toBe('button');
    mark.dispatchEvent(new win.Event('click'));
    mark.dispatchEvent(key('Enter'));
    mark.dispatchEvent(key('x'));
    byId(svg, 'M:service:tcp/22→R:address:10.0.0.7')!.dispatchEvent(key(' '));
    mark.dispatchEvent(new win.Event('mouseenter'));
    mark.dispatchEvent(new win.Event('mouseleave'));
    expect(nodes).toEqual(['L:host:10.0.0.7', 'L:host:10.0.0.7']);
    expect(links).toEqual(['M:service:tcp/22→R:address:10.0.0.7']);
    expect(hovers).toEqual(['L:host:10.0.0.7', null]);
  });

  it('dims what the search did not find', async () => {
    const { svg } = await draw('sankey', SMALL, { highlight: new Set(['L:host:10.0.0.7']) });
    expect(byId(svg, 'L:host:10.0.0.7')!.getAttribute('opacity')).toBeNull();
    expect(byId(svg, 'L:host:10.0.0.5')!.getAttribute('opacity')).toBe('0.3');
  });

  it('says so when nothing matches', async () => {
    for (const kind of ['sankey', 'network'] as const) {
      const { svg } = await draw(kind, graph([], []));
      expect(svg.textContent).toContain('No traffic matches');
      expect(svg.querySelectorAll('g.node').length).toBe(0);
    }
  });

  it('is deterministic', async () => {
    expect((await draw('sankey', SMALL)).text).toBe((await draw('sankey', SMALL)).text);
  });
});

describe('flow network', () => {
  it('merges an address seen on both sides into one node', async () => {
    const merged = mergeGraph(DIRECT);
    expect(merged.nodes.map((n) => n.id).sort()).toEqual(['address:10.0.0.5', 'address:10.0.0.7', 'address:8.8.8.8']);
    expect(merged.nodes.find((n) => n.id === 'address:10.0.0.7')!.events).toBe(300);
    const { svg } = await draw('network', DIRECT);
    expect(svg.querySelectorAll('g.node').length).toBe(3);
    expect(svg.querySelectorAll('path.link').length).toBe(3);
    expect(byId(svg, 'address:10.0.0.5→address:10.0.0.7')).not.toBeNull();
    expect(attr(byId(svg, 'address:10.0.0.5→address:10.0.0.7'), 'stroke')).toBe(LIGHT.drop);
    // The fixture's 10.0.0.7 (left host, right address) is one node; the two "other"s stay apart.
    const small = await draw('network', SMALL);
    expect(small.svg.querySelectorAll('g.node').length).toBe(SMALL.nodes.length - 1);
    expect(byId(small.svg, 'L:other')).not.toBeNull();
    expect(byId(small.svg, 'R:other')).not.toBeNull();
  });

  it('highlights a merged node when the search names any of its sides', async () => {
    const { svg } = await draw('network', DIRECT, { highlight: new Set(['R:address:10.0.0.7']) });
    expect(byId(svg, 'address:10.0.0.7')!.getAttribute('opacity')).toBeNull();
    expect(byId(svg, 'address:8.8.8.8')!.getAttribute('opacity')).toBe('0.3');
  });

  it('sizes nodes by weight and keeps them inside the picture', async () => {
    const { svg } = await draw('network', SMALL);
    const r = (id: string) => num(byId(svg, id)!.querySelector('circle'), 'r');
    expect(r('service:tcp/443')).toBeGreaterThan(r('service:tcp/22'));
    for (const g of svg.querySelectorAll('g.node')) {
      const [x, y] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(g.getAttribute('transform')!)!.slice(1).map(Number);
      expect(x).toBeGreaterThan(0); expect(x).toBeLessThan(900);
      expect(y).toBeGreaterThan(0); expect(y).toBeLessThan(420);
    }
  });

  it('attaches clicks, drag and zoom when interactive, and detaches them', async () => {
    const clicked: string[] = [];
    const { svg } = await svgDocument(600, 300);
    const handle = network(svg, DIRECT, { width: 600, height: 300, palette: LIGHT, interactive: true, onNodeClick: (n) => clicked.push(n.id) });
    const win = svg.ownerDocument!.defaultView as unknown as { Event: typeof Event };
    byId(svg, 'address:10.0.0.7')!.dispatchEvent(new win.Event('click'));
    expect(clicked).toEqual(['address:10.0.0.7']);
    expect(byId(svg, 'address:10.0.0.7')!.getAttribute('role')).toBe('button');
    handle.destroy();
    byId(svg, 'address:10.0.0.7')!.dispatchEvent(new win.Event('click'));
    expect(clicked.length).toBe(1);
  });

  it('is deterministic and escapes labels', async () => {
    const a = await draw('network', SMALL), b = await draw('network', SMALL);
    expect(a.text).toBe(b.text);
    expect(a.text).not.toContain('<script');
    assertWellFormedXml(a.text);
  });
});

describe('flow DOT', () => {
  /** DOT with every quoted string taken out: what is left is the statement structure. */
  const skeleton = (dot: string) => dot.replace(/"(?:[^"\\]|\\[\s\S])*"/g, 'S');

  it('has one node per FlowNode and one edge per link, labelled with its events', () => {
    const dot = flowDot(SMALL);
    expect(dot.startsWith('digraph fwlens {')).toBe(true);
    expect(dot).toContain('rankdir="LR"');
    const edges = dot.split('\n').filter((l) => skeleton(l).includes('->'));
    expect(edges.length).toBe(SMALL.links.length);
    for (const l of SMALL.links) {
      const line = edges.find((e) => e.startsWith(`  ${dotString(l.source)} -> ${dotString(l.target)} `))!;
      expect(line).toContain(`label="${l.events.toLocaleString('en-US')}"`);
    }
    expect(dot).toContain('label="142.250.74.78 · Google LLC\\n900 events · 0% blocked"');
  });

  it('draws wider edges for heavier links', () => {
    const dot = flowDot(DIRECT);
    const pw = (l: FlowLink) => Number(/penwidth=([\d.]+)/.exec(dot.split('\n').find((e) => e.startsWith(`  ${dotString(l.source)} -> ${dotString(l.target)} `))!)![1]);
    const [w200, w300, w100] = DIRECT.links.map(pw);
    expect(w300).toBeGreaterThan(w200);
    expect(w200).toBeGreaterThan(w100);
  });

  it('cannot be broken out of by a hostile id or label', () => {
    const evilId = 'L:host:x"\n] ; "pwn" -> "y" [label="\\';
    const g = graph([node(evilId, 'left', 5, { label: 'a"b\nc\\"; d' }), node('R:address:1.1.1.1', 'right', 5)], [link(evilId, 'R:address:1.1.1.1', 5)]);
    const dot = flowDot(g);
    expect(dotString('a"b\nc\\')).toBe('"a\\"b\\nc\\\\"');
    const sk = skeleton(dot);
    expect(sk.match(/->/g)!.length).toBe(1);
    // Every quoted string ends on its own line: no raw line break survives inside one.
    for (const line of dot.split('\n')) expect((skeleton(line).match(/"/g) ?? []).length).toBe(0);
  });
});

describe('export frame', () => {
  it('wraps a chart with an escaped title, subtitle and legend', async () => {
    const legend = flowLegend(LIGHT, true);
    expect(legend.map((i) => i.label)).toContain('new since baseline');
    expect(flowLegend(LIGHT, false).map((i) => i.label)).not.toContain('new since baseline');
    const area = chartArea({ width: 1000, height: 600, legend, subtitle: 'x' });
    const { svg } = await draw('sankey', SMALL, { width: area.width, height: area.height });
    const out = frameSvg(svg, { title: 'Case <b>"x" & \'y\'', subtitle: '2024-03-01 · src = \'10.0.0.5\'', legend, width: 1000, height: 600, palette: LIGHT });
    assertWellFormedXml(out);
    expect(out.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="600"')).toBe(true);
    expect(out).toContain('Case &lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;');
    expect(out).toContain(`fill="${LIGHT.bg}"`);
    for (const item of legend) expect(out).toContain(`>${escapeXml(item.label)}</text>`);
  });
});

describe('chart-dom helpers', () => {
  it('formats counts and truncates by estimated width', () => {
    expect([fmtShort(999), fmtShort(1234), fmtShort(123456), fmtShort(3_400_000)]).toEqual(['999', '1.2k', '123k', '3.4M']);
    expect(truncate('abcdefghij', 60, 10)).toBe('abcdefghij');
    expect(truncate('abcdefghijk', 60, 10)).toBe('abcdefghi…');
  });
});

describe('snapshots', () => {
  const snap = async (kind: 'sankey' | 'network', palette: Palette) => (await draw(kind, SMALL, { palette })).text;
  it('sankey, light', async () => { await expect(await snap('sankey', LIGHT)).toMatchFileSnapshot('./__snapshots__/flow-sankey-small.svg'); });
  it('sankey, dark', async () => { await expect(await snap('sankey', DARK)).toMatchFileSnapshot('./__snapshots__/flow-sankey-small-dark.svg'); });
  it('network, light', async () => { await expect(await snap('network', LIGHT)).toMatchFileSnapshot('./__snapshots__/flow-network-small.svg'); });
});
