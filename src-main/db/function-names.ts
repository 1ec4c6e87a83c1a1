// The names of DuckDB's functions and macros, for the SQL editor's completion.
import type { SqlRunner } from './saved-queries.ts';

/** Distinct scalar, aggregate, table and window function names, operators left out. */
export async function functionNames(db: SqlRunner): Promise<string[]> {
  const rows = await db.all(
    `SELECT DISTINCT function_name FROM duckdb_functions()
      WHERE regexp_matches(function_name, '^[A-Za-z_][A-Za-z0-9_]*$') AND NOT starts_with(function_name, '__')
      ORDER BY function_name`,
  );
  return rows.map((r) => String(r.function_name));
}
