// SQL of the history as the SQL view lists it: searched by text, pinned entries first (table from migration 9).
import type { SqlRunner } from './saved-queries.ts';

/** Pins are few by nature; the cap keeps one case from growing a second unbounded history. */
export const MAX_PINS = 200;

export interface HistoryRow { sql: string; ranAt: Date; pinned: boolean }

/**
 * Pinned queries first (each with its last run, or when it was pinned), then the other runs newest
 * first; only those whose text contains `search` (any case) when it is not empty.
 */
export async function searchHistory(db: SqlRunner, limit: number, search: string): Promise<HistoryRow[]> {
  const rows = await db.all(
    `SELECT sql, ran_at, pinned FROM (
       SELECT p.sql, coalesce((SELECT max(h.ran_at) FROM query_history h WHERE h.sql = p.sql), p.pinned_at) AS ran_at, true AS pinned
         FROM pinned_queries p
       UNION ALL
       SELECT sql, ran_at, false FROM query_history WHERE sql NOT IN (SELECT sql FROM pinned_queries))
      WHERE $2 = '' OR contains(lower(sql), lower($2))
      ORDER BY pinned DESC, ran_at DESC
      LIMIT $1`,
    [limit, search],
  );
  return rows.map((r) => ({ sql: r.sql as string, ranAt: r.ran_at as Date, pinned: r.pinned === true }));
}

export async function pinCount(db: SqlRunner): Promise<number> {
  const [{ n }] = await db.all(`SELECT count(*)::INTEGER AS n FROM pinned_queries`);
  return n as number;
}

/** Pins or unpins one query text; answers whether anything changed. */
export async function pinQuery(db: SqlRunner, sql: string, pinned: boolean): Promise<boolean> {
  if (!pinned) return (await db.all(`DELETE FROM pinned_queries WHERE sql = $1 RETURNING sql`, [sql])).length > 0;
  const rows = await db.all(`INSERT INTO pinned_queries VALUES ($1, now()::TIMESTAMP) ON CONFLICT DO NOTHING RETURNING sql`, [sql]);
  return rows.length > 0;
}
