// `fwlens enrich CASE`: who is behind each address — offline data always, network lookups on request.
import { CaseDb } from '../db/case-db.ts';
import { enrichOffline, type OfflineResult } from '../enrich/enrich-offline.ts';
import { UsageError, type CliValues } from './index.ts';
import { networkOverrides } from './net-overrides.ts';

export function offlineLine(r: OfflineResult): string {
  const dbs = r.databases.map((d) => `${d.role}: ${d.type} (${d.built})`).join('; ');
  return `enriched ${r.addresses} addresses with scope, country, ASN and organisation in ${(r.elapsedMs / 1000).toFixed(2)} s [${dbs}]`;
}

export async function cmdEnrich(args: string[], v: CliValues): Promise<number> {
  const [casePath, ...more] = args;
  if (!casePath || more.length) throw new UsageError('enrich needs a case file');
  const db = await CaseDb.open(casePath);
  try {
    process.stdout.write(offlineLine(await enrichOffline(db, { refresh: !!v.refresh })) + '\n');
    if (v.whois || v.rdap || v.rdns) {
      const { enrichNetwork } = await import('../enrich/enrich-network.ts');
      await enrichNetwork(db, {
        whois: !!v.whois, rdap: !!v.rdap, rdns: !!v.rdns, maxAgeDays: v.refresh ? -1 : 7, ...networkOverrides(),
        out: process.stdout, progress: process.stderr.isTTY ? process.stderr : null,
      });
    }
  } finally {
    db.close();
  }
  return 0;
}
