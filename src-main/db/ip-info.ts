// SQL of address enrichment: the case's distinct addresses, the bundled ASN ranges, and writing ip_info.
import type { CaseDb } from './case-db.ts';
import { IP_INFO_OFFLINE } from './ip-info-columns.ts';
import { makeInsertSql, tsRead, type TsvColumn } from './tsv-table.ts';
import { bundledAsnCsv, bundledAsnVersion } from '../enrich/asn-data.ts';

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

/**
 * Makes `asn_ranges` hold the bundled ranges of this data version (the prefixes of an ASN for rules
 * and block lists). Filled when first needed, not by `fwlens import`: writing 515,000 ranges was
 * ~0.9 s of every import. A case opened read-only gets a temporary copy for the session, which
 * shadows the empty table. Plain statements, no transaction of its own: it may run inside one.
 */
export async function ensureAsnRanges(db: CaseDb): Promise<void> {
  const version = bundledAsnVersion();
  const filled = async () => (await db.all(`SELECT 1 FROM asn_ranges LIMIT 1`)).length > 0;
  if ((await db.meta('asn_data_version')) === version && (await filled())) return;
  const read = (p: number) => `SELECT $${p + 1}::TINYINT AS family, lo::UHUGEINT AS lo, hi::UHUGEINT AS hi, asn, org FROM read_csv($${p},
      header = false, auto_detect = false, quote = '"', escape = '"', columns = {'lo': 'VARCHAR', 'hi': 'VARCHAR', 'asn': 'UINTEGER', 'org': 'VARCHAR'})`;
  const params = [bundledAsnCsv(4), 4, bundledAsnCsv(6), 6];
  if (db.readOnly) {
    if (!(await db.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'asn_ranges' AND temporary`)).length) {
      await db.run(`CREATE TEMP TABLE asn_ranges AS ${read(1)} UNION ALL ${read(3)}`, params);
    }
    return;
  }
  await db.run(`DELETE FROM asn_ranges`);
  await db.run(`INSERT INTO asn_ranges ${read(1)} UNION ALL ${read(3)}`, params);
  await db.run(`INSERT OR REPLACE INTO fwlens_meta VALUES ('asn_data_version', $1)`, [version]);
  // Written into the case file now, not left in its log: every later open would replay ~20 MB,
  // and the close of a `fwlens serve` would take a second longer. Best effort: what stays in the
  // log is safe there.
  await db.quiet(() => db.run('CHECKPOINT')).catch(() => undefined);
}

/** What the JS side computes per address, loaded as a TSV batch. */
export const STAGE_COLUMNS: TsvColumn[] = [
  ...IP_INFO_OFFLINE.filter((c) => c.name !== 'geo_at').map((c) => ({ ...c, sql: c.sql.replace(' PRIMARY KEY', '') })),
  { name: 'geo_at', sql: 'TIMESTAMP', doc: '', read: tsRead('geo_at') },
];

/** Merges the staged rows into ip_info; network-learned columns are kept. */
export async function mergeIpInfo(db: CaseDb, stageFile: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ip_stage (${STAGE_COLUMNS.map((c) => `${c.name} ${c.sql}`).join(', ')})`);
  await db.run(makeInsertSql('ip_stage', STAGE_COLUMNS), [stageFile]);
  await db.run(`
    INSERT INTO ip_info (address, family, num, scope, country, city, lat, lon, asn, org, asn_source, geo_at)
    SELECT address, family, num, scope, country, city, lat, lon, asn, org, asn_source, geo_at FROM ip_stage
    ON CONFLICT (address) DO UPDATE SET family = excluded.family, num = excluded.num, scope = excluded.scope,
      country = excluded.country, city = excluded.city, lat = excluded.lat, lon = excluded.lon, asn = excluded.asn,
      org = excluded.org, asn_source = excluded.asn_source, geo_at = excluded.geo_at`);
  await db.run(`DROP TABLE ip_stage`);
}

/** The ranges announced by an ASN (for block lists built from an ASN). */
export async function asnPrefixes(db: CaseDb, asn: number): Promise<Array<{ family: number; lo: bigint; hi: bigint }>> {
  await ensureAsnRanges(db);
  const rows = await db.all(`SELECT family, lo, hi FROM asn_ranges WHERE asn = $1 ORDER BY family, lo`, [asn]);
  return rows as Array<{ family: number; lo: bigint; hi: bigint }>;
}
