// Columns of `ip_info` (what fwlens knows about each address of a case) and the views that join it.
import type { TsvColumn } from './tsv-table.ts';

/** Filled offline, at import speed: rewritten by every offline enrichment. */
export const IP_INFO_OFFLINE: TsvColumn[] = [
  { name: 'address', sql: 'VARCHAR PRIMARY KEY', doc: 'the address (canonical text)' },
  { name: 'family', sql: 'TINYINT', doc: '4 or 6' },
  { name: 'num', sql: 'UHUGEINT', doc: 'the address as a number' },
  { name: 'scope', sql: 'VARCHAR', doc: 'internal, loopback, link-local, multicast, broadcast, documentation, unspecified, ipv4-mapped, reserved or external' },
  { name: 'country', sql: 'VARCHAR', doc: 'ISO country code (DB-IP, or the user\'s MaxMind City database)' },
  { name: 'city', sql: 'VARCHAR', doc: 'city (user\'s MaxMind City database only)' },
  { name: 'lat', sql: 'DOUBLE', doc: 'latitude (City database only)' },
  { name: 'lon', sql: 'DOUBLE', doc: 'longitude (City database only)' },
  { name: 'asn', sql: 'UINTEGER', doc: 'autonomous system number' },
  { name: 'org', sql: 'VARCHAR', doc: 'autonomous system organisation' },
  { name: 'asn_source', sql: 'VARCHAR', doc: '`ip-location-db` (bundled) or `mmdb` (the user\'s MaxMind ASN database)' },
  { name: 'geo_at', sql: 'TIMESTAMP', doc: 'when scope, country and ASN were last computed' },
];

/** Filled from the network on request; an offline enrichment leaves them alone. */
export const IP_INFO_NETWORK: TsvColumn[] = [
  { name: 'rdns', sql: 'VARCHAR', doc: 'reverse DNS name (PTR)' },
  { name: 'rdns_status', sql: 'VARCHAR', doc: 'ok, nxdomain, timeout, offline, error' },
  { name: 'rdns_at', sql: 'TIMESTAMP', doc: 'when the PTR was fetched' },
  { name: 'whois_status', sql: 'VARCHAR', doc: 'status of the last whois/RDAP lookup' },
  { name: 'whois_netname', sql: 'VARCHAR', doc: 'registry network name' },
  { name: 'whois_org', sql: 'VARCHAR', doc: 'registry organisation' },
  { name: 'whois_country', sql: 'VARCHAR', doc: 'registry country' },
  { name: 'whois_abuse', sql: 'VARCHAR', doc: 'abuse contact' },
  { name: 'whois_range', sql: 'VARCHAR', doc: 'the registered range (CIDR or a - b)' },
  { name: 'whois_registry', sql: 'VARCHAR', doc: 'arin, ripe, apnic, lacnic, afrinic' },
  { name: 'whois_at', sql: 'TIMESTAMP', doc: 'when the registry record was fetched' },
];

export const IP_INFO_COLUMNS = [...IP_INFO_OFFLINE, ...IP_INFO_NETWORK];

/**
 * A view of `table` with what is known of both ends and of the peer — the external end, or dst when
 * neither is — so `SELECT org, count(*) … GROUP BY org` answers "who are we talking to".
 * The peer's columns are picked from the two ends' rows: DuckDB keeps every join of a view even when a
 * query uses none of its columns, and a third join on ip_info cost every query on 1,000,000 events
 * about a quarter of its time.
 */
export function enrichedViewSql(view: string, table: string, protoExpr: string): string {
  const peerIsDst = `(d.scope = 'external' OR coalesce(s.scope, '') <> 'external')`;
  const peer = (c: string) => `CASE WHEN ${peerIsDst} THEN d.${c} ELSE s.${c} END`;
  return `CREATE OR REPLACE VIEW ${view} AS
    SELECT t.*,
      s.scope AS src_scope, s.country AS src_country, s.asn AS src_asn, s.org AS src_org,
      d.scope AS dst_scope, d.country AS dst_country, d.asn AS dst_asn, d.org AS dst_org,
      ${peer('address')} AS peer, ${peer('scope')} AS peer_scope, ${peer('country')} AS country, ${peer('asn')} AS asn,
      ${peer('org')} AS org, ${peer('rdns')} AS rdns, ${peer('whois_org')} AS whois_org, svc.name AS service
    FROM ${table} t
    LEFT JOIN ip_info s ON s.address = t.src
    LEFT JOIN ip_info d ON d.address = t.dst
    LEFT JOIN services svc ON svc.proto = upper(${protoExpr}) AND svc.port = t.dport`;
}
