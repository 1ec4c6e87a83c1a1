// The filter the pictures share, from Explore's filter model: the time range taken out of the clauses
// (the timeline's brush and the from/until fields own it), everything else compiled to one condition.
import type { ViewFilter } from '../../src-main/shared/visual.ts';
import type { Filter, FilterClause } from './filter-model.ts';
import { filterWhere } from './filter-sql.ts';

const isRange = (c: FilterClause) => (c.kind === 'since' || c.kind === 'until') && !c.exclude;

/** Splits a filter into the pictures' request: condition, since, until (the last of each wins). */
export function viewFilterOf(f: Filter): ViewFilter {
  const rest = f.clauses.filter((c) => !isRange(c));
  const last = (k: 'since' | 'until') => f.clauses.filter((c) => isRange(c) && c.kind === k).at(-1)?.value.trim() || null;
  return { where: filterWhere({ clauses: rest }), since: last('since'), until: last('until') };
}

/** The time range of a filter (null ends are open). */
export function timeRangeOf(f: Filter): { since: string | null; until: string | null } {
  const v = viewFilterOf(f);
  return { since: v.since ?? null, until: v.until ?? null };
}

/** The filter with its time range replaced (null ends removed). */
export function withTimeRange(f: Filter, since: string | null, until: string | null): Filter {
  const clauses = f.clauses.filter((c) => !isRange(c));
  if (since) clauses.push({ kind: 'since', value: since });
  if (until) clauses.push({ kind: 'until', value: until });
  return { clauses };
}

/** ISO text as typed in the time fields: UTC, to the second, without the trailing zone. */
export function isoMinute(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const s = d.toISOString();
  return s.endsWith(':00.000Z') ? s.slice(0, 16) : s.slice(0, 19);
}
