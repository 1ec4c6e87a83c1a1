// The address panel: everything the case knows about one address (its network lookup: address-lookup.ts).
import type { AddressDetails } from '../shared/api.ts';
import { addressCounts, ipInfoRow, learnedNames, topPeers, topPorts } from '../db/address-queries.ts';
import type { SqlRunner } from '../db/saved-queries.ts';
import { addressNumber, numberToAddress } from '../enrich/cidr.ts';
import { AppError, iso, num, str } from './result.ts';
import * as v from './validate.ts';

const TOP = 10;

/** The canonical text of an address (as the case stores it), or BAD_ARGUMENT. */
export function checkAddress(a: unknown): string {
  const text = v.str(a, 'address', 64).trim();
  const n = addressNumber(text);
  if (!n) throw new AppError('BAD_ARGUMENT', `"${text}" is not an IPv4 or IPv6 address`);
  return numberToAddress(n.n, n.family);
}

export async function addressDetails(r: SqlRunner, address: string): Promise<AddressDetails> {
  const info = await ipInfoRow(r, address);
  const c = await addressCounts(r, address);
  const seen = num(c.as_src) + num(c.as_dst) + num(c.ct) + num(c.pf);
  if (!info && seen === 0) throw new AppError('NOT_FOUND', `${address} does not appear in this case`);
  const i = info ?? {};
  return {
    address,
    scope: str(i.scope), country: str(i.country), asn: i.asn == null ? null : num(i.asn), org: str(i.org), city: str(i.city),
    rdns: str(i.rdns), rdnsStatus: str(i.rdns_status), rdnsAt: iso(i.rdns_at),
    whois: {
      status: str(i.whois_status), netname: str(i.whois_netname), org: str(i.whois_org), country: str(i.whois_country),
      abuse: str(i.whois_abuse), range: str(i.whois_range), registry: str(i.whois_registry), at: iso(i.whois_at),
    },
    names: (await learnedNames(r, address)).map((n) => ({ name: String(n.name), how: String(n.how), seen: num(n.seen) })),
    counts: { asSource: num(c.as_src), asDestination: num(c.as_dst), conntrack: num(c.ct), pcapFlows: num(c.pf) },
    firstSeen: iso(c.first_seen), lastSeen: iso(c.last_seen),
    peers: (await topPeers(r, address, TOP)).map((p) => ({ address: String(p.address), events: num(p.events), org: str(p.org) })),
    ports: (await topPorts(r, address, TOP)).map((p) => ({ proto: String(p.proto), port: num(p.port), service: str(p.service), events: num(p.events) })),
  };
}
