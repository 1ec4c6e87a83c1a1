// SQL of the state the app keeps per case (table ui_state, migration 7): JSON text by key.
import type { SqlRunner } from './saved-queries.ts';

export async function getUiState(db: SqlRunner, key: string): Promise<string | null> {
  const rows = await db.all(`SELECT value FROM ui_state WHERE key = $1`, [key]);
  return rows.length ? String(rows[0].value) : null;
}

export async function setUiState(db: SqlRunner, key: string, json: string | null): Promise<void> {
  if (json === null) await db.all(`DELETE FROM ui_state WHERE key = $1`, [key]);
  else await db.all(`INSERT OR REPLACE INTO ui_state VALUES ($1, $2, now()::TIMESTAMP)`, [key, json]);
}
