// SQL behind replaying a ruleset: the case's traffic as distinct opening packets, and the imported ruleset in force.
import type { CaseDb, Row } from './case-db.ts';
import type { RulesetRow } from '../ruleset/ruleset-types.ts';

export interface PacketGroup {
  origin: 'log' | 'conntrack' | 'pcap';
  family: 4 | 6; proto_num: number; src: string; dst: string;
  /** null when none or above ephemeral_port_min (then sport_eph is true). */
  sport: number | null; sport_eph: boolean; dport: number | null;
  icmp_type: number | null; icmp_code: number | null;
  /** Log lines only: '' when the packet did not cross that side; null for conntrack and captures. */
  in_if: string | null; out_if: string | null;
  dst_org: string | null;
  records: number; first_seen: string | null; last_seen: string | null;
}

// Log lines always print IN= and OUT=; an empty one is stored as NULL, so for them NULL means "none".
// conntrack dumps repeat a connection in every dump: each connection counts once, as in `flows`.
// TRACE lines are steps of packets already logged, not packets of their own; ARP lines are no IP packets
// an ip/inet ruleset sees.
const GROUPS = `WITH cfg AS (SELECT value::INTEGER AS eph FROM fwlens_meta WHERE key = 'ephemeral_port_min'),
  seen AS (
    SELECT 'log' AS origin, family, proto_num, src, sport, dst, dport, icmp_type, icmp_code,
           CASE WHEN in_if IS NULL AND out_if IS NULL THEN NULL ELSE coalesce(in_if, '') END AS in_if,
           CASE WHEN in_if IS NULL AND out_if IS NULL THEN NULL ELSE coalesce(out_if, '') END AS out_if,
           ts AS first_ts, ts AS last_ts
      FROM events WHERE trace_table IS NULL AND arp_op IS NULL AND src IS NOT NULL AND dst IS NOT NULL
    UNION ALL
    SELECT 'conntrack', family, proto_num, src, sport, dst, dport, icmp_type, icmp_code, NULL, NULL,
           min(coalesce(start_ts, ts)), max(coalesce(stop_ts, ts))
      FROM conntrack
     GROUP BY family, proto_num, src, sport, dst, dport, icmp_type, icmp_code, reply_src, reply_dst, reply_sport, reply_dport, zone, coalesce(id, 0)
    UNION ALL
    SELECT 'pcap', family, proto_num, src, sport, dst, dport, icmp_type, icmp_code, NULL, NULL, first_ts, last_ts FROM pcap_flows)
  SELECT origin, seen.family, proto_num, src, dst,
         CASE WHEN sport > cfg.eph THEN NULL ELSE sport END AS sport, coalesce(sport > cfg.eph, false) AS sport_eph,
         dport, icmp_type, icmp_code, in_if, out_if, any_value(i.org) AS dst_org, count(*)::BIGINT AS records,
         strftime(min(first_ts), '%Y-%m-%dT%H:%M:%S') AS first_seen, strftime(max(last_ts), '%Y-%m-%dT%H:%M:%S') AS last_seen
    FROM seen CROSS JOIN cfg LEFT JOIN ip_info i ON i.address = seen.dst
   GROUP BY origin, seen.family, proto_num, src, dst, CASE WHEN sport > cfg.eph THEN NULL ELSE sport END, coalesce(sport > cfg.eph, false),
            dport, icmp_type, icmp_code, in_if, out_if
   ORDER BY origin, seen.family, src, dst, proto_num, dport`;

function toGroup(r: Row): PacketGroup {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    origin: r.origin as PacketGroup['origin'], family: Number(r.family) as 4 | 6, proto_num: Number(r.proto_num),
    src: String(r.src), dst: String(r.dst), sport: n(r.sport), sport_eph: r.sport_eph === true, dport: n(r.dport),
    icmp_type: n(r.icmp_type), icmp_code: n(r.icmp_code), in_if: (r.in_if as string | null) ?? null, out_if: (r.out_if as string | null) ?? null,
    dst_org: (r.dst_org as string | null) ?? null, records: Number(r.records),
    first_seen: (r.first_seen as string | null) ?? null, last_seen: (r.last_seen as string | null) ?? null,
  };
}

/** The case's traffic as packet groups, in batches (a day can hold hundreds of thousands of groups). */
export async function* packetGroupBatches(db: CaseDb): AsyncIterable<PacketGroup[]> {
  for await (const rows of db.batches(GROUPS)) yield rows.map(toGroup);
}

export async function ephemeralPortMin(db: CaseDb): Promise<number> {
  const r = await db.all(`SELECT value FROM fwlens_meta WHERE key = 'ephemeral_port_min'`);
  return r.length ? Number(r[0].value) : 1024;
}

/** The ruleset in force: per family, the rows of the latest import that has it (as `ruleset hits` reads it), with the format. */
export async function currentRuleset(db: CaseDb): Promise<Array<{ format: string; name: string; rows: RulesetRow[] }>> {
  const rows = await db.all(`SELECT v.format, v.name, r.* FROM ruleset_rules r
      JOIN (SELECT family, max(version_id) AS v FROM ruleset_rules GROUP BY family) m ON m.family = r.family AND m.v = r.version_id
      JOIN ruleset_versions v ON v.id = r.version_id
     ORDER BY r.version_id, r.rowid`);
  const parts = new Map<string, { format: string; name: string; rows: RulesetRow[] }>();
  for (const r of rows) {
    const k = `${r.version_id}`;
    if (!parts.has(k)) parts.set(k, { format: String(r.format), name: String(r.name), rows: [] });
    parts.get(k)!.rows.push({
      family: String(r.family), table: String(r.table_name), chain: String(r.chain), kind: r.kind as 'rule' | 'policy',
      position: r.position === null ? null : Number(r.position), handle: r.handle === null ? null : Number(r.handle),
      text: String(r.text), target: (r.target as string | null) ?? null, log_prefix: (r.log_prefix as string | null) ?? null,
      packets: r.packets === null ? null : Number(r.packets), bytes: r.bytes === null ? null : Number(r.bytes),
    });
  }
  return [...parts.values()];
}
