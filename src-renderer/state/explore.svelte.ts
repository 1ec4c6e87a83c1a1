// Explore and SQL hand-offs: the current filter and sort, the address panel, and SQL sent to the editor.
import { addClause, removeClause, type Filter, type FilterClause } from '../lib/filter-model.ts';
import { withTimeRange } from '../lib/view-filter.ts';

export const explore = $state({
  filter: { clauses: [] } as Filter,
  orderBy: null as string | null,
  desc: false,
  /** The address shown in the side panel, or null. */
  address: null as string | null,
  /** SQL to load into the editor next time the SQL view shows (then cleared). */
  sqlDraft: null as string | null,
  /** Explore shows the events, or groups of them (Group by without SQL). */
  mode: 'rows' as 'rows' | 'groups',
  groupBy: [] as string[],
  groupOrder: 'events' as 'events' | 'peers' | 'first' | 'last' | 'blocked' | 'key',
  groupDesc: true,
});

export function addFilter(c: FilterClause): void {
  explore.filter = addClause(explore.filter, c);
}

export function removeFilter(index: number): void {
  explore.filter = removeClause(explore.filter, index);
}

export function clearFilters(): void {
  explore.filter = { clauses: [] };
}

export function showAddress(address: string): void {
  explore.address = address;
}

/** Sets (or clears, with nulls) the time range every view shares: the brush and the from/until fields. */
export function setTimeRange(since: string | null, until: string | null): void {
  explore.filter = withTimeRange(explore.filter, since, until);
}

/** Adds several clauses at once (a bar, node or link click), each replacing an identical one. */
export function addFilters(cs: FilterClause[]): void {
  let f = explore.filter;
  for (const c of cs) f = addClause(f, c);
  explore.filter = f;
}
