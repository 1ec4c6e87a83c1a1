// Turning what a user selected (addresses, CIDRs, ASNs, a query's first column) into block targets
// with their reason, the org taken from the case where it is known. Shared by the CLI and the app.
import type { CaseDb } from '../db/case-db.ts';
import { asnPrefixes } from '../db/ip-info.ts';
import { runQuery } from '../db/query.ts';
import { addressOwner, asnOrg } from '../db/rules-queries.ts';
import { addressNumber } from '../enrich/cidr.ts';
import type { TargetSource } from './targets.ts';

async function ownerWhy(db: CaseDb, address: string, base: string): Promise<string> {
  if (!addressNumber(address)) return base;
  const o = await addressOwner(db, address);
  return o?.org ? `${base}, ${o.asn ? `AS${o.asn} ` : ''}${o.org}` : base;
}

export interface Collected {
  sources: TargetSource[];
  /** Things to tell the user (an ASN with no known prefixes…). */
  notes: string[];
}

/** `items`: addresses, CIDRs or `AS<n>`; `sql`: a query whose first column holds addresses. */
export async function collectSources(db: CaseDb, items: string[], sql?: string): Promise<Collected> {
  const sources: TargetSource[] = [];
  const notes: string[] = [];
  for (const item of items) {
    const asn = /^AS(\d{1,10})$/i.exec(item);
    if (asn) {
      const n = Number(asn[1]);
      const org = await asnOrg(db, n);
      const prefixes = await asnPrefixes(db, n);
      if (!prefixes.length) notes.push(`AS${n}: no prefixes known in this case (run fwlens enrich first)`);
      for (const p of prefixes) sources.push({ range: { family: Number(p.family), lo: BigInt(p.lo), hi: BigInt(p.hi) }, why: `AS${n}${org ? ` ${org}` : ''}` });
    } else sources.push({ text: item, why: await ownerWhy(db, item, 'selected') });
  }
  if (sql) {
    const { columns, rows } = await runQuery(db, sql);
    if (!columns.length) throw new Error('the query returned no columns');
    for (const row of rows) {
      const a = row[0];
      if (a === null || a === undefined) continue;
      const text = String(a);
      sources.push({ text, why: await ownerWhy(db, text, `query ${columns[0]}`) });
    }
  }
  return { sources, notes };
}
