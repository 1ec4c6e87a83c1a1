// Explore and SQL hand-offs: the current filter and sort, the address panel, and SQL sent to the editor.
import { addClause, removeClause, type Filter, type FilterClause } from '../lib/filter-model.ts';

export const explore = $state({
  filter: { clauses: [] } as Filter,
  orderBy: null as string | null,
  desc: false,
  /** The address shown in the side panel, or null. */
  address: null as string | null,
  /** SQL to load into the editor next time the SQL view shows (then cleared). */
  sqlDraft: null as string | null,
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
