// SQL behind allow-lists and their replay: the case's outbound flows, and flows matched against a ruleset.
import type { CaseDb } from './case-db.ts';
import { ensureAsnRanges } from './ip-info.ts';

// Outbound = an internal source talking to an external destination; both ends as numbers for range tests.
// ARP lines (no IP protocol number) are nothing an allow rule could let through.
const OUTBOUND = `SELECT f.*, s.num AS src_num, d.num AS dst_num, d.asn AS dst_asn, d.org AS dst_org
  FROM flows f JOIN ip_info s ON s.address = f.src JOIN ip_info d ON d.address = f.dst
  WHERE s.scope = 'internal' AND d.scope = 'external' AND f.proto_num IS NOT NULL`;

export interface OutboundTuple {
  family: 4 | 6; proto_num: number; dport: number | null; src: string; src_num: bigint;
  dst: string; dst_num: bigint; dst_asn: number | null; dst_org: string | null; flows: number; records: number;
}

/**
 * Traffic that got through: a log line whose prefix says it was accepted, a conntrack connection
 * that saw a reply, a captured flow with packets back. Dropped, rejected and unanswered attempts are not.
 */
const ACCEPTED = `(action = 'ACCEPT' OR (origin = 'conntrack' AND action = 'REPLIED') OR (origin = 'pcap' AND reply_packets > 0))`;

const TUPLES = (acceptedOnly: boolean) => `SELECT family, proto_num, dport, src, src_num, dst, dst_num, dst_asn, dst_org,
      count(*)::BIGINT AS flows, sum(records)::BIGINT AS records
    FROM (${OUTBOUND}) ${acceptedOnly ? `WHERE ${ACCEPTED}` : ''} GROUP BY ALL ORDER BY family, src_num, proto_num, dport, dst_num`;

const toTuple = (r: Record<string, unknown>): OutboundTuple => ({
  family: Number(r.family) as 4 | 6, proto_num: Number(r.proto_num), dport: r.dport === null ? null : Number(r.dport),
  src: String(r.src), src_num: BigInt(r.src_num as bigint), dst: String(r.dst), dst_num: BigInt(r.dst_num as bigint),
  dst_asn: r.dst_asn === null ? null : Number(r.dst_asn), dst_org: (r.dst_org as string | null) ?? null,
  flows: Number(r.flows), records: Number(r.records),
});

/** Distinct (src, proto, dport, dst) of the outbound flows, the raw material of an allow-list. */
export async function outboundTuples(db: CaseDb, o: { acceptedOnly?: boolean } = {}): Promise<OutboundTuple[]> {
  return (await db.all(TUPLES(!!o.acceptedOnly))).map(toTuple);
}

/** The same tuples in batches, for a worker to build from while the rest is read. */
export async function* outboundTupleBatches(db: CaseDb, o: { acceptedOnly?: boolean } = {}): AsyncIterable<OutboundTuple[]> {
  for await (const rows of db.batches(TUPLES(!!o.acceptedOnly))) yield rows.map(toTuple);
}

/** The ASNs the outbound destinations belong to (whose prefixes an ASN-grouped list needs). */
export async function outboundAsns(db: CaseDb, o: { acceptedOnly?: boolean } = {}): Promise<number[]> {
  const rows = await db.all(`SELECT DISTINCT dst_asn FROM (${OUTBOUND}) WHERE dst_asn IS NOT NULL ${o.acceptedOnly ? `AND ${ACCEPTED}` : ''}`);
  return rows.map((r) => Number(r.dst_asn));
}

const V6_64 = '18446744073709551616::UHUGEINT';
const V6_48 = '1208925819614629174706176::UHUGEINT';
const SRC_KEY = { host: 'src_num', '/24': `CASE family WHEN 4 THEN src_num // 256 ELSE src_num // ${V6_64} END`, any: '0' } as const;
const DST_KEY = {
  address: 'dst_num::VARCHAR', cidr24: `(CASE family WHEN 4 THEN dst_num // 256 ELSE dst_num // ${V6_48} END)::VARCHAR`,
  asn: "coalesce('AS' || dst_asn, dst_num::VARCHAR)", any: "'any'",
} as const;

/**
 * How many rules an allow-list of these granularities would have, counted in DuckDB before anything is
 * read into JS (a list too large to review is refused up front). Counts the flows the model expresses.
 */
export async function allowRuleCount(db: CaseDb, o: { group: keyof typeof SRC_KEY; dest: keyof typeof DST_KEY; acceptedOnly?: boolean }): Promise<number> {
  const rows = await db.all(`SELECT count(*)::BIGINT AS n FROM (
      SELECT DISTINCT family, ${SRC_KEY[o.group]} AS s, proto_num, CASE WHEN proto_num IN (6, 17) THEN dport END AS p, ${DST_KEY[o.dest]} AS d
        FROM (${OUTBOUND})
       WHERE ((proto_num IN (6, 17) AND dport BETWEEN 1 AND 65535) OR (proto_num = 1 AND family = 4) OR (proto_num = 58 AND family = 6))
         ${o.acceptedOnly ? `AND ${ACCEPTED}` : ''})`);
  return Number(rows[0].n);
}

/** Every prefix of each of these ASNs, keyed `asn/family`, in one query (an allow-list may name thousands). */
export async function asnRangesMany(db: CaseDb, asns: number[]): Promise<Map<string, Array<{ lo: bigint; hi: bigint }>>> {
  const out = new Map<string, Array<{ lo: bigint; hi: bigint }>>();
  if (!asns.length) return out;
  await ensureAsnRanges(db);
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
  await ensureAsnRanges(db);
  const rows = await db.all(`SELECT lo, hi FROM asn_ranges WHERE asn = $1 AND family = $2 ORDER BY lo`, [asn, family]);
  return rows.map((r) => ({ lo: BigInt(r.lo as bigint), hi: BigInt(r.hi as bigint) }));
}

export interface OutboundGroup {
  family: 4 | 6; proto_num: number; proto: string; src: string; dst: string; dport: number | null; dst_org: string | null;
  flows: number; records: number; first_seen: string | null; last_seen: string | null;
}

/** The outbound flows grouped by (src, proto, dport, dst), in batches: what an allow model is replayed over. */
export async function* outboundGroupBatches(db: CaseDb): AsyncIterable<OutboundGroup[]> {
  const sql = `SELECT family, proto_num, lower(proto) AS proto, src, dst, dport, any_value(dst_org) AS dst_org,
      count(*)::BIGINT AS flows, sum(records)::BIGINT AS records,
      strftime(min(first_seen), '%Y-%m-%dT%H:%M:%S') AS first_seen, strftime(max(last_seen), '%Y-%m-%dT%H:%M:%S') AS last_seen
    FROM (${OUTBOUND}) GROUP BY family, proto_num, proto, src, src_num, dst, dst_num, dport ORDER BY src_num, dport NULLS FIRST, dst_num`;
  for await (const rows of db.batches(sql)) {
    yield rows.map((r) => ({
      family: Number(r.family) as 4 | 6, proto_num: Number(r.proto_num), proto: String(r.proto), src: String(r.src), dst: String(r.dst),
      dport: r.dport === null ? null : Number(r.dport), dst_org: (r.dst_org as string | null) ?? null, flows: Number(r.flows),
      records: Number(r.records), first_seen: (r.first_seen as string | null) ?? null, last_seen: (r.last_seen as string | null) ?? null,
    }));
  }
}
