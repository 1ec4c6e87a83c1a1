// SQL of the scan findings: windowed port scans and host sweeps over events + conntrack, and TCP flag scans.
import type { CaseDb, Row } from './case-db.ts';

// Evidence of "src touched dst:dport at t". TRACE lines repeat one packet once per chain, so they
// would inflate counts; conntrack rows add attempts the LOG rules never saw. t is epoch seconds, or
// the kernel uptime for dmesg-style lines that carry no wall time.
const EVIDENCE = `
  ev AS (
    SELECT 'events' origin, source_id, line_no, src, family, dst, upper(proto) proto, dport, ts, coalesce(epoch(ts), uptime) t
      FROM events
     WHERE trace_table IS NULL AND src IS NOT NULL AND dport IS NOT NULL AND coalesce(epoch(ts), uptime) IS NOT NULL
    UNION ALL
    SELECT 'conntrack', source_id, line_no, src, family, dst, upper(proto), dport, ts, epoch(ts)
      FROM conntrack
     WHERE src IS NOT NULL AND dport IS NOT NULL AND ts IS NOT NULL
  )`;

/** The two windowed kinds differ only in what groups the evidence and what is counted in a window. */
const WINDOWED = {
  port_scan: { key: ['src'], measure: 'dport' },
  host_sweep: { key: ['src', 'proto', 'dport'], measure: 'dst' },
} as const;
export type WindowedKind = keyof typeof WINDOWED;

/**
 * Sources whose distinct ports (or hosts) within `windowSec` reach `min`. Windows of width W start
 * every W/2 (two phases of fixed buckets), so any burst shorter than W/2 falls wholly inside one
 * window, which fixed buckets alone cannot promise; it stays one GROUP BY instead of an O(n²) join.
 * Flagged events then merge into episodes while the gap between them stays within W.
 */
export async function windowedFindings(db: CaseDb, kind: WindowedKind, windowSec: number, min: number): Promise<Row[]> {
  const { key, measure } = WINDOWED[kind];
  const k = key.join(', ');
  const on = key.map((c) => `ph.${c} IS NOT DISTINCT FROM win.${c}`).join(' AND ');
  return db.all(
    `WITH ${EVIDENCE},
     ph AS (SELECT ev.*, p.phase, floor((ev.t - p.phase * $1 / 2) / $1) b FROM ev, (SELECT unnest([0, 1]) phase) p),
     win AS (SELECT ${k}, phase, b FROM ph GROUP BY ${k}, phase, b HAVING count(DISTINCT ${measure}) >= $2),
     hit AS (SELECT DISTINCT ph.origin, ph.source_id, ph.line_no, ph.src, ph.family, ph.dst, ph.proto, ph.dport, ph.ts, ph.t
               FROM ph JOIN win ON ${on} AND ph.phase = win.phase AND ph.b = win.b),
     gap AS (SELECT *, CASE WHEN t - lag(t) OVER (PARTITION BY ${k} ORDER BY t, origin, source_id, line_no) <= $1 THEN 0 ELSE 1 END brk FROM hit),
     epi AS (SELECT *, sum(brk) OVER (PARTITION BY ${k} ORDER BY t, origin, source_id, line_no ROWS UNBOUNDED PRECEDING) episode FROM gap)
     SELECT '${kind}' kind, src, any_value(family)::INTEGER AS family, min(ts) first_seen, max(ts) last_seen,
            count(*)::INTEGER AS events, count(DISTINCT dport)::INTEGER AS ports, count(DISTINCT dst)::INTEGER AS hosts,
            list_sort(list_distinct(list(dport)))[1:10] sample_ports,
            count(DISTINCT ${measure})::INTEGER AS measured, $1::INTEGER AS window_sec, round(max(t) - min(t), 3)::DOUBLE AS span_sec,
            list_sort(list_distinct(list(proto))) AS protos, count(*) FILTER (origin = 'conntrack')::INTEGER AS conntrack_rows
       FROM epi GROUP BY ${k}, episode
      ORDER BY min(t), src`,
    [windowSec, min],
  );
}

/**
 * TCP packets whose flags no connection ever sends on its own: NULL (none), XMAS (FIN+PSH+URG),
 * SYN+FIN, and FIN alone (a normal close only follows an exchange the firewall would have let through).
 * The kinds are exclusive, most specific first. Later fragments carry no TCP header, so no flags.
 */
export async function flagScanFindings(db: CaseDb, mins: { null: number; xmas: number; synfin: number; fin: number }): Promise<Row[]> {
  return db.all(
    `WITH f AS (
       SELECT src, family, dst, dport, ts, coalesce(epoch(ts), uptime) t,
              CASE WHEN len(flags) = 0 THEN 'null_scan'
                   WHEN list_has_all(flags, ['FIN', 'PSH', 'URG']) THEN 'xmas_scan'
                   WHEN list_has_all(flags, ['SYN', 'FIN']) THEN 'synfin_scan'
                   WHEN flags = ['FIN'] THEN 'fin_scan' END kind
         FROM events
        WHERE trace_table IS NULL AND proto = 'TCP' AND flags IS NOT NULL AND src IS NOT NULL AND coalesce(frag, 0) = 0)
     SELECT kind, src, any_value(family)::INTEGER AS family, min(ts) first_seen, max(ts) last_seen,
            count(*)::INTEGER AS events, count(DISTINCT dport)::INTEGER AS ports, count(DISTINCT dst)::INTEGER AS hosts,
            list_sort(list_distinct(list(dport)))[1:10] sample_ports,
            round(max(t) - min(t), 3)::DOUBLE AS span_sec
       FROM f WHERE kind IS NOT NULL
      GROUP BY kind, src
     HAVING count(*) >= CASE kind WHEN 'null_scan' THEN $1 WHEN 'xmas_scan' THEN $2 WHEN 'synfin_scan' THEN $3 ELSE $4 END
      ORDER BY min(t), kind, src`,
    [mins.null, mins.xmas, mins.synfin, mins.fin],
  );
}
