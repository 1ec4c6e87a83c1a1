// The Explore filter model: clause kinds, the "hide noise" presets, and chip labels. No SQL here.

import { countryLabel, resolveCountry } from './country-names.ts';

/** "DE Germany" for a country clause, whatever was typed ("germany", "de"). */
function countryChip(value: string): string {
  const code = resolveCountry(value);
  return code ? countryLabel(code) : value;
}

export type FilterKind =
  | 'src' | 'dst' | 'addr'          // address or CIDR; `addr` matches either end
  | 'sport' | 'dport' | 'port'      // port or range `a-b`; `port` matches either end
  | 'proto' | 'prefix' | 'action'
  | 'iface'                         // IN= or OUT=
  | 'since' | 'until'               // time range, ISO text (UTC unless an offset is given)
  | 'country' | 'asn' | 'org'       // of the peer (the external end)
  | 'scope'                         // traffic direction: internal | external | inbound | outbound
  | 'sscope' | 'dscope'             // scope of the source / destination address (ADDRESS_SCOPES)
  | 'preset'                        // one of PRESETS
  | 'column';                       // a cell value picked in the grid: `column` = value

export type Literal = 'text' | 'number' | 'bool' | 'null';

export interface FilterClause {
  kind: FilterKind;
  value: string;
  /** Keep rows that do NOT match (NULLs count as not matching). */
  exclude?: boolean;
  /** kind 'column' only: the column and how to read `value`. */
  column?: string;
  literal?: Literal;
}

export interface Filter {
  clauses: FilterClause[];
}

export interface Preset {
  id: string;
  label: string;
  /** SQL over events_enriched; presets are fixed text, never user input. */
  sql: string;
}

export const PRESETS: readonly Preset[] = [
  { id: 'quic', label: 'QUIC (UDP 443)', sql: `(proto = 'UDP' AND (dport = 443 OR sport = 443))` },
  { id: 'ssh-in', label: 'Inbound SSH attempts', sql: `(proto = 'TCP' AND dport = 22 AND src_scope = 'external')` },
  { id: 'dns', label: 'DNS (53)', sql: `(dport = 53 OR sport = 53)` },
  { id: 'ntp', label: 'NTP (123)', sql: `(proto = 'UDP' AND (dport = 123 OR sport = 123))` },
  { id: 'bcast', label: 'Broadcast / multicast', sql: `(dst_scope IN ('broadcast', 'multicast'))` },
];

export const SCOPES = ['internal', 'external', 'inbound', 'outbound'] as const;

/** What each traffic scope keeps, for the picker and its tooltip. */
export const SCOPE_HELP: Record<(typeof SCOPES)[number], string> = {
  internal: 'both ends internal (LAN to LAN)',
  external: 'either end external',
  inbound: 'from an external source to an internal host or the firewall itself',
  outbound: 'from an internal host or the firewall itself to an external destination',
};

/** The scope of one address, as enrichment writes src_scope / dst_scope. */
export const ADDRESS_SCOPES = ['internal', 'external', 'loopback', 'link-local', 'multicast', 'broadcast', 'documentation', 'unspecified', 'ipv4-mapped', 'reserved'] as const;

export const KIND_LABELS: Record<FilterKind, string> = {
  src: 'source', dst: 'destination', addr: 'address', sport: 'src port', dport: 'dst port', port: 'port',
  proto: 'protocol', prefix: 'prefix', action: 'action', iface: 'interface', since: 'from', until: 'until',
  country: 'country', asn: 'ASN', org: 'org', scope: 'traffic', sscope: 'src scope', dscope: 'dst scope', preset: 'noise', column: 'column',
};

/** Short text for a chip: `dst = 10.0.0.0/8`, `not QUIC (UDP 443)`. */
export function clauseLabel(c: FilterClause): string {
  const not = c.exclude ? 'not ' : '';
  if (c.kind === 'preset') return (c.exclude ? 'hide ' : 'only ') + (PRESETS.find((p) => p.id === c.value)?.label ?? c.value);
  const name = c.kind === 'column' ? (c.column ?? '?') : KIND_LABELS[c.kind];
  const value = c.literal === 'null' ? 'NULL' : c.kind === 'country' ? countryChip(c.value) : c.value;
  return `${not}${name} ${c.kind === 'prefix' || c.kind === 'org' ? '~' : '='} ${value}`;
}

/** Same filter plus one clause, replacing an identical clause of the opposite sense. */
export function addClause(f: Filter, c: FilterClause): Filter {
  const same = (a: FilterClause) => a.kind === c.kind && a.value === c.value && a.column === c.column;
  return { clauses: [...f.clauses.filter((a) => !same(a)), c] };
}

export function removeClause(f: Filter, index: number): Filter {
  return { clauses: f.clauses.filter((_, i) => i !== index) };
}
