// SQL of network lookups: which addresses to ask about, the lookups cache, and ip_info updates —
// all written in bulk (one UPDATE per batch: per-address statements took ~5 ms each).
import { listValue } from '@duckdb/node-api';
import type { CaseDb } from './case-db.ts';

export interface CachedLookup { kind: string; query: string; status: string; server: string | null; record: unknown; raw: string | null }

/** Addresses of ip_info in the given scopes whose `atCol` is missing or older than maxAgeDays. */
export async function addressesForLookup(db: CaseDb, scopes: string[], atCol: 'rdns_at' | 'whois_at', maxAgeDays: number): Promise<string[]> {
  const rows = await db.all(
    `SELECT address FROM ip_info WHERE list_contains($1::VARCHAR[], scope)
       AND (${atCol} IS NULL OR ${atCol} < now()::TIMESTAMP - to_days($2::INTEGER)) ORDER BY family, num`,
    [listValue(scopes), maxAgeDays],
  );
  return rows.map((r) => r.address as string);
}

async function appendRows(db: CaseDb, table: string, rows: Array<Array<string | null>>): Promise<void> {
  const app = await db.conn.createAppender(table);
  try {
    for (const r of rows) {
      for (const v of r) v === null ? app.appendNull() : app.appendVarchar(v);
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}

export async function saveLookups(db: CaseDb, ls: CachedLookup[]): Promise<void> {
  if (!ls.length) return;
  await db.run(`CREATE OR REPLACE TEMP TABLE lookup_stage (kind VARCHAR, query VARCHAR, status VARCHAR, server VARCHAR, record VARCHAR, raw VARCHAR)`);
  await appendRows(db, 'lookup_stage', ls.map((l) => [l.kind, l.query, l.status, l.server, l.record === undefined || l.record === null ? null : JSON.stringify(l.record), l.raw]));
  await db.run(`INSERT OR REPLACE INTO lookups SELECT kind, query, status, server, now()::TIMESTAMP, record::JSON, raw FROM lookup_stage`);
  await db.run(`DROP TABLE lookup_stage`);
}

export async function getLookup(db: CaseDb, kind: string, query: string): Promise<(CachedLookup & { fetched_at: Date }) | null> {
  const rows = await db.all(`SELECT kind, query, status, server, record::VARCHAR record, raw, fetched_at FROM lookups WHERE kind = $1 AND query = $2`, [kind, query]);
  if (!rows.length) return null;
  const r = rows[0];
  return { ...(r as unknown as CachedLookup & { fetched_at: Date }), record: r.record ? JSON.parse(r.record as string) : null };
}

export async function setRdnsMany(db: CaseDb, rows: Array<{ address: string; name: string | null; status: string }>): Promise<void> {
  if (!rows.length) return;
  await db.run(`CREATE OR REPLACE TEMP TABLE rdns_stage (address VARCHAR, name VARCHAR, status VARCHAR)`);
  await appendRows(db, 'rdns_stage', rows.map((r) => [r.address, r.name, r.status]));
  await db.run(`UPDATE ip_info SET rdns = s.name, rdns_status = s.status, rdns_at = now()::TIMESTAMP FROM rdns_stage s WHERE ip_info.address = s.address`);
  await db.run(`DROP TABLE rdns_stage`);
}

export interface WhoisFields { status: string; netname: string | null; org: string | null; country: string | null; abuse: string | null; range: string | null; registry: string | null }

export async function setWhoisMany(db: CaseDb, rows: Array<{ address: string } & WhoisFields>): Promise<void> {
  if (!rows.length) return;
  await db.run(`CREATE OR REPLACE TEMP TABLE whois_stage (address VARCHAR, status VARCHAR, netname VARCHAR, org VARCHAR, country VARCHAR, abuse VARCHAR, range VARCHAR, registry VARCHAR)`);
  await appendRows(db, 'whois_stage', rows.map((r) => [r.address, r.status, r.netname, r.org, r.country, r.abuse, r.range, r.registry]));
  await db.run(`UPDATE ip_info SET whois_status = s.status, whois_netname = s.netname, whois_org = s.org, whois_country = s.country,
      whois_abuse = s.abuse, whois_range = s.range, whois_registry = s.registry, whois_at = now()::TIMESTAMP
    FROM whois_stage s WHERE ip_info.address = s.address`);
  await db.run(`DROP TABLE whois_stage`);
}
