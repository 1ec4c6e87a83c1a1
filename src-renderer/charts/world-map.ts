// The world map: external ends by country as a choropleth (plus city points where known).
import * as d3 from 'd3';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import world from 'world-atlas/countries-110m.json' with { type: 'json' };
import type { CountryCount, GeoSummary } from '../../src-main/shared/visual.ts';
import type { Palette } from './palette.ts';
import { ALPHA2_BY_NUMERIC, SMALL_COUNTRY_POINTS, countryName } from './iso-numeric.ts';
import { clean, compact, destroyer, emptyText, fmtInt, onActivate, prepare, r1, type Sel } from './axis-util.ts';

export interface WorldMapOptions {
  width: number;
  /** Default: what the map needs at this width, plus room for the legend. */
  height?: number;
  palette: Palette;
  onCountryClick?(code: string, ev: Event): void;
  onHover?(country: CountryCount | null, ev: Event): void;
}

// 110m shapes carry no id for these; the geo databases file their addresses under these codes.
const BY_NAME: Record<string, string> = { Kosovo: 'XK', Somaliland: 'SO', 'N. Cyprus': 'CY' };

const topo = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
/** Converted once per process: the shapes never change. */
let shapes: Array<Feature<Geometry, { name: string }>> | null = null;
function countries(): Array<Feature<Geometry, { name: string }>> {
  shapes ??= (feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;
  return shapes;
}

/** The alpha-2 code of a world-atlas feature, or null (none for Northern Cyprus-like leftovers). */
export function featureCode(f: Feature<Geometry, { name: string }>): string | null {
  const id = f.id == null ? '' : String(f.id);
  return ALPHA2_BY_NUMERIC[id] ?? BY_NAME[f.properties?.name] ?? null;
}

/** Whether the palette is a dark one (by its background's lightness). */
const isDark = (p: Palette) => (d3.hsl(p.bg).l || 0) < 0.5;

/**
 * The fill ramp, low to high. Blue, to stay clear of the action colours (red means blocked).
 * On light backgrounds more traffic is darker; on dark ones, brighter, so the busiest country
 * always stands out most from the background and from the neutral no-traffic fill.
 */
export function mapRamp(p: Palette): (t: number) => string {
  return isDark(p) ? d3.interpolateLab('#234d80', '#a8d5ff') : d3.interpolateLab('#c9dcf5', '#0b3f8f');
}

/** The fill of countries without traffic: a step from the background toward the line colour. */
export function neutralFill(p: Palette): string {
  return d3.interpolateLab(p.bg, p.line)(0.6);
}

/** "Germany (DE): 1,234 events from 56 addresses, 12% blocked". */
export function countryLabel(c: CountryCount & { country: string }): string {
  const pct = c.events ? (c.blocked / c.events) * 100 : 0;
  const blocked = pct > 0 && pct < 1 ? '<1%' : `${Math.round(pct)}%`;
  const addr = `${fmtInt(c.addresses)} address${c.addresses === 1 ? '' : 'es'}`;
  return `${clean(countryName(c.country))} (${clean(c.country)}): ${fmtInt(c.events)} event${c.events === 1 ? '' : 's'} from ${addr}, ${blocked} blocked`;
}

export function render(svg: SVGSVGElement, data: GeoSummary, opts: WorldMapOptions): { destroy(): void } {
  const { width, palette: p } = opts;
  const legendH = 34;
  const byCode = new Map<string, CountryCount & { country: string }>();
  for (const c of data.countries) {
    if (!c.country || c.events <= 0) continue;
    const code = c.country.toUpperCase();
    const prev = byCode.get(code);
    byCode.set(code, prev
      ? { ...prev, events: prev.events + c.events, addresses: prev.addresses + c.addresses, blocked: prev.blocked + c.blocked }
      : { ...c, country: code });
  }
  const total = d3.sum(data.countries, (c) => c.events);
  // Antarctica only when it has traffic: otherwise it takes a sixth of the height for nothing.
  const shown = countries().filter((f) => featureCode(f) !== 'AQ' || byCode.has('AQ'));
  const land: FeatureCollection = { type: 'FeatureCollection', features: shown };
  let height = opts.height ?? 0;
  if (!height) {
    const [[, y0], [, y1]] = d3.geoPath(d3.geoNaturalEarth1().fitWidth(width - 8, land)).bounds(land);
    height = Math.ceil(y1 - y0) + 8 + legendH;
  }
  const s = prepare(svg, width, height, p, `Map of external addresses by country: ${fmtInt(total)} events in ${byCode.size} countries`);
  if (!byCode.size && !data.cities.length) {
    emptyText(s, width, height, p, 'No external addresses with a country');
    return destroyer(svg);
  }

  const projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [width - 4, height - legendH - 4]], land);
  const path = d3.geoPath(projection).digits(1);
  // Log, because country counts span orders of magnitude (one scanner country dwarfs the rest);
  // from the quietest country with traffic, so the whole ramp is used.
  const [min, max] = d3.extent([...byCode.values()], (c) => c.events) as [number, number];
  const scale = d3.scaleSequentialLog(mapRamp(p)).domain(byCode.size ? [min < max ? min : max / 10, max] : [1, 10]);
  const neutral = neutralFill(p);
  const root = s.append('g');

  const placed = new Set<string>();
  // Hover/focus outline: a copy drawn on top. Raising the shape itself would reorder the DOM,
  // which moves the tab order and drops focus from the element being focused.
  let outline: Sel<SVGPathElement> | null = null;
  const interactive = (el: Sel<SVGElement>, c: CountryCount & { country: string }, stroke: string, strokeWidth: number) => {
    placed.add(c.country);
    el.attr('tabindex', 0).attr('role', 'button').attr('aria-label', countryLabel(c)).attr('data-country', c.country)
      .attr('cursor', opts.onCountryClick ? 'pointer' : null);
    el.append('title').text(countryLabel(c));
    if (opts.onCountryClick) { const click = opts.onCountryClick; onActivate(el, (ev) => click(c.country, ev)); }
    // Hover and focus both report the country, so a keyboard user gets the same tooltip.
    el.on('mouseenter.chart focus.chart', (ev: Event) => {
      el.attr('stroke', p.fg).attr('stroke-width', 1.2);
      if (el.attr('d')) outline?.attr('d', el.attr('d')).attr('display', null);
      opts.onHover?.(c, ev);
    }).on('mouseleave.chart blur.chart', (ev: Event) => {
      el.attr('stroke', stroke).attr('stroke-width', strokeWidth);
      outline?.attr('display', 'none');
      opts.onHover?.(null, ev);
    });
  };

  const shapesG = root.append('g').attr('class', 'countries');
  for (const f of shown) {
    const code = featureCode(f);
    const c = code ? byCode.get(code) : undefined;
    const el = shapesG.append('path').attr('d', path(f)).attr('fill', c ? scale(c.events) : neutral)
      .attr('stroke', p.line).attr('stroke-width', 0.5);
    if (c) interactive(el as unknown as Sel<SVGElement>, c, p.line, 0.5);
  }

  // Countries with traffic but no 110m shape (Singapore, Hong Kong, Malta…): a marker where they are.
  const drawn = new Set(countries().map(featureCode));
  const small = root.append('g');
  for (const c of [...byCode.values()].sort((a, b) => a.country.localeCompare(b.country))) {
    const at = SMALL_COUNTRY_POINTS[c.country];
    if (drawn.has(c.country) || !at) continue;
    const [cx, cy] = projection([at[0], at[1]]) ?? [0, 0];
    const el = small.append('circle').attr('cx', r1(cx)).attr('cy', r1(cy)).attr('r', 3.5).attr('fill', scale(c.events))
      .attr('stroke', p.fg).attr('stroke-width', 0.8);
    interactive(el as unknown as Sel<SVGElement>, c, p.fg, 0.8);
  }

  outline = root.append('path').attr('fill', 'none').attr('stroke', p.fg).attr('stroke-width', 1.2)
    .attr('pointer-events', 'none').attr('display', 'none');

  // City points: area stands for events; biggest drawn first so small ones stay on top.
  if (data.cities.length) {
    const r = d3.scaleSqrt().domain([0, d3.max(data.cities, (c) => c.events) ?? 1]).range([0, Math.max(6, width / 70)]);
    // In the text colour: dark on a light map, light on a dark one, and clear of the blue ramp.
    const cities = root.append('g').attr('fill', p.fg).attr('fill-opacity', 0.3).attr('stroke', p.fg).attr('stroke-width', 0.8);
    const sorted = [...data.cities].sort((a, b) => b.events - a.events || a.city.localeCompare(b.city));
    for (const c of sorted) {
      const at = projection([c.lon, c.lat]);
      if (!at) continue;
      cities.append('circle').attr('cx', r1(at[0])).attr('cy', r1(at[1])).attr('r', r1(Math.max(1.5, r(c.events))))
        .append('title').text(clean(`${c.city}${c.country ? `, ${countryName(c.country)}` : ''}: ${fmtInt(c.events)} events`));
    }
  }

  const unplaced = total - d3.sum([...byCode.values()], (c) => (placed.has(c.country) ? c.events : 0));
  legend(root, scale, p, 8, height - legendH + 6, unplaced);
  return destroyer(svg);
}

/** The colour ramp with its min and max, and what could not be placed on the map. */
function legend(g: Sel<SVGGElement>, scale: d3.ScaleSequential<string>, p: Palette, x: number, y: number, unplaced: number): void {
  const [lo, hi] = scale.domain();
  const steps = 40;
  const w = 160;
  const lg = g.append('g');
  lg.append('text').attr('x', x).attr('y', y + 8).attr('fill', p.muted).text('events');
  const x0 = x + 46;
  // Stepped rects rather than a gradient: a gradient needs an id, and ids collide between charts.
  for (let i = 0; i < steps; i++) {
    const v = lo * Math.pow(hi / lo, (i + 0.5) / steps);
    lg.append('rect').attr('x', r1(x0 + (w / steps) * i)).attr('y', y).attr('width', r1(w / steps + 0.3)).attr('height', 10).attr('fill', scale(v));
  }
  lg.append('text').attr('x', x0).attr('y', y + 23).attr('fill', p.muted).text(compact(Math.round(lo)));
  lg.append('text').attr('x', x0 + w).attr('y', y + 23).attr('text-anchor', 'end').attr('fill', p.muted).text(compact(hi));
  if (unplaced > 0) {
    lg.append('text').attr('x', x0 + w + 16).attr('y', y + 8).attr('fill', p.muted).text(`not on the map (no or unknown country): ${fmtInt(unplaced)} events`);
  }
}
