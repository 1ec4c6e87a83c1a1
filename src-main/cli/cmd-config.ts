// `fwlens config CASE [KEY [VALUE]]`: the case's settings (kept in the case file).
import { CaseDb } from '../db/case-db.ts';
import { SETTINGS, getSetting, listSettings, setSetting } from '../db/settings.ts';
import { ASN_CREDIT, GeoDbs } from '../enrich/geo-db.ts';
import { UsageError } from './index.ts';

export async function cmdConfig(args: string[]): Promise<number> {
  const [casePath, key, value, ...more] = args;
  if (!casePath || more.length) throw new UsageError('config needs a case file, then optionally a key and a value');
  if (key !== undefined && !(key in SETTINGS)) throw new UsageError(`unknown setting "${key}" (known: ${Object.keys(SETTINGS).join(', ')})`);
  const db = await CaseDb.open(casePath, { readOnly: value === undefined });
  try {
    if (value !== undefined) await setSetting(db, key as keyof typeof SETTINGS, value);
    for (const [k, v] of await listSettings(db)) if (key === undefined || k === key) process.stdout.write(`${k} = ${v}\n`);
    if (key === undefined || key.startsWith('geoip')) {
      // Which databases answer, and how old their data is.
      const geo = await GeoDbs.open({ cityDb: (await getSetting(db, 'geoip_city_db')) || null, asnDb: (await getSetting(db, 'geoip_asn_db')) || null });
      for (const d of geo.info) process.stdout.write(`database ${d.role}: ${d.type}, built ${d.built}, ${d.path} — ${d.credit}\n`);
      process.stdout.write(`database asn ranges: ip-location-db ${(await db.meta('asn_data_version')) ?? '(loaded at the first enrichment)'} — ${ASN_CREDIT}\n`);
    }
  } finally {
    db.close();
  }
  return 0;
}
