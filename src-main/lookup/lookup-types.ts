// The shapes every lookup client returns: one normalised network record and one result envelope.
// No Node imports, so the renderer may import these types.

export type LookupStatus = 'ok' | 'offline' | 'timeout' | 'refused' | 'malformed' | 'too-large' | 'not-found' | 'error';

export type Registry = 'arin' | 'ripe' | 'apnic' | 'lacnic' | 'afrinic' | 'iana' | null;

/**
 * What a registry said about an address or ASN. Every string has passed `cleanText` (no control
 * characters, capped length) but is still untrusted text: quote or escape it where it is written out.
 */
export interface NetRecord {
  query: string;
  /** `first - last` address text, e.g. `193.0.0.0 - 193.0.7.255`. */
  range: string | null;
  cidr: string[];
  netname: string | null;
  org: string | null;
  /** Two upper-case letters, or null. */
  country: string | null;
  /** A conservatively shaped e-mail address, or null. */
  abuse: string | null;
  registry: Registry;
  /** `host:port` (the logical name, before any test or proxy override) that gave this answer. */
  server: string;
  asn?: number | null;
  asName?: string | null;
  /** Allocation date as the registry wrote it (Team Cymru only). */
  allocated?: string | null;
  /** The answer text with control characters removed, capped. */
  raw: string;
  /** Things that could not be read, referral trouble, and so on. */
  warnings: string[];
}

export interface LookupResult<R = NetRecord> {
  status: LookupStatus;
  record?: R;
  error?: string;
  fetchedAt: Date;
  /** The server asked last (`host:port` or a URL). */
  server: string;
  /** Every server asked, in order (referrals and redirects). */
  via?: string[];
}

export function emptyRecord(query: string, server: string): NetRecord {
  return { query, range: null, cidr: [], netname: null, org: null, country: null, abuse: null, registry: null, server, raw: '', warnings: [] };
}
