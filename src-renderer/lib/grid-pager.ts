// Where a results grid gets its rows from when not from runQuery: Explore's own paging (keyset pages, count apart).
import type { Result } from '../../src-main/shared/api.ts';
import type { ExplorePage } from '../../src-main/shared/explore.ts';
import type { FwlensClient } from '../client/index.ts';

export interface GridPager {
  /** A page from `offset`; `after` is the previous page's lastKey when the grid has it. */
  page(offset: number, limit: number, after: Array<string | null> | null, opId: string): Promise<Result<ExplorePage>>;
  /** The whole result's row count, asked once the first page is shown. */
  count(opId: string): Promise<Result<{ total: number; elapsedMs: number }>>;
}

export interface ExploreShape {
  where: string;
  columns: string[];
  orderBy: string | null;
  desc: boolean;
}

export function explorePager(client: () => FwlensClient, s: ExploreShape): GridPager {
  return {
    page: (offset, limit, after, opId) => client().explorePage({ ...s, offset, limit, after, opId }),
    count: (opId) => client().exploreCount({ where: s.where, opId }),
  };
}
