// The SQL of the timeline, the map, Group by and the Overview: aggregations over the shared filter
// (events_enriched, the user's condition, the time range), written with checked literals only.
import { OUTBOUND_SQL } from '../shared/direction-sql.ts';
import type { ViewFilter } from '../shared/visual.ts';
import { rangeSql, whereSql } from './view-filter.ts';

/** The filtered events as a FROM clause with its WHERE. */
export function filtered(f: ViewFilter, extra = 'TRUE'): string {
  return `events_enriched\n WHERE ${whereSql(f)}\n   AND ${rangeSql(f)}\n   AND ${extra}`;
}

const ACTION = `CASE WHEN upper(action) IN ('ACCEPT', 'DROP', 'REJECT') THEN upper(action) ELSE 'OTHER' END`;
const BLOCKED = `upper(coalesce(action, '')) IN ('DROP', 'REJECT')`;

/** The span of the filtered events and how many have no time. */
export function timeSpanSql(f: ViewFilter): string {
  return `SELECT min(ts) AS lo, max(ts) AS hi, count(*) FILTER (WHERE ts IS NOT NULL) AS timed, count(*) FILTER (WHERE ts IS NULL) AS untimed FROM ${filtered(f)}`;
}

/** Events per bucket and action. */
export function timelineSql(f: ViewFilter, bucketSeconds: number): string {
  return `SELECT time_bucket(INTERVAL ${bucketSeconds} SECOND, ts) AS t, ${ACTION} AS a, count(*) AS n
  FROM ${filtered(f, 'ts IS NOT NULL')}
 GROUP BY ALL
 ORDER BY t, a`;
}

/** External ends by country (the peer: the external end of each event). */
export function countriesSql(f: ViewFilter): string {
  return `SELECT country, count(*) AS events, count(DISTINCT peer) AS addresses, count(*) FILTER (WHERE ${BLOCKED}) AS blocked
  FROM ${filtered(f, `peer_scope = 'external'`)}
 GROUP BY country
 ORDER BY events DESC, country`;
}

/** External ends at their cities, where a City database gave coordinates. */
export function citiesSql(f: ViewFilter): string {
  return `SELECT i.city, i.country, i.lat, i.lon, count(*) AS events
  FROM (SELECT peer FROM ${filtered(f, `peer_scope = 'external'`)}) e
  JOIN ip_info i ON i.address = e.peer
 WHERE i.lat IS NOT NULL AND i.lon IS NOT NULL
 GROUP BY ALL
 ORDER BY events DESC, i.country, i.city, i.lat, i.lon
 LIMIT 2000`;
}

export const HAS_COORDINATES_SQL = `SELECT count(*) AS n FROM (SELECT 1 FROM ip_info WHERE lat IS NOT NULL LIMIT 1)`;

/** Derived Group-by keys: the /24 (IPv4) or /64 (IPv6) of an end. */
function subnetOf(col: 'src' | 'dst' | 'peer'): string {
  const num = col === 'peer' ? `(CASE WHEN peer = src THEN src_num ELSE dst_num END)` : `${col}_num`;
  const b = (shift: number, mask: string) => `((${num} >> ${shift}) & ${mask})::BIGINT`;
  return `CASE WHEN ${col} IS NULL THEN NULL WHEN family = 4 THEN printf('%d.%d.%d.0/24', ${b(24, '255')}, ${b(16, '255')}, ${b(8, '255')})
    ELSE printf('%x:%x:%x:%x::/64', ${b(112, '65535')}, ${b(96, '65535')}, ${b(80, '65535')}, ${b(64, '65535')}) END`;
}

export const DERIVED_GROUP_KEYS: Record<string, string> = {
  'src/24': subnetOf('src'),
  'dst/24': subnetOf('dst'),
  'peer/24': subnetOf('peer'),
};

/** A Group-by key as SQL: a derived key, or a column of events_enriched (checked against the schema). */
export function groupKeySql(key: string, columns: ReadonlySet<string>): string {
  if (key in DERIVED_GROUP_KEYS) return DERIVED_GROUP_KEYS[key];
  if (!/^[a-z_][a-z0-9_]{0,63}$/.test(key) || !columns.has(key)) throw new Error(`cannot group by "${key.slice(0, 64)}": not a column of events_enriched`);
  return `"${key}"`;
}

export const ENRICHED_COLUMNS_SQL = `SELECT column_name FROM information_schema.columns WHERE table_name = 'events_enriched'`;

const GROUP_ORDER = { events: 'events', peers: 'peers', first: 'first_seen', last: 'last_seen', blocked: 'blocked', key: 'k0' } as const;

export function groupBySql(f: ViewFilter, keys: string[], orderBy: keyof typeof GROUP_ORDER, desc: boolean, limit: number): string {
  const ks = keys.map((k, i) => `${k} AS k${i}`).join(', ');
  const kcols = keys.map((_, i) => `k${i}`).join(', ');
  const dir = desc ? 'DESC' : 'ASC';
  return `SELECT ${kcols}, events, peers, first_seen, last_seen, blocked, accept, drop_, reject, other,
       count(*) OVER () AS groups, max(events) OVER () AS max_events
  FROM (SELECT ${ks}, count(*) AS events, count(DISTINCT peer) AS peers, min(ts) AS first_seen, max(ts) AS last_seen,
               count(*) FILTER (WHERE ${BLOCKED}) AS blocked,
               count(*) FILTER (WHERE ${ACTION} = 'ACCEPT') AS accept, count(*) FILTER (WHERE ${ACTION} = 'DROP') AS drop_,
               count(*) FILTER (WHERE ${ACTION} = 'REJECT') AS reject, count(*) FILTER (WHERE ${ACTION} = 'OTHER') AS other
          FROM ${filtered(f)}
         GROUP BY ALL)
 ORDER BY ${GROUP_ORDER[orderBy]} ${dir} NULLS LAST, ${kcols}
 LIMIT ${limit}`;
}

const OUTBOUND = OUTBOUND_SQL;

/** The Overview's bar lists, each a top-N over the filtered events (who-we-talk-to lists: outbound only). */
export function overviewSql(f: ViewFilter, top: number): Record<'totals' | 'actions' | 'ports' | 'orgs' | 'countries' | 'talkers', string> {
  return {
    totals: `SELECT count(*) AS events, min(ts) AS first_ts, max(ts) AS last_ts, count(DISTINCT source_id) AS sources FROM ${filtered(f)}`,
    actions: `SELECT ${ACTION} AS k, ${ACTION} AS label, count(*) AS n FROM ${filtered(f)} GROUP BY ALL ORDER BY n DESC, k`,
    ports: `SELECT lower(proto) || '/' || dport AS k, lower(proto) || '/' || dport || coalesce(' ' || any_value(service), '') AS label, count(*) AS n,
              any_value(dport) AS dport, any_value(proto) AS proto
              FROM ${filtered(f, 'dport IS NOT NULL')} GROUP BY lower(proto), dport ORDER BY n DESC, k LIMIT ${top}`,
    orgs: `SELECT 'AS' || dst_asn AS k, 'AS' || dst_asn || coalesce(' ' || any_value(dst_org), '') AS label, count(*) AS n
             FROM ${filtered(f, `${OUTBOUND} AND dst_asn IS NOT NULL`)} GROUP BY dst_asn ORDER BY n DESC, k LIMIT ${top}`,
    countries: `SELECT dst_country AS k, dst_country AS label, count(*) AS n
                  FROM ${filtered(f, `${OUTBOUND} AND dst_country IS NOT NULL`)} GROUP BY dst_country ORDER BY n DESC, k LIMIT ${top}`,
    talkers: `SELECT src AS k, src AS label, count(*) AS n FROM ${filtered(f, `${OUTBOUND} AND src_scope = 'internal'`)} GROUP BY src ORDER BY n DESC, k LIMIT ${top}`,
  };
}
