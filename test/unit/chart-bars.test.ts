// The bar and line charts, drawn in Node into a linkedom document.
// Serialised with chart-dom's serializeSvg (what the CLI writes): linkedom's outerHTML leaves `<` and `&`
// in attribute values unescaped, which is HTML but not XML.
import { describe, it, expect } from 'vitest';
import { parseHTML } from 'linkedom';
import { serializeSvg } from '../../src-renderer/charts/chart-dom.ts';
import { LIGHT } from '../../src-renderer/charts/palette.ts';
import { render as renderBars, type BarItem } from '../../src-renderer/charts/bar-chart.ts';
import { render as renderLine, xKind, parseTime } from '../../src-renderer/charts/line-chart.ts';
import { clean, compact, truncate } from '../../src-renderer/charts/axis-util.ts';

function dom() {
  const { document, window } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg') as unknown as SVGSVGElement;
  document.body.appendChild(svg as unknown as Node);
  return { document, window, svg };
}

const bars: BarItem[] = [
  { label: 'Hetzner Online GmbH', value: 1200, key: 'AS24940' },
  { label: 'DigitalOcean, LLC', value: 600, key: 'AS14061' },
  { label: '<script>alert(1)</script>', value: 300, key: 'evil' },
  { label: 'Amazon.com, Inc. — a very long organisation name from whois that will not fit', value: 150, color: '#123456' },
];
const barRects = (svg: SVGSVGElement) => [...svg.querySelectorAll('g.bar')].map((g) => g.querySelectorAll('rect')[1]);

describe('bar chart', () => {
  it('draws bar lengths in proportion to the values', () => {
    const { svg } = dom();
    renderBars(svg, bars, { width: 500, palette: LIGHT });
    const w = barRects(svg).map((r) => Number(r.getAttribute('width')));
    expect(w[1] / w[0]).toBeCloseTo(0.5, 2);
    expect(w[2] / w[0]).toBeCloseTo(0.25, 2);
    expect(barRects(svg)[3].getAttribute('fill')).toBe('#123456');
    expect(barRects(svg)[0].getAttribute('fill')).toBe(LIGHT.accent);
    const values = [...svg.querySelectorAll('g.bar text')].map((t) => t.textContent);
    expect(values).toContain('1,200');
    // The height grows with the bars.
    const h4 = Number(svg.getAttribute('height'));
    renderBars(svg, [...bars, ...bars], { width: 500, palette: LIGHT });
    expect(Number(svg.getAttribute('height'))).toBeGreaterThan(h4);
  });

  it('escapes labels and cuts long ones', () => {
    const { svg } = dom();
    renderBars(svg, bars, { width: 500, palette: LIGHT });
    expect(svg.querySelectorAll('script').length).toBe(0);
    expect(serializeSvg(svg)).toContain('&lt;script&gt;');
    expect(serializeSvg(svg)).not.toMatch(/="[^"]*</); // no raw < in an attribute either
    const labels = [...svg.querySelectorAll('g.bar > text:first-of-type')].map((t) => t.textContent!);
    expect(labels[3].endsWith('…')).toBe(true);
    expect(labels[3].length).toBeLessThan(bars[3].label.length);
    // The full label stays in the tooltip and aria label.
    expect(svg.querySelectorAll('g.bar')[3].getAttribute('aria-label')).toBe(`${bars[3].label}: 150`);
    expect(truncate('abcdef', 30, 10)).toBe('abcd…');
    expect(clean('a\u0000b\u202ec')).toBe('abc');
  });

  it('makes bars buttons only when they do something', () => {
    const { svg, window } = dom();
    renderBars(svg, bars, { width: 500, palette: LIGHT, valueLabel: 'events' });
    const g0 = svg.querySelector('g.bar')!;
    expect(g0.getAttribute('role')).toBe('img');
    expect(g0.getAttribute('tabindex')).toBeNull();
    expect(g0.getAttribute('aria-label')).toBe('Hetzner Online GmbH: 1,200 events');
    const clicked: unknown[] = [];
    renderBars(svg, bars, { width: 500, palette: LIGHT, onBarClick: (item) => clicked.push(item.key) });
    const g = svg.querySelectorAll('g.bar')[1];
    expect(g.getAttribute('role')).toBe('button');
    expect(g.getAttribute('tabindex')).toBe('0');
    g.dispatchEvent(new window.Event('click'));
    g.dispatchEvent(Object.assign(new window.Event('keydown'), { key: 'Enter' }));
    expect(clicked).toEqual(['AS14061', 'AS14061']);
  });

  it('caps the bars and counts the rest', () => {
    const { svg } = dom();
    renderBars(svg, bars, { width: 400, palette: LIGHT, maxBars: 2 });
    expect(svg.querySelectorAll('g.bar').length).toBe(2);
    expect(svg.textContent).toContain('+ 2 more');
    renderBars(svg, [], { width: 400, palette: LIGHT });
    expect(svg.textContent).toBe('No data');
  });

  it('matches its snapshot', async () => {
    const { svg } = dom();
    renderBars(svg, bars, { width: 500, palette: LIGHT, valueLabel: 'events', onBarClick: () => {} });
    await expect(serializeSvg(svg)).toMatchFileSnapshot('./__snapshots__/chart-bars.svg');
  });
});

const series = [
  { x: '2024-03-03T00:00:00Z', y: 5 },
  { x: '2024-03-03 06:00:00', y: 12 },
  { x: '2024-03-03T12:00:00Z', y: 3 },
  { x: '2024-03-03T18:00:00Z', y: 40 },
  { x: '2024-03-04T00:00:00Z', y: 9 },
];

describe('line chart', () => {
  it('picks the x scale from the values', () => {
    expect(xKind(series)).toBe('time');
    expect(xKind([{ x: new Date(0), y: 1 }])).toBe('time');
    expect(xKind([{ x: 22, y: 1 }, { x: 443, y: 2 }])).toBe('number');
    expect(xKind([{ x: 'tcp/22', y: 1 }, { x: '2024-03-03', y: 2 }])).toBe('category');
    expect(xKind([{ x: '443', y: 1 }])).toBe('category');
    expect(parseTime('2024-03-03 06:00:00')!.toISOString()).toBe('2024-03-03T06:00:00.000Z');
    expect(parseTime('2024-03-03T06:00:00+02:00')!.toISOString()).toBe('2024-03-03T04:00:00.000Z');
    expect(parseTime('yesterday')).toBeNull();
    expect(compact(1234)).toBe('1.2k');
    expect(compact(0.25)).toBe('0.25');
  });

  it('draws a time axis and focusable points for ISO x values', () => {
    const { svg } = dom();
    renderLine(svg, series, { width: 480, palette: LIGHT, yLabel: 'events' });
    const texts = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('Mar 04');
    expect(texts).toContain('12:00');
    const pts = [...svg.querySelectorAll('circle')];
    expect(pts.length).toBe(5);
    expect(pts[1].getAttribute('aria-label')).toBe('2024-03-03 06:00:00 UTC: 12 events');
    expect(pts[1].getAttribute('tabindex')).toBe('0');
    // Later in time is further right.
    const cx = pts.map((c) => Number(c.getAttribute('cx')));
    expect([...cx].sort((a, b) => a - b)).toEqual(cx);
  });

  it('keeps categories in query order and escapes them', () => {
    const { svg } = dom();
    renderLine(svg, [{ x: 'b<i>', y: 2 }, { x: 'a', y: 1 }], { width: 300, palette: LIGHT });
    const pts = [...svg.querySelectorAll('circle')];
    expect(pts[0].getAttribute('aria-label')).toBe('b<i>: 2');
    expect(Number(pts[0].getAttribute('cx'))).toBeLessThan(Number(pts[1].getAttribute('cx')));
    expect(svg.querySelectorAll('i').length).toBe(0);
  });

  it('matches its snapshot', async () => {
    const { svg } = dom();
    renderLine(svg, series, { width: 480, palette: LIGHT, xLabel: 'hour', yLabel: 'events' });
    await expect(serializeSvg(svg)).toMatchFileSnapshot('./__snapshots__/chart-line.svg');
  });
});
