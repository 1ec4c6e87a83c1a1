// A flow graph from the case: the request checked, the grouping-sets query run read-only, and its
// rows shaped into nodes (folded "other" included) and links (min weight, at most MAX_LINKS).
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FlowFrom, FlowGraph, FlowGraphRequest, FlowLink, FlowNode, FlowTo, FlowVia, NodeScope } from '../shared/visual.ts';
import { baselineSql, flowCountsSql, flowGraphSql } from '../db/flow-graph-sql.ts';
import { checkFilter, readOnly, readRows } from '../db/view-filter.ts';
import { checkViewFilter, field } from './request.ts';
import { iso, num as n } from '../app/result.ts';

export const MAX_LINKS = 2000;
export const FROM: readonly FlowFrom[] = ['host', 'subnet', 'interface'];
export const TO: readonly FlowTo[] = ['address', 'subnet', 'asn', 'country', 'port'];
export const VIA: readonly FlowVia[] = ['service', 'action'];

export const DEFAULT_FLOW_REQUEST: FlowGraphRequest = {
  where: 'TRUE', source: 'events', from: 'host', to: 'asn', via: null, direction: 'outbound', weight: 'events', top: 25, minWeight: 0, baseline: null,
};

/** The request with defaults filled and every field checked (throws AppError BAD_ARGUMENT). */
export function checkFlowRequest(input: unknown): FlowGraphRequest {
  const r = { ...DEFAULT_FLOW_REQUEST, ...checkViewFilter(input, ['source', 'from', 'to', 'via', 'direction', 'weight', 'top', 'minWeight', 'baseline']) } as Record<string, unknown>;
  const req: FlowGraphRequest = {
    where: r.where as string, source: field.oneOf(r.source, 'source', ['events', 'flows'] as const), from: field.oneOf(r.from, 'from', FROM), to: field.oneOf(r.to, 'to', TO),
    via: r.via === null ? null : field.oneOf(r.via, 'via', VIA),
    direction: field.oneOf(r.direction, 'direction', ['outbound', 'inbound', 'both', 'all'] as const),
    weight: field.oneOf(r.weight, 'weight', ['events', 'peers', 'ports', 'bytes', 'packets'] as const),
    top: field.int(r.top, 'top', 1, 500), minWeight: field.number(r.minWeight, 'minWeight', 0),
    baseline: r.baseline === null ? null : field.text(r.baseline, 'baseline', 64),
  };
  baselineSql(req.baseline);
  return { ...req, since: r.since as string | null, until: r.until as string | null };
}

const KIND_PLURAL: Record<string, string> = {
  host: 'hosts', subnet: 'subnets', interface: 'interfaces', address: 'addresses', asn: 'ASNs', country: 'countries',
  port: 'ports', service: 'services', action: 'actions',
};

function scopeOf(v: unknown): NodeScope {
  if (v === 'internal') return 'internal';
  if (v === 'external' || v === 'port') return 'external';
  return 'special';
}


type Row = Record<string, unknown>;
const COLS = { l: { bit: 4, side: 'left', tag: 'L' }, v: { bit: 2, side: 'middle', tag: 'M' }, r: { bit: 1, side: 'right', tag: 'R' } } as const;
type Col = keyof typeof COLS;

/** The columns a row is grouped by, from GROUPING(l, v, r). */
const groupedBy = (gid: number): Col[] => (Object.keys(COLS) as Col[]).filter((c) => (gid & COLS[c].bit) === 0);

function nodeId(col: Col, kind: string, key: unknown): string {
  return key === null || key === undefined ? `${COLS[col].tag}:other` : `${COLS[col].tag}:${kind}:${String(key)}`;
}

/** Shapes the query's rows; exported for tests on hand-made rows. */
export function shapeGraph(req: FlowGraphRequest, rows: Row[], counts: { events: number; noEnd: number }, baselineAt: string | null): Omit<FlowGraph, 'sql' | 'elapsedMs'> {
  const kinds: Record<Col, string> = { l: req.from, v: req.via ?? 'service', r: req.to };
  const nodes: FlowNode[] = [];
  const links: FlowLink[] = [];
  for (const row of rows) {
    const cols = groupedBy(n(row.gid));
    const events = n(row.events);
    const common = { events, weight: n(row.weight), blocked: n(row.blocked), firstSeen: iso(row.first_seen), lastSeen: iso(row.last_seen) };
    if (cols.length === 1) {
      const c = cols[0];
      const key = row[c] as string | null;
      const folded = key === null ? n(row[`${c}_values`]) : 0;
      nodes.push({
        id: nodeId(c, kinds[c], key), side: COLS[c].side, kind: key === null ? 'other' : kinds[c], key,
        label: key === null ? `other (${folded.toLocaleString('en-US')} ${KIND_PLURAL[kinds[c]] ?? 'values'})` : String(row[`${c}_label`] ?? key),
        scope: key === null ? 'other' : c === 'v' ? 'special' : scopeOf(row[`${c}_scope`]),
        ...common, isNew: key !== null && row.is_new === true, folded,
      });
    } else {
      const [a, b] = cols;
      const [ka, kb] = [row[a] as string | null, row[b] as string | null];
      links.push({
        source: nodeId(a, kinds[a], ka), target: nodeId(b, kinds[b], kb), ...common,
        peers: n(row.peers), ports: n(row.ports), bytes: n(row.bytes), packets: n(row.packets),
        isNew: ka !== null && kb !== null && row.is_new === true,
        samplePorts: Array.isArray(row.sample_ports) ? (row.sample_ports as unknown[]).filter((p) => p !== null).map(String) : [],
      });
    }
  }
  // Left-out links: under the minimum weight, then past the cap (heaviest kept; ties by name for a stable picture).
  links.sort((x, y) => y.weight - x.weight || y.events - x.events || (x.source + x.target).localeCompare(y.source + y.target));
  const kept = links.filter((l) => l.weight >= req.minWeight).slice(0, MAX_LINKS);
  const keptSet = new Set(kept);
  const first = (l: FlowLink) => l.source.startsWith('L:');
  const hiddenEvents = links.filter((l) => !keptSet.has(l) && first(l)).reduce((s, l) => s + l.events, 0);
  const used = new Set(kept.flatMap((l) => [l.source, l.target]));
  // Heaviest first within a column, "other" last: the picture reads top-down like a ranking.
  const order = { left: 0, middle: 1, right: 2 };
  nodes.sort((x, y) => order[x.side] - order[y.side] || Number(x.key === null) - Number(y.key === null) || y.weight - x.weight || x.id.localeCompare(y.id));
  return {
    request: req, nodes: nodes.filter((x) => used.has(x.id)), links: kept, events: counts.events, noEnd: counts.noEnd,
    hiddenEvents, capped: links.filter((l) => l.weight >= req.minWeight).length > MAX_LINKS, baselineAt,
  };
}

/** Runs the graph's queries on `conn` (a connection of its own, interruptible) in one read-only transaction. */
export async function flowGraph(conn: DuckDBConnection, req: FlowGraphRequest): Promise<FlowGraph> {
  const started = performance.now();
  await checkFilter(conn, req);
  const sql = flowGraphSql(req);
  return readOnly(conn, async () => {
    const rows = await readRows(conn, sql);
    const [c] = await readRows(conn, flowCountsSql(req));
    const b = baselineSql(req.baseline);
    const baselineAt = b ? iso((await readRows(conn, `SELECT ${b} AS t`))[0].t) : null;
    const shaped = shapeGraph(req, rows, { events: n(c.events), noEnd: n(c.no_end) }, baselineAt);
    return { ...shaped, sql, elapsedMs: Math.round(performance.now() - started) };
  });
}
