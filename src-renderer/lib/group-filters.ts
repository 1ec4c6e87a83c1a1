// What a click on a Group-by row filters Explore by: one clause per key, typed where the key has a kind.
import type { FilterClause } from './filter-model.ts';

const CIDR_KIND: Record<string, 'src' | 'dst' | 'addr'> = { 'src/24': 'src', 'dst/24': 'dst', 'peer/24': 'addr' };

export function groupClause(column: string, value: string | number | null): FilterClause {
  if (value === null) return { kind: 'column', column, value: '', literal: 'null' };
  const v = String(value);
  if (column in CIDR_KIND) return { kind: CIDR_KIND[column], value: v };
  if (column === 'src' || column === 'dst') return { kind: column, value: v };
  if (column === 'peer') return { kind: 'addr', value: v };
  if ((column === 'sport' || column === 'dport') && typeof value === 'number') return { kind: column, value: v };
  if (column === 'country' && /^[A-Z]{2}$/.test(v)) return { kind: 'country', value: v };
  return { kind: 'column', column, value: v, literal: typeof value === 'number' ? 'number' : 'text' };
}

/** The columns offered for Group by: the grid's, then the derived ones. */
export const GROUP_COLUMNS = [
  'src', 'dst', 'peer', 'dport', 'sport', 'proto', 'action', 'prefix', 'service', 'org', 'asn', 'country', 'in_if', 'out_if', 'host',
  'src/24', 'dst/24', 'peer/24', 'src_scope', 'dst_scope', 'family',
];
