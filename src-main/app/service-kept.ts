// The service's kept things of a case, written on the side connection: query history and pins, saved queries,
// and the views' UI state.
import type { FwlensApi, HistoryEntry, Result, SavedQuery } from '../shared/api.ts';
import { deleteSaved, listSaved, saveQuery } from '../db/saved-queries.ts';
import { MAX_PINS, pinCount, pinQuery, searchHistory } from '../db/history-pins.ts';
import { getUiState, setUiState } from '../db/ui-state.ts';
import { checkUiKey, MAX_UI_STATE } from './ui-state-check.ts';
import { AppError, guard, iso } from './result.ts';
import type { ServiceParts } from './service-parts.ts';
import * as v from './validate.ts';

export function keptApi({ ctx }: ServiceParts) {
  return {
    queryHistory(limit: unknown, search: unknown = ''): Promise<Result<HistoryEntry[]>> {
      return guard(async () => {
        const [n, s] = [v.int(limit, 'limit', 1, 1000), v.str(search, 'search', 1000, 0)];
        return (await ctx.side((r) => searchHistory(r, n, s))).map((h) => ({ sql: h.sql, ranAt: iso(h.ranAt) ?? '', pinned: h.pinned }));
      });
    },

    pinQuery(sql: unknown, pinned: unknown): Promise<Result<boolean>> {
      return guard(async () => {
        const [s, p] = [v.sql(sql), v.bool(pinned, 'pinned')];
        return ctx.side(async (r) => {
          if (p && (await pinCount(r)) >= MAX_PINS) throw new AppError('TOO_LARGE', `at most ${MAX_PINS} queries can be pinned: unpin one first`);
          return pinQuery(r, s, p);
        });
      });
    },

    uiState(key: unknown): Promise<Result<unknown>> {
      return guard(async () => {
        const text = await ctx.side((r) => getUiState(r, checkUiKey(key)));
        return text === null ? null : (JSON.parse(text) as unknown);
      });
    },

    setUiState(key: unknown, value: unknown): Promise<Result<boolean>> {
      return guard(async () => {
        const k = checkUiKey(key);
        const json = value === null || value === undefined ? null : JSON.stringify(value);
        if (json !== null && json.length > MAX_UI_STATE) throw new AppError('TOO_LARGE', `a kept state is at most ${MAX_UI_STATE / 1024} KiB`);
        // On the side connection: an import's CHECKPOINT waits for it (CaseDb.quiet), not the other way round.
        await ctx.side((r) => setUiState(r, k, json));
        return true;
      });
    },

    savedQueries(): Promise<Result<SavedQuery[]>> {
      return guard(async () => (await ctx.side(listSaved)).map((s) => ({ ...s, savedAt: iso(s.savedAt) ?? '' })));
    },

    saveQuery(name: unknown, sql: unknown): Promise<Result<SavedQuery>> {
      return guard(async () => {
        const [n, s] = [v.str(name, 'name', 200).trim(), v.sql(sql)];
        if (!n) throw new AppError('BAD_ARGUMENT', 'name must not be blank');
        const row = await ctx.side((r) => saveQuery(r, n, s));
        return { ...row, savedAt: iso(row.savedAt) ?? '' };
      });
    },

    deleteSavedQuery(id: unknown): Promise<Result<boolean>> {
      return guard(async () => {
        const n = v.int(id, 'id', 1, 2 ** 31 - 1);
        return ctx.side((r) => deleteSaved(r, n));
      });
    },
  } satisfies Partial<FwlensApi>;
}
