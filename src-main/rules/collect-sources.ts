// Turning what a user selected (addresses, CIDRs, ASNs, a query's first column) into block targets
// with their reason, the org taken from the case where it is known. Shared by the CLI and the app.
import type { CaseDb } from '../db/case-db.ts';
import { runQuery } from '../db/query.ts';
import { addressOwners, asnBlocks, type AddressOwner } from '../db/rules-queries.ts';
import { addressNumber } from '../enrich/cidr.ts';
import type { TargetSource } from './targets.ts';

function ownerWhy(o: AddressOwner | undefined, base: string): string {
  return o?.org ? `${base}, ${o.asn ? `AS${o.asn} ` : ''}${o.org}` : base;
}

export interface Collected {
  sources: TargetSource[];
  /** Things to tell the user (an ASN with no known prefixes…). */
  notes: string[];
}

/** A block list's own facts per item (same order as the items): its direction and why, carried to every source it expands to. */
export interface ItemFacts { directions?: Array<TargetSource['direction']>; whys?: Array<string | null> }

/** `items`: addresses, CIDRs or `AS<n>`; `sql`: a query whose first column holds addresses. */
export async function collectSources(db: CaseDb, items: string[], sql?: string, facts: ItemFacts = {}): Promise<Collected> {
  const sources: TargetSource[] = [];
  const notes: string[] = [];
  const asnOf = (item: string) => { const m = /^AS(\d{1,10})$/i.exec(item); return m ? Number(m[1]) : null; };
  const blocks = await asnBlocks(db, items.flatMap((i) => asnOf(i) ?? []));
  const owners = await addressOwners(db, items.filter((i) => asnOf(i) === null && addressNumber(i)));
  for (const [i, item] of items.entries()) {
    const own = facts.directions?.[i] ? { direction: facts.directions[i] } : {};
    const why = facts.whys?.[i] ?? null;
    const n = asnOf(item);
    if (n !== null) {
      const b = blocks.get(n);
      if (!b) notes.push(`AS${n}: no prefixes known in this case (run fwlens enrich first)`);
      for (const p of b?.prefixes ?? []) sources.push({ range: p, why: `${why ? `${why}, ` : ''}AS${n}${b?.org ? ` ${b.org}` : ''}`, ...own });
    } else sources.push({ text: item, why: ownerWhy(owners.get(item), why ?? 'selected'), ...own });
  }
  if (sql) {
    const { columns, rows } = await runQuery(db, sql);
    if (!columns.length) throw new Error('the query returned no columns');
    const texts = rows.flatMap((row) => (row[0] === null || row[0] === undefined ? [] : [String(row[0])]));
    const found = await addressOwners(db, texts.filter((t) => addressNumber(t)));
    for (const text of texts) sources.push({ text, why: ownerWhy(found.get(text), `query ${columns[0]}`) });
  }
  return { sources, notes };
}
