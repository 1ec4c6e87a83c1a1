// SQL behind block-rule exports: who an address or ASN is (org, ASN) for the rule comments.
import type { CaseDb } from './case-db.ts';

export interface AddressOwner { asn: number | null; org: string | null }

/** Org and ASN of an address as enrichment knows it (the registry's org wins over the ASN name). */
export async function addressOwner(db: CaseDb, address: string): Promise<AddressOwner | null> {
  const rows = await db.all(`SELECT asn, coalesce(whois_org, org) AS org FROM ip_info WHERE address = $1 LIMIT 1`, [address]);
  if (!rows.length) return null;
  const r = rows[0];
  return { asn: r.asn === null || r.asn === undefined ? null : Number(r.asn), org: (r.org as string | null) ?? null };
}

/** The organisation name behind an ASN, from the bundled ranges. */
export async function asnOrg(db: CaseDb, asn: number): Promise<string | null> {
  const rows = await db.all(`SELECT org FROM asn_ranges WHERE asn = $1 AND org IS NOT NULL LIMIT 1`, [asn]);
  return rows.length ? (rows[0].org as string) : null;
}
