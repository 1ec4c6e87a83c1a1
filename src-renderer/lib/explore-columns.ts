// Which events_enriched columns the Explore grid shows, in what order: the default and checks on a kept choice.

/** Who talked to whom first, so src and dst stay in view on a narrow window or beside the address panel. */
export const EXPLORE_DEFAULT = [
  'ts', 'action', 'src', 'dst', 'proto', 'dport', 'sport', 'service', 'prefix', 'in_if', 'out_if', 'country', 'org', 'len', 'flags',
];

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A kept choice as it may come back from the case (any JSON): a non-empty list of distinct plain names. */
export function isColumnChoice(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.length <= 200 && v.every((c) => typeof c === 'string' && NAME.test(c)) && new Set(v).size === v.length;
}

/** The choice limited to columns that exist (a case from an older version may lack some); the default when nothing is left. */
export function usableColumns(chosen: string[] | null, available: string[]): string[] {
  const have = new Set(available);
  const base = chosen ?? EXPLORE_DEFAULT;
  const cols = available.length ? base.filter((c) => have.has(c)) : base;
  return cols.length ? cols : EXPLORE_DEFAULT.filter((c) => !available.length || have.has(c));
}

/** Moves `name` one place up (-1) or down (+1) in the list. */
export function moveColumn(list: string[], name: string, by: -1 | 1): string[] {
  const i = list.indexOf(name);
  const j = i + by;
  if (i < 0 || j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}
