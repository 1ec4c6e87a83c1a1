// Explore's paging contract and its sort order, shared so the grid's rows and the SQL shown for them agree.
import type { Cell } from './api.ts';

/** A page of Explore's grid: the filter as one condition over events_enriched, sorted, from `offset`. */
export interface ExplorePageRequest {
  /** One condition over events_enriched (the compiled filter; TRUE for none), checked by the service. */
  where: string;
  /** Columns of events_enriched to show (plain names). */
  columns: string[];
  /** Sort column (one of `columns`), or null for time order. */
  orderBy?: string | null;
  desc?: boolean;
  offset: number;
  limit: number;
  /**
   * The sort key of the row just before `offset` (a page's `lastKey`): the page is then read by
   * keyset, without counting `offset` rows again. Without it the service finds the key at `offset`.
   */
  after?: Array<string | null> | null;
  opId?: string;
}

export interface ExplorePage {
  columns: string[];
  types: string[];
  rows: Cell[][];
  offset: number;
  /** The sort key of the last row, for the next page's `after` (null when keyset paging cannot apply). */
  lastKey: Array<string | null> | null;
  /** Whether this page ended the result (fewer rows than asked). */
  end: boolean;
  elapsedMs: number;
}

export interface ExploreCountRequest {
  where: string;
  opId?: string;
}

/** One part of the sort: an expression over events_enriched's columns and its direction. */
export interface SortPart {
  expr: string;
  desc: boolean;
  /** Written without direction (DuckDB's default, ascending with NULLs last), as the time order always was. */
  plain?: boolean;
}

/** Columns sorted by another expression: addresses by family, then number (not as text). */
const ADDRESS_KEYS: Record<string, string[]> = {
  src: ['family', 'src_num'],
  dst: ['family', 'dst_num'],
};

/** The grid's whole sort: the chosen column (time by default), then the event's source and line as tiebreak. */
export function exploreSort(orderBy: string | null | undefined, desc = false): SortPart[] {
  const tiebreak: SortPart[] = [{ expr: 'source_id', desc: false }, { expr: 'line_no', desc: false }];
  if (!orderBy) return [{ expr: 'ts', desc: false, plain: true }, ...tiebreak];
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(orderBy)) throw new Error(`not a column name: ${orderBy}`);
  const keys = ADDRESS_KEYS[orderBy] ?? [`"${orderBy}"`];
  return [...keys.map((expr) => ({ expr, desc })), ...tiebreak];
}

/** ORDER BY text for a sort (NULLs last in either direction). */
export function orderBySql(parts: SortPart[]): string {
  return parts.map((p, i) => (i >= parts.length - 2 || p.plain ? p.expr : `${p.expr} ${p.desc ? 'DESC' : 'ASC'} NULLS LAST`)).join(', ');
}
