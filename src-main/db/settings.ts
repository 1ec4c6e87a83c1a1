// Case settings, kept in fwlens_meta next to the schema version, each validated before it is stored.
import type { CaseDb } from './case-db.ts';
import { CaseError } from './case-db.ts';
import { existsSync } from 'node:fs';
import { parseNetworkList } from '../enrich/address-scope.ts';

export const SETTINGS = {
  /** Client ports above this are collapsed in the flows view. */
  ephemeral_port_min: { doc: 'source ports above this are shown as NULL in `flows`', check: (v: string) => /^\d+$/.test(v) && Number(v) <= 65535 },
  internal_networks: { doc: 'your own networks (CIDRs, comma-separated), counted as internal', check: (v: string) => checkCidrs(v) },
  geoip_city_db: { doc: 'path of a MaxMind GeoLite2/GeoIP2 City .mmdb (empty: none)', check: (v: string) => v === '' || existsSync(v) },
  geoip_asn_db: { doc: 'path of a MaxMind GeoLite2/GeoIP2 ASN .mmdb (empty: none)', check: (v: string) => v === '' || existsSync(v) },
} as const;

function checkCidrs(v: string): boolean {
  try {
    parseNetworkList(v);
    return true;
  } catch {
    return false;
  }
}

export async function getSetting(db: CaseDb, key: keyof typeof SETTINGS): Promise<string> {
  return (await db.meta(key)) ?? '';
}

export async function listSettings(db: CaseDb): Promise<Array<[string, string]>> {
  const rows = await db.all(`SELECT key, value FROM fwlens_meta WHERE key IN (${Object.keys(SETTINGS).map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY key`, Object.keys(SETTINGS));
  return rows.map((r) => [r.key as string, r.value as string]);
}

export async function setSetting(db: CaseDb, key: keyof typeof SETTINGS, value: string): Promise<void> {
  if (!SETTINGS[key].check(value)) throw new CaseError('BAD_VALUE', `setting ${key}: "${value}" is not valid (${SETTINGS[key].doc})`);
  await db.run(`INSERT OR REPLACE INTO fwlens_meta VALUES ($1, $2)`, [key, value]);
}
