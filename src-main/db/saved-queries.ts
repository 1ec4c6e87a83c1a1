// SQL of the app's per-case query history and saved queries (tables from migration 4).
import type { Row } from './case-db.ts';
import type { DuckDBValue } from '@duckdb/node-api';

/** Anything that can run a statement and read rows: a CaseDb, or the app's side connection. */
export interface SqlRunner {
  all(sql: string, params?: DuckDBValue[]): Promise<Row[]>;
}

/** History is capped so a case used for years does not grow without bound. */
const HISTORY_KEEP = 1000;

/** Pinned queries live in pinned_queries (history-pins.ts): trimming here never loses one. */
export async function addHistory(db: SqlRunner, sql: string, keep = HISTORY_KEEP): Promise<void> {
  await db.all(`INSERT INTO query_history VALUES ($1, now()::TIMESTAMP)`, [sql]);
  await db.all(
    `DELETE FROM query_history WHERE ran_at < (SELECT min(ran_at) FROM (SELECT ran_at FROM query_history ORDER BY ran_at DESC LIMIT $1))`,
    [keep],
  );
}

export interface SavedRow { id: number; name: string; sql: string; savedAt: Date }

const toSaved = (r: Row): SavedRow => ({ id: Number(r.id), name: r.name as string, sql: r.sql as string, savedAt: r.saved_at as Date });

export async function listSaved(db: SqlRunner): Promise<SavedRow[]> {
  return (await db.all(`SELECT id, name, sql, saved_at FROM saved_queries ORDER BY name, id`)).map(toSaved);
}

/** Saving under an existing name replaces that query: names are what users recognise. */
export async function saveQuery(db: SqlRunner, name: string, sql: string): Promise<SavedRow> {
  const same = await db.all(`SELECT id FROM saved_queries WHERE name = $1`, [name]);
  const rows = same.length
    ? await db.all(`UPDATE saved_queries SET sql = $2, saved_at = now()::TIMESTAMP WHERE id = $1 RETURNING id, name, sql, saved_at`, [same[0].id as number, sql])
    : await db.all(`INSERT INTO saved_queries (name, sql, saved_at) VALUES ($1, $2, now()::TIMESTAMP) RETURNING id, name, sql, saved_at`, [name, sql]);
  return toSaved(rows[0]);
}

export async function deleteSaved(db: SqlRunner, id: number): Promise<boolean> {
  const rows = await db.all(`DELETE FROM saved_queries WHERE id = $1 RETURNING id`, [id]);
  return rows.length > 0;
}
