// SQL behind block-rule exports: who an address or ASN is (org, ASN) for the rule comments.
import type { CaseDb } from './case-db.ts';
import { ensureAsnRanges } from './ip-info.ts';

export interface AddressOwner { asn: number | null; org: string | null }

/** Org and ASN of each address as enrichment knows it (the registry's org wins over the ASN name), in one query. */
export async function addressOwners(db: CaseDb, addresses: string[]): Promise<Map<string, AddressOwner>> {
  const out = new Map<string, AddressOwner>();
  if (!addresses.length) return out;
  const rows = await db.all(`SELECT address, asn, coalesce(whois_org, org) AS org FROM ip_info WHERE address IN (SELECT unnest($1::VARCHAR[]))`,
    [JSON.stringify([...new Set(addresses)])]);
  for (const r of rows) out.set(String(r.address), { asn: r.asn === null || r.asn === undefined ? null : Number(r.asn), org: (r.org as string | null) ?? null });
  return out;
}

export interface AsnBlock { org: string | null; prefixes: Array<{ family: number; lo: bigint; hi: bigint }> }

/** Org and every prefix of each ASN, in one query rather than two per ASN. */
export async function asnBlocks(db: CaseDb, asns: number[]): Promise<Map<number, AsnBlock>> {
  const out = new Map<number, AsnBlock>();
  if (!asns.length) return out;
  await ensureAsnRanges(db);
  // In DuckDB's chunks: 100,000 prefixes turned into JS at once held the event loop for half a second.
  const rows = db.batches(`SELECT asn, family, lo, hi, org FROM asn_ranges WHERE asn IN (SELECT unnest($1::UINTEGER[])) ORDER BY asn, family, lo`,
    [JSON.stringify([...new Set(asns)])]);
  for await (const batch of rows) {
    for (const r of batch) {
      const asn = Number(r.asn);
      const b = out.get(asn) ?? { org: null, prefixes: [] };
      b.org ??= (r.org as string | null) ?? null;
      b.prefixes.push({ family: Number(r.family), lo: BigInt(r.lo as bigint), hi: BigInt(r.hi as bigint) });
      out.set(asn, b);
    }
  }
  return out;
}
