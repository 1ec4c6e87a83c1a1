// The timeline and world map charts, drawn in Node into a linkedom document.
// Serialised with chart-dom's serializeSvg (what the CLI writes): linkedom's outerHTML leaves `<` and `&`
// in attribute values unescaped, which is HTML but not XML.
import { describe, it, expect } from 'vitest';
import { parseHTML } from 'linkedom';
import * as d3 from 'd3';
import world from 'world-atlas/countries-110m.json' with { type: 'json' };
import type { GeoSummary, Timeline } from '../../src-main/shared/visual.ts';
import { serializeSvg } from '../../src-renderer/charts/chart-dom.ts';
import { LIGHT, DARK } from '../../src-renderer/charts/palette.ts';
import { render as renderTimeline, brushRange, type TimeRange } from '../../src-renderer/charts/timeline.ts';
import { render as renderMap, mapRamp, neutralFill, countryLabel } from '../../src-renderer/charts/world-map.ts';
import { ISO_NUMERIC, COUNTRY_NAMES, ALPHA2_BY_NUMERIC, countryName } from '../../src-renderer/charts/iso-numeric.ts';
import { timeTicks, zoneOffsetMinutes, zoneName } from '../../src-renderer/charts/axis-util.ts';

function dom() {
  const { document, window } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg') as unknown as SVGSVGElement;
  document.body.appendChild(svg as unknown as Node);
  return { document, window, svg };
}

const T0 = Date.parse('2024-03-03T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

const timeline: Timeline = {
  bucketSeconds: 300, bucketLabel: '5 min', from: at(0), until: at(25), actions: ['ACCEPT', 'DROP', 'REJECT', 'LOG'],
  buckets: [
    { t: at(0), counts: { ACCEPT: 10, DROP: 5 } },
    { t: at(5), counts: { ACCEPT: 20 } },
    { t: at(10), counts: { DROP: 30, REJECT: 5, LOG: 5 } },
    { t: at(20), counts: { ACCEPT: 2 } },
  ],
  total: 77, untimed: 3, sql: '', elapsedMs: 1,
};

describe('timeline', () => {
  it('stacks each bucket by action, heights in proportion to its total', () => {
    const { svg } = dom();
    renderTimeline(svg, timeline, { width: 480, height: 180, palette: LIGHT });
    const groups = [...svg.querySelectorAll('g[data-t]')];
    expect(groups.map((g) => g.getAttribute('data-t'))).toEqual(timeline.buckets.map((b) => b.t));
    const perEvent = groups.map((g, i) => {
      const sum = [...g.querySelectorAll('rect')].reduce((s, r) => s + Number(r.getAttribute('height')), 0);
      const total = Object.values(timeline.buckets[i].counts).reduce((a, b) => a + b, 0);
      return sum / total;
    });
    for (const k of perEvent) expect(k).toBeCloseTo(perEvent[0], 1);
    const drop = groups[2].querySelector('rect[data-action="DROP"]')!;
    expect(drop.getAttribute('fill')).toBe(LIGHT.drop);
    // LOG is not one of the three known actions: drawn as "other".
    expect(groups[2].querySelector('rect[data-action="other"]')!.getAttribute('fill')).toBe(LIGHT.otherAction);
    // ACCEPT at the bottom: its rect is the lowest (largest y) in the first bucket.
    const [acc, drp] = ['ACCEPT', 'DROP'].map((a) => Number(groups[0].querySelector(`rect[data-action="${a}"]`)!.getAttribute('y')));
    expect(acc).toBeGreaterThan(drp);
  });

  it('shows the bucket size, the zone and compact counts', () => {
    const { svg } = dom();
    renderTimeline(svg, { ...timeline, buckets: [{ t: at(0), counts: { DROP: 1200 } }], total: 1200 }, { width: 480, palette: LIGHT });
    const texts = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts.some((t) => t!.includes('bucket: 5 min'))).toBe(true);
    expect(texts).toContain('UTC');
    expect(texts).toContain('1.2k');
  });

  it('says so when there is nothing with a time', () => {
    const { svg } = dom();
    renderTimeline(svg, { ...timeline, buckets: [], total: 0 }, { width: 300, palette: LIGHT });
    expect(svg.textContent).toBe('No events with a time');
    expect(svg.querySelectorAll('rect').length).toBe(0);
  });

  it('snaps a brushed pixel range to bucket boundaries', () => {
    const x = d3.scaleUtc().domain([new Date(T0), new Date(T0 + 20 * 60_000)]).range([0, 200]); // 10 px a minute
    expect(brushRange(x, [12, 38], 300)).toEqual({ from: at(0), until: at(5) });
    expect(brushRange(x, [38, 12], 300)).toEqual({ from: at(0), until: at(5) }); // dragged leftwards
    expect(brushRange(x, [40, 130], 300)).toEqual({ from: at(5), until: at(15) });
    expect(brushRange(x, [2, 4], 300)).toEqual({ from: at(0), until: at(5) }); // at least one bucket
    expect(brushRange(x, [-50, 500], 300)).toEqual({ from: at(0), until: at(20) }); // kept in the domain
    // Buckets counted from an origin that is not a multiple of the size.
    const y = d3.scaleUtc().domain([new Date(T0 + 60_000), new Date(T0 + 21 * 60_000)]).range([0, 200]);
    expect(brushRange(y, [12, 38], 300, T0 + 60_000)).toEqual({ from: at(1), until: at(6) });
  });

  it('draws the given selection as the brush and clears it on double-click', () => {
    const { svg, window } = dom();
    const calls: Array<TimeRange | null> = [];
    renderTimeline(svg, timeline, { width: 480, height: 180, palette: LIGHT, onBrush: (r) => calls.push(r), selection: { from: at(5), until: at(10) } });
    const sel = svg.querySelector('.brush .selection')!;
    expect(Number(sel.getAttribute('width'))).toBeGreaterThan(0);
    expect(sel.getAttribute('fill')).toBe(LIGHT.accent);
    expect(calls).toEqual([]); // drawing the selection is not a user's brush
    svg.querySelector('.brush .overlay')!.dispatchEvent(new window.Event('dblclick', { bubbles: true }));
    expect(calls).toEqual([null]);
    expect(svg.querySelector('.brush .selection')!.getAttribute('style')).toMatch(/display: ?none/);
  });

  it('puts ticks on the chosen clock and names it', () => {
    const d: [Date, Date] = [new Date(T0), new Date(T0 + 20 * 60_000)];
    expect(timeTicks(d, 4).map((t) => t.label)).toEqual(['Mar 03', '00:05', '00:10', '00:15', '00:20']);
    const plus1 = timeTicks(d, 4, 60);
    expect(plus1.map((t) => t.label)).toEqual(['Mar 03 01:00', '01:05', '01:10', '01:15', '01:20']);
    expect(plus1[0].at.toISOString()).toBe(at(0));
    expect(zoneName(60)).toBe('UTC+01:00');
    expect(zoneName(-330)).toBe('UTC−05:30');
    expect(zoneOffsetMinutes('Europe/Berlin', new Date('2024-07-01T00:00:00Z'))).toBe(120);
    expect(zoneOffsetMinutes('UTC', new Date(T0))).toBe(0);
    const { svg } = dom();
    renderTimeline(svg, timeline, { width: 480, palette: LIGHT, offsetMinutes: 60 });
    expect([...svg.querySelectorAll('text')].map((t) => t.textContent)).toContain('UTC+01:00');
  });

  it('matches its snapshots, light and dark, and draws the same bytes twice', async () => {
    const { svg } = dom();
    renderTimeline(svg, timeline, { width: 480, height: 180, palette: LIGHT });
    const first = serializeSvg(svg);
    renderTimeline(svg, timeline, { width: 480, height: 180, palette: LIGHT });
    expect(serializeSvg(svg)).toBe(first);
    await expect(first).toMatchFileSnapshot('./__snapshots__/chart-timeline.svg');
    renderTimeline(svg, timeline, { width: 480, height: 180, palette: DARK });
    await expect(serializeSvg(svg)).toMatchFileSnapshot('./__snapshots__/chart-timeline-dark.svg');
  });
});

describe('iso-numeric', () => {
  it('maps well-known alpha-2 codes to their numeric codes and names', () => {
    const pairs: Record<string, string> = {
      DE: '276', US: '840', GB: '826', FR: '250', CN: '156', RU: '643', JP: '392',
      BR: '076', IN: '356', NL: '528', AU: '036', ZA: '710', CA: '124', UA: '804',
    };
    for (const [a, n] of Object.entries(pairs)) expect(ISO_NUMERIC[a], a).toBe(n);
    expect(countryName('DE')).toBe('Germany');
    expect(countryName('de')).toBe('Germany');
    expect(countryName('XK')).toBe('Kosovo');
    expect(countryName('ZZ')).toBe('ZZ');
    expect(Object.keys(COUNTRY_NAMES).length).toBeGreaterThanOrEqual(249);
  });

  it('gives no two alpha-2 codes the same numeric, and knows every world-atlas id', () => {
    const nums = Object.values(ISO_NUMERIC);
    expect(new Set(nums).size).toBe(nums.length);
    const ids = world.objects.countries.geometries.map((g) => (g as { id?: string }).id).filter((id): id is string => !!id);
    expect(ids.filter((id) => !ALPHA2_BY_NUMERIC[id])).toEqual([]);
  });
});

const geo: GeoSummary = {
  countries: [
    { country: 'US', events: 5000, addresses: 300, blocked: 4000 },
    { country: 'DE', events: 1234, addresses: 56, blocked: 148 },
    { country: 'CN', events: 300, addresses: 40, blocked: 300 },
    { country: 'SG', events: 40, addresses: 2, blocked: 0 },
    { country: null, events: 10, addresses: 1, blocked: 0 },
  ],
  cities: [{ city: 'Frankfurt <am Main>', country: 'DE', lat: 50.1, lon: 8.7, events: 900 }],
  sql: '', elapsedMs: 1,
};

describe('world map', () => {
  it('draws every world-atlas country, busiest strongest, the rest neutral', () => {
    const { svg } = dom();
    renderMap(svg, geo, { width: 640, palette: LIGHT });
    const paths = [...svg.querySelectorAll('.countries path')];
    // Every country but Antarctica, which is drawn only when it has traffic.
    expect(paths.length).toBe(world.objects.countries.geometries.length - 1);
    const fill = (c: string) => svg.querySelector(`[data-country="${c}"]`)!.getAttribute('fill')!;
    expect(fill('US')).toBe(mapRamp(LIGHT)(1));
    // On a light background more traffic is darker.
    expect(d3.lab(fill('US')).l).toBeLessThan(d3.lab(fill('DE')).l);
    expect(d3.lab(fill('DE')).l).toBeLessThan(d3.lab(fill('CN')).l);
    const quiet = paths.filter((p) => !p.getAttribute('data-country'));
    expect(quiet.length).toBe(paths.length - 3);
    for (const p of quiet) expect(p.getAttribute('fill')).toBe(neutralFill(LIGHT));
    // Too small for the 110m shapes: a marker instead.
    expect(svg.querySelector('circle[data-country="SG"]')).not.toBeNull();
    expect(svg.textContent).toContain('10 events');
  });

  it('draws Antarctica when it has traffic', () => {
    const { svg } = dom();
    renderMap(svg, { ...geo, countries: [{ country: 'AQ', events: 3, addresses: 1, blocked: 0 }] }, { width: 640, palette: LIGHT });
    expect(svg.querySelectorAll('.countries path').length).toBe(world.objects.countries.geometries.length);
    expect(svg.querySelector('[data-country="AQ"]')!.getAttribute('aria-label')).toBe('Antarctica (AQ): 3 events from 1 address, 0% blocked');
  });

  it('names and activates a country', () => {
    const { svg, window } = dom();
    const clicks: string[] = [];
    const hovers: Array<string | null> = [];
    renderMap(svg, geo, { width: 640, palette: LIGHT, onCountryClick: (c) => clicks.push(c), onHover: (c) => hovers.push(c?.country ?? null) });
    const de = svg.querySelector('[data-country="DE"]')!;
    expect(de.getAttribute('aria-label')).toBe('Germany (DE): 1,234 events from 56 addresses, 12% blocked');
    expect(de.getAttribute('role')).toBe('button');
    expect(de.getAttribute('tabindex')).toBe('0');
    de.dispatchEvent(new window.Event('click'));
    const key = (k: string) => Object.assign(new window.Event('keydown'), { key: k });
    de.dispatchEvent(key('Enter'));
    de.dispatchEvent(key(' '));
    de.dispatchEvent(key('a'));
    expect(clicks).toEqual(['DE', 'DE', 'DE']);
    const outline = svg.querySelector('path[pointer-events="none"]')!;
    de.dispatchEvent(new window.Event('mouseenter'));
    expect(outline.getAttribute('display')).toBeNull();
    expect(outline.getAttribute('d')).toBe(de.getAttribute('d'));
    de.dispatchEvent(new window.Event('mouseleave'));
    expect(outline.getAttribute('display')).toBe('none');
    expect(hovers).toEqual(['DE', null]);
    expect(countryLabel({ country: 'FR', events: 1, addresses: 1, blocked: 0 })).toBe('France (FR): 1 event from 1 address, 0% blocked');
    expect(countryLabel({ country: 'FR', events: 1000, addresses: 2, blocked: 3 })).toContain('<1% blocked');
  });

  it('draws city points with escaped names', () => {
    const { svg } = dom();
    renderMap(svg, geo, { width: 640, palette: LIGHT });
    const title = [...svg.querySelectorAll('circle title')].map((t) => t.textContent);
    expect(title).toContain('Frankfurt <am Main>, Germany: 900 events');
    expect(serializeSvg(svg)).toContain('Frankfurt &lt;am Main&gt;');
  });

  it('matches its snapshot', async () => {
    const { svg } = dom();
    renderMap(svg, geo, { width: 640, palette: LIGHT });
    await expect(serializeSvg(svg)).toMatchFileSnapshot('./__snapshots__/chart-world-map.svg');
  });
});
