// Offline enrichment of a case: scope, country, ASN and organisation for every distinct address,
// with no network, at import speed.
import { rmSync } from 'node:fs';
import { workSubdir } from '../app/work-dir.ts';
import { join } from 'node:path';
import type { CaseDb } from '../db/case-db.ts';
import { addressesToEnrich, ensureAsnRanges, mergeIpInfo, STAGE_COLUMNS } from '../db/ip-info.ts';
import { getSetting } from '../db/settings.ts';
import { makeTsvWriter } from '../db/tsv-table.ts';
import { TsvSpool } from '../import/tsv-spool.ts';
import { ScopeClassifier, parseNetworkList } from './address-scope.ts';
import { addressNumber } from './cidr.ts';
import { GeoDbs, bundledAsnCsv, bundledAsnVersion, type DbInfo } from './geo-db.ts';
import { AsnIndex } from './asn-index.ts';

export interface OfflineResult {
  addresses: number;
  databases: DbInfo[];
  elapsedMs: number;
}

interface StageRow {
  address: string; family: number; num: bigint; scope: string; country: string | null; city: string | null;
  lat: number | null; lon: number | null; asn: number | null; org: string | null; asn_source: string | null; geo_at: number;
}
const writeStage = makeTsvWriter<StageRow, unknown>(STAGE_COLUMNS);

let asnIndex: AsnIndex | null = null;
const bundledAsn = () => (asnIndex ??= new AsnIndex({ 4: bundledAsnCsv(4), 6: bundledAsnCsv(6) }));

/**
 * Reads the bundled ASN data ahead of the enrichment (~0.25 s): `fwlens import` calls it while DuckDB
 * loads an import's last batches. A file that cannot be read is the enrichment's to report.
 */
export function preloadOfflineData(): void {
  try {
    bundledAsn().preload();
  } catch {
    // enrichOffline reads it again and says what failed
  }
}

/**
 * Enriches the addresses not yet in ip_info (every address with `refresh`). `asnRanges: false` leaves
 * the case's copy of the ASN ranges to be made when first needed (`fwlens import` does, for speed).
 */
export async function enrichOffline(db: CaseDb, opts: { refresh?: boolean; asnRanges?: boolean } = {}): Promise<OfflineResult> {
  const started = performance.now();
  const internal = parseNetworkList(await getSetting(db, 'internal_networks'));
  const geo = await GeoDbs.open({ cityDb: (await getSetting(db, 'geoip_city_db')) || null, asnDb: (await getSetting(db, 'geoip_asn_db')) || null });
  const asnVersion = bundledAsnVersion();
  if (opts.asnRanges !== false) await ensureAsnRanges(db);
  const asn = bundledAsn();
  const info: DbInfo[] = [...geo.info, { role: 'asn', path: bundledAsnCsv(4), type: 'ip-location-db asn', built: asnVersion, credit: 'RouteViews, DB-IP, NRO (CC BY 4.0)' }];
  // Every address is re-classified on refresh: the internal networks may have changed.
  const addresses = await addressesToEnrich(db, !!opts.refresh);
  if (!addresses.length) return { addresses: 0, databases: info, elapsedMs: performance.now() - started };
  const scope = new ScopeClassifier(internal);
  const now = Date.now() * 1000;
  const dir = workSubdir('enrich-');
  try {
    const spool = new TsvSpool(dir, 'ip');
    let n = 0;
    for (const address of addresses) {
      const a = addressNumber(address);
      if (!a) continue;
      const g = geo.lookup(address);
      // The user's MaxMind ASN database first; else the bundled ranges.
      const bundled = g.asn === null ? asn.lookup(a.family, a.n) : null;
      spool.add(writeStage({
        address, family: a.family, num: a.n, scope: scope.classify(a.family, a.n), ...g,
        asn: g.asn ?? bundled?.asn ?? null, org: g.asn !== null ? g.org : bundled?.org ?? null,
        asn_source: g.asn !== null ? 'mmdb' : bundled ? 'ip-location-db' : null, geo_at: now,
      }, null));
      n++;
    }
    const file = spool.take();
    if (file) await db.transaction(() => mergeIpInfo(db, file));
    return { addresses: n, databases: info, elapsedMs: performance.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
