// The one query behind a flow graph: the filtered events' two ends (and a middle column), top N per
// column with the rest folded, and every node and link aggregated in one pass with GROUPING SETS.
import type { FlowDirection, FlowFrom, FlowGraphRequest, FlowTo, FlowVia, FlowWeight } from '../shared/visual.ts';
import { rangeSql, timeLiteral, whereSql } from './view-filter.ts';

/** Which address of an event is the left (internal) end, and the direction's condition. */
const DIRECTION: Record<FlowDirection, { left: 'src' | 'dst' | 'case'; cond: string }> = {
  outbound: { left: 'src', cond: `dst_scope = 'external' AND src_scope IS DISTINCT FROM 'external'` },
  inbound: { left: 'dst', cond: `src_scope = 'external' AND dst_scope IS DISTINCT FROM 'external'` },
  both: { left: 'case', cond: `(dst_scope = 'external') <> (src_scope = 'external')` },
  all: { left: 'src', cond: 'TRUE' },
};

/** An end's columns: the address, its number, scope, country, ASN and organisation. */
interface End { addr: string; num: string; scope: string; country: string; asn: string; org: string }

function ends(d: FlowDirection): { l: End; r: End } {
  const of = (p: 'src' | 'dst'): End => ({ addr: p, num: `${p}_num`, scope: `${p}_scope`, country: `${p}_country`, asn: `${p}_asn`, org: `${p}_org` });
  if (DIRECTION[d].left !== 'case') {
    const [a, b] = DIRECTION[d].left === 'src' ? (['src', 'dst'] as const) : (['dst', 'src'] as const);
    return { l: of(a), r: of(b) };
  }
  // "both": the internal end is whichever is not external.
  const pick = (col: keyof End, internal: boolean) => {
    const [s, t] = [of('src')[col], of('dst')[col]];
    return internal ? `CASE WHEN src_scope = 'external' THEN ${t} ELSE ${s} END` : `CASE WHEN src_scope = 'external' THEN ${s} ELSE ${t} END`;
  };
  const build = (internal: boolean): End => ({
    addr: pick('addr', internal), num: pick('num', internal), scope: pick('scope', internal),
    country: pick('country', internal), asn: pick('asn', internal), org: pick('org', internal),
  });
  return { l: build(true), r: build(false) };
}

/** The /24 (IPv4) or /64 (IPv6) of an address, as text, from its number. */
function subnetSql(e: End): string {
  const b = (shift: number, mask: string) => `((${e.num} >> ${shift}) & ${mask})::BIGINT`;
  return `CASE WHEN ${e.addr} IS NULL THEN NULL WHEN family = 4
    THEN printf('%d.%d.%d.0/24', ${b(24, '255')}, ${b(16, '255')}, ${b(8, '255')})
    ELSE printf('%x:%x:%x:%x::/64', ${b(112, '65535')}, ${b(96, '65535')}, ${b(80, '65535')}, ${b(64, '65535')}) END`;
}

const PORT_KEY = `CASE WHEN dport IS NULL THEN lower(proto) ELSE lower(proto) || '/' || dport END`;

/** Key and label of the left column. */
function leftSql(from: FlowFrom, d: FlowDirection, l: End): { key: string; label: string; scope: string } {
  switch (from) {
    case 'host': return { key: l.addr, label: l.addr, scope: l.scope };
    case 'subnet': return { key: subnetSql(l), label: subnetSql(l), scope: l.scope };
    case 'interface': {
      // The interface on the internal host's side: where its packets came in, or left for inbound traffic.
      const near = d === 'inbound' ? `coalesce(nullif(out_if, ''), nullif(in_if, ''))` : `coalesce(nullif(in_if, ''), nullif(out_if, ''))`;
      return { key: near, label: near, scope: `'internal'` };
    }
  }
}

function rightSql(to: FlowTo, r: End): { key: string; label: string; scope: string } {
  switch (to) {
    case 'address': return { key: r.addr, label: r.addr, scope: r.scope };
    case 'subnet': return { key: subnetSql(r), label: subnetSql(r), scope: r.scope };
    case 'asn': return { key: `'AS' || ${r.asn}`, label: `'AS' || ${r.asn} || coalesce(' ' || ${r.org}, '')`, scope: r.scope };
    case 'country': return { key: r.country, label: r.country, scope: r.scope };
    case 'port': return { key: PORT_KEY, label: `${PORT_KEY} || coalesce(' ' || service, '')`, scope: `'port'` };
  }
}

function viaSql(via: FlowVia | null): { key: string; label: string } {
  if (via === 'service') return { key: `coalesce(service, ${PORT_KEY})`, label: `coalesce(service, ${PORT_KEY})` };
  if (via === 'action') return { key: `coalesce(upper(action), 'UNKNOWN')`, label: `coalesce(upper(action), 'UNKNOWN')` };
  return { key: 'NULL::VARCHAR', label: 'NULL::VARCHAR' };
}

/** Each weight over the rows of a group that pass `f` (peers: distinct internal–external address pairs). */
export const WEIGHT_SQL: Record<FlowWeight, (f: string) => string> = {
  events: (f) => `count(*) FILTER (WHERE ${f})`,
  peers: (f) => `count(DISTINCT (la, ra)) FILTER (WHERE ${f})`,
  ports: (f) => `count(DISTINCT dport) FILTER (WHERE ${f})`,
  bytes: (f) => `coalesce(sum(nbytes) FILTER (WHERE ${f}), 0)`,
  packets: (f) => `coalesce(sum(npackets) FILTER (WHERE ${f}), 0)`,
};

/**
 * The rows a graph counts, with the columns the ends need. Flows have no interfaces, and their
 * addresses' numbers come from ip_info; their packets and bytes are counted both ways.
 */
const SOURCE: Record<FlowGraphRequest['source'], { from: string; bytes: string; packets: string }> = {
  events: { from: 'events_enriched', bytes: 'len', packets: '1' },
  flows: {
    from: `(SELECT f.*, f.first_seen AS ts, si.num AS src_num, di.num AS dst_num, NULL::VARCHAR AS in_if, NULL::VARCHAR AS out_if
      FROM flows_enriched f LEFT JOIN ip_info si ON si.address = f.src LEFT JOIN ip_info di ON di.address = f.dst)`,
    bytes: 'coalesce(bytes, 0) + coalesce(reply_bytes, 0)',
    packets: 'coalesce(packets, 0) + coalesce(reply_packets, 0)',
  },
};

const rank = (col: string, w: FlowWeight, top: number) =>
  `SELECT ${col} AS k FROM e WHERE in_range GROUP BY ${col} ORDER BY ${WEIGHT_SQL[w]('TRUE')} DESC, ${col} LIMIT ${top}`;

/** The CTEs shared by the graph and its counts: `base` (direction + filter) and `e` (both ends). */
export function baseSql(req: FlowGraphRequest): string {
  const { l, r } = ends(req.direction);
  const L = leftSql(req.from, req.direction, l);
  const R = rightSql(req.to, r);
  const V = viaSql(req.via);
  const src = SOURCE[req.source];
  return `base AS (
  SELECT ${L.key} AS lk, ${L.label} AS ll, ${L.scope} AS ls, ${l.addr} AS la,
         ${R.key} AS rk, ${R.label} AS rl, ${R.scope} AS rs, ${r.addr} AS ra,
         ${V.key} AS vk, ${V.label} AS vl,
         ts, action, dport, proto, ${src.bytes} AS nbytes, ${src.packets} AS npackets, ${PORT_KEY} AS pk,
         coalesce(${rangeSql(req)}, false) AS in_range,
         upper(coalesce(action, '')) IN ('DROP', 'REJECT') AS blocked
    FROM ${src.from}
   WHERE ${whereSql(req)}
     AND ${DIRECTION[req.direction].cond}
),
e AS (SELECT * FROM base WHERE lk IS NOT NULL AND rk IS NOT NULL${req.via ? ' AND vk IS NOT NULL' : ''})`;
}

/** The baseline as a TIMESTAMP expression: a time, or `+Nh` after the case's first event. */
export function baselineSql(baseline: string | null): string | null {
  if (baseline === null) return null;
  const h = /^\+(\d{1,5})h$/.exec(baseline.trim());
  if (h) return `((SELECT min(t) FROM (SELECT min(ts) AS t FROM events UNION ALL SELECT min(first_seen) FROM flows)) + INTERVAL ${Number(h[1])} HOUR)`;
  return timeLiteral(baseline);
}

/**
 * Every node (GROUPING SETS by one column) and link (by two) with its measures. A folded key is
 * NULL; `gid` tells which columns a row is grouped by (GROUPING(l, v, r): 0 = grouped, 1 = not).
 */
export function flowGraphSql(req: FlowGraphRequest): string {
  const via = req.via !== null;
  const fold = (col: string, t: string) => `CASE WHEN ${col} IN (SELECT k FROM ${t}) THEN ${col} END`;
  const sets = via ? '(l), (v), (r), (l, v), (v, r)' : '(l), (r), (l, r)';
  const baseline = baselineSql(req.baseline);
  return `WITH ${baseSql(req)},
lt AS (${rank('lk', req.weight, req.top)}),
rt AS (${rank('rk', req.weight, req.top)}),
vt AS (${via ? rank('vk', req.weight, req.top) : 'SELECT NULL::VARCHAR AS k'}),
g AS (SELECT *, ${fold('lk', 'lt')} AS l, ${fold('vk', 'vt')} AS v, ${fold('rk', 'rt')} AS r FROM e)
SELECT ${via ? 'GROUPING(l, v, r)' : '(GROUPING(l) * 4 + 2 + GROUPING(r))'} AS gid, l, ${via ? 'v' : 'NULL::VARCHAR AS v'}, r,
       count(DISTINCT lk) FILTER (WHERE in_range) AS l_values, count(DISTINCT vk) FILTER (WHERE in_range) AS v_values,
       count(DISTINCT rk) FILTER (WHERE in_range) AS r_values,
       any_value(ll) AS l_label, any_value(ls) AS l_scope, any_value(vl) AS v_label, any_value(rl) AS r_label, any_value(rs) AS r_scope,
       count(*) FILTER (WHERE in_range) AS events, count(*) FILTER (WHERE in_range AND blocked) AS blocked,
       ${WEIGHT_SQL[req.weight]('in_range')} AS weight,
       ${WEIGHT_SQL.peers('in_range')} AS peers, ${WEIGHT_SQL.ports('in_range')} AS ports, ${WEIGHT_SQL.bytes('in_range')} AS bytes,
       ${WEIGHT_SQL.packets('in_range')} AS packets,
       min(ts) FILTER (WHERE in_range) AS first_seen, max(ts) FILTER (WHERE in_range) AS last_seen,
       ${baseline ? `min(ts) > ${baseline}` : 'false'} AS is_new,
       approx_top_k(pk, 5) FILTER (WHERE in_range) AS sample_ports
  FROM g
 GROUP BY GROUPING SETS (${sets})
HAVING count(*) FILTER (WHERE in_range) > 0
 ORDER BY gid, weight DESC, events DESC, l, ${via ? 'v, ' : ''}r`;
}

/** Filtered events of the direction with and without both ends (the links add up to the first). */
export function flowCountsSql(req: FlowGraphRequest): string {
  const ends = `lk IS NOT NULL AND rk IS NOT NULL${req.via ? ' AND vk IS NOT NULL' : ''}`;
  return `WITH ${baseSql(req)}
SELECT count(*) FILTER (WHERE in_range AND ${ends}) AS events, count(*) FILTER (WHERE in_range AND NOT (${ends})) AS no_end FROM base`;
}
