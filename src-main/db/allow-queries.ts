// SQL behind allow-lists and their replay: the case's outbound flows, and flows matched against a ruleset.
import type { CaseDb } from './case-db.ts';

// Outbound = an internal source talking to an external destination; both ends as numbers for range tests.
const OUTBOUND = `SELECT f.*, s.num AS src_num, d.num AS dst_num, d.asn AS dst_asn, d.org AS dst_org
  FROM flows f JOIN ip_info s ON s.address = f.src JOIN ip_info d ON d.address = f.dst
  WHERE s.scope = 'internal' AND d.scope = 'external'`;

export interface OutboundTuple {
  family: 4 | 6; proto_num: number; dport: number | null; src: string; src_num: bigint;
  dst: string; dst_num: bigint; dst_asn: number | null; dst_org: string | null; flows: number; records: number;
}

/**
 * Traffic that got through: a log line whose prefix says it was accepted, a conntrack connection
 * that saw a reply, a captured flow with packets back. Dropped, rejected and unanswered attempts are not.
 */
const ACCEPTED = `(action = 'ACCEPT' OR (origin = 'conntrack' AND action = 'REPLIED') OR (origin = 'pcap' AND reply_packets > 0))`;

/** Distinct (src, proto, dport, dst) of the outbound flows, the raw material of an allow-list. */
export async function outboundTuples(db: CaseDb, o: { acceptedOnly?: boolean } = {}): Promise<OutboundTuple[]> {
  const rows = await db.all(`SELECT family, proto_num, dport, src, src_num, dst, dst_num, dst_asn, dst_org,
      count(*)::BIGINT AS flows, sum(records)::BIGINT AS records
    FROM (${OUTBOUND}) ${o.acceptedOnly ? `WHERE ${ACCEPTED}` : ''} GROUP BY ALL ORDER BY family, src_num, proto_num, dport, dst_num`);
  return rows.map((r) => ({
    family: Number(r.family) as 4 | 6, proto_num: Number(r.proto_num), dport: r.dport === null ? null : Number(r.dport),
    src: String(r.src), src_num: BigInt(r.src_num as bigint), dst: String(r.dst), dst_num: BigInt(r.dst_num as bigint),
    dst_asn: r.dst_asn === null ? null : Number(r.dst_asn), dst_org: (r.dst_org as string | null) ?? null,
    flows: Number(r.flows), records: Number(r.records),
  }));
}

/** Every prefix of each of these ASNs, keyed `asn/family`, in one query (an allow-list may name thousands). */
export async function asnRangesMany(db: CaseDb, asns: number[]): Promise<Map<string, Array<{ lo: bigint; hi: bigint }>>> {
  const out = new Map<string, Array<{ lo: bigint; hi: bigint }>>();
  if (!asns.length) return out;
  const rows = await db.all(`SELECT asn, family, lo, hi FROM asn_ranges WHERE asn IN (SELECT unnest($1::UINTEGER[])) ORDER BY asn, family, lo`,
    [JSON.stringify([...new Set(asns)])]);
  for (const r of rows) {
    const k = `${r.asn}/${r.family}`;
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push({ lo: BigInt(r.lo as bigint), hi: BigInt(r.hi as bigint) });
  }
  return out;
}

/** Every prefix of an ASN (as number ranges) for the `asn` destination granularity. */
export async function asnRanges(db: CaseDb, asn: number, family: 4 | 6): Promise<Array<{ lo: bigint; hi: bigint }>> {
  const rows = await db.all(`SELECT lo, hi FROM asn_ranges WHERE asn = $1 AND family = $2 ORDER BY lo`, [asn, family]);
  return rows.map((r) => ({ lo: BigInt(r.lo as bigint), hi: BigInt(r.hi as bigint) }));
}

/** One row per (rule, destination CIDR); numbers travel as decimal text because JSON has no 128-bit integers. */
export interface RuleRow { rule: number; family: number; src_lo: string; src_hi: string; proto_num: number; dport: number | null; dst_lo: string; dst_hi: string }

const RULE_TYPE = `'[{"rule":"INTEGER","family":"INTEGER","src_lo":"VARCHAR","src_hi":"VARCHAR","proto_num":"INTEGER","dport":"INTEGER","dst_lo":"VARCHAR","dst_hi":"VARCHAR"}]'`;

// The rules arrive as one bound JSON parameter (no temp table, so read-only cases work);
// each flow takes the first rule (lowest id) that accepts it, as a firewall would; NULL = dropped.
const MATCHED = `WITH r AS (
    SELECT rule, family, src_lo::UHUGEINT AS src_lo, src_hi::UHUGEINT AS src_hi, proto_num, dport,
           dst_lo::UHUGEINT AS dst_lo, dst_hi::UHUGEINT AS dst_hi
      FROM (SELECT unnest(from_json($1::JSON, ${RULE_TYPE}), recursive := true))),
  f AS (SELECT row_number() OVER () AS fid, * FROM (${OUTBOUND})),
  m AS (SELECT f.fid, min(r.rule) AS rule FROM f LEFT JOIN r
          ON r.family = f.family AND r.proto_num = f.proto_num AND (r.dport IS NULL OR r.dport = f.dport)
         AND f.src_num BETWEEN r.src_lo AND r.src_hi AND f.dst_num BETWEEN r.dst_lo AND r.dst_hi
        GROUP BY f.fid),
  matched AS (SELECT f.*, m.rule FROM f JOIN m USING (fid))`;

export interface RuleHits { rule: number | null; flows: number; records: number }

/** Flows and records per accepting rule; the row with rule = null is what the default drop takes. */
export async function replayHits(db: CaseDb, rules: RuleRow[]): Promise<RuleHits[]> {
  const rows = await db.all(`${MATCHED} SELECT rule, count(*)::BIGINT AS flows, sum(records)::BIGINT AS records
    FROM matched GROUP BY rule ORDER BY rule NULLS LAST`, [JSON.stringify(rules)]);
  return rows.map((r) => ({ rule: r.rule === null ? null : Number(r.rule), flows: Number(r.flows), records: Number(r.records) }));
}

export interface DropGroup {
  src: string; proto: string; dport: number | null; dst: string; dst_org: string | null;
  flows: number; records: number; first_seen: string | null; last_seen: string | null;
}

/** What would have been dropped, grouped by (src, proto, dport, dst), most records first. */
export async function replayDrops(db: CaseDb, rules: RuleRow[], limit = 1000): Promise<DropGroup[]> {
  const rows = await db.all(`${MATCHED} SELECT src, lower(proto) AS proto, dport, dst, any_value(dst_org) AS dst_org,
      count(*)::BIGINT AS flows, sum(records)::BIGINT AS records,
      strftime(min(first_seen), '%Y-%m-%dT%H:%M:%S') AS first_seen, strftime(max(last_seen), '%Y-%m-%dT%H:%M:%S') AS last_seen
    FROM matched WHERE rule IS NULL GROUP BY src, src_num, proto, dport, dst, dst_num
    ORDER BY records DESC, src_num, dport NULLS FIRST, dst_num LIMIT $2`, [JSON.stringify(rules), limit]);
  return rows.map((r) => ({
    src: String(r.src), proto: String(r.proto), dport: r.dport === null ? null : Number(r.dport), dst: String(r.dst),
    dst_org: (r.dst_org as string | null) ?? null, flows: Number(r.flows), records: Number(r.records),
    first_seen: (r.first_seen as string | null) ?? null, last_seen: (r.last_seen as string | null) ?? null,
  }));
}
