// SQL of address enrichment: the case's distinct addresses, the bundled ASN ranges, and writing ip_info.
import type { CaseDb } from './case-db.ts';
import { IP_INFO_OFFLINE } from './ip-info-columns.ts';
import { makeInsertSql, tsRead, type TsvColumn } from './tsv-table.ts';

const ADDRESSES = `
  SELECT src AS a FROM events_store UNION SELECT dst FROM events_store
  UNION SELECT src FROM conntrack UNION SELECT dst FROM conntrack
  UNION SELECT reply_src FROM conntrack UNION SELECT reply_dst FROM conntrack
  UNION SELECT src FROM pcap_flows UNION SELECT dst FROM pcap_flows
  UNION SELECT address FROM names`;

/** Addresses of the case not in ip_info yet (all of them with `all`). */
export async function addressesToEnrich(db: CaseDb, all: boolean): Promise<string[]> {
  const reader = await db.conn.runAndReadAll(
    `SELECT a FROM (${ADDRESSES}) WHERE a IS NOT NULL ${all ? '' : 'AND a NOT IN (SELECT address FROM ip_info)'}`,
  );
  return (reader.getColumnsJS()[0] ?? []) as string[];
}

/** Loads the bundled ASN ranges into the case once per data version (they also give an ASN's prefixes). */
export async function ensureAsnRanges(db: CaseDb, version: string, v4Csv: string, v6Csv: string): Promise<void> {
  const have = await db.meta('asn_data_version');
  if (have === version && (await db.all(`SELECT 1 FROM asn_ranges LIMIT 1`)).length) return;
  const read = (p: number) => `SELECT $${p + 1}::TINYINT, lo::UHUGEINT, hi::UHUGEINT, asn, org FROM read_csv($${p},
      header = false, auto_detect = false, quote = '"', escape = '"', columns = {'lo': 'VARCHAR', 'hi': 'VARCHAR', 'asn': 'UINTEGER', 'org': 'VARCHAR'})`;
  await db.transaction(async () => {
    await db.run(`DELETE FROM asn_ranges`);
    await db.run(`INSERT INTO asn_ranges ${read(1)} UNION ALL ${read(3)}`, [v4Csv, 4, v6Csv, 6]);
    await db.run(`INSERT OR REPLACE INTO fwlens_meta VALUES ('asn_data_version', $1)`, [version]);
  });
}

/** What the JS side computes per address, loaded as a TSV batch. */
export const STAGE_COLUMNS: TsvColumn[] = [
  ...IP_INFO_OFFLINE.filter((c) => !['asn_source', 'geo_at'].includes(c.name)).map((c) => ({ ...c, sql: c.sql.replace(' PRIMARY KEY', '') })),
  { name: 'geo_at', sql: 'TIMESTAMP', doc: '', read: tsRead('geo_at') },
];

/**
 * Merges the staged rows into ip_info: ASN and org from the user's database where it answered,
 * otherwise from the bundled ranges (an ASOF join: the last range starting at or below the address).
 * Network-learned columns are kept.
 */
export async function mergeIpInfo(db: CaseDb, stageFile: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ip_stage (${STAGE_COLUMNS.map((c) => `${c.name} ${c.sql}`).join(', ')})`);
  await db.run(makeInsertSql('ip_stage', STAGE_COLUMNS), [stageFile]);
  // A freshly loaded stage has no statistics, and DuckDB then plans the ASOF join as a loop join
  // (65 s instead of 0.2 s for 6,000 addresses, measured): force the real ASOF operator.
  // SESSION: this connection only, so no other connection's plans change meanwhile.
  await db.run(`SET SESSION asof_loop_join_threshold = 0`);
  await db.run(`
    CREATE OR REPLACE TEMP TABLE ip_merged AS
    SELECT s.address, s.family, s.num, s.scope, s.country, s.city, s.lat, s.lon,
           coalesce(s.asn, CASE WHEN s.num <= r.hi THEN r.asn END),
           CASE WHEN s.asn IS NOT NULL THEN s.org WHEN s.num <= r.hi THEN r.org END,
           CASE WHEN s.asn IS NOT NULL THEN 'mmdb' WHEN s.num <= r.hi THEN 'ip-location-db' END,
           s.geo_at
      FROM ip_stage s ASOF LEFT JOIN asn_ranges r ON s.family = r.family AND s.num >= r.lo`);
  await db.run(`
    INSERT INTO ip_info (address, family, num, scope, country, city, lat, lon, asn, org, asn_source, geo_at)
    SELECT * FROM ip_merged
    ON CONFLICT (address) DO UPDATE SET family = excluded.family, num = excluded.num, scope = excluded.scope,
      country = excluded.country, city = excluded.city, lat = excluded.lat, lon = excluded.lon, asn = excluded.asn,
      org = excluded.org, asn_source = excluded.asn_source, geo_at = excluded.geo_at`);
  await db.run(`RESET SESSION asof_loop_join_threshold`);
  await db.run(`DROP TABLE ip_stage`);
  await db.run(`DROP TABLE ip_merged`);
}

/** The ranges announced by an ASN (for block lists built from an ASN). */
export async function asnPrefixes(db: CaseDb, asn: number): Promise<Array<{ family: number; lo: bigint; hi: bigint }>> {
  const rows = await db.all(`SELECT family, lo, hi FROM asn_ranges WHERE asn = $1 ORDER BY family, lo`, [asn]);
  return rows as Array<{ family: number; lo: bigint; hi: bigint }>;
}
