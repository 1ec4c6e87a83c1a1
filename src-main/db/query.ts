// Running a user's SQL statement from the command line (query, rules block --sql): the same read-only
// check as the app, inside a READ ONLY transaction, returning column names and JS values.
import type { CaseDb } from './case-db.ts';
import { checkReadOnly, readOnly } from './user-sql.ts';

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export async function runQuery(db: CaseDb, sql: string): Promise<QueryResult> {
  const conn = db.conn;
  const checked = await checkReadOnly(conn, sql);
  return readOnly(conn, async () => {
    const reader = await conn.runAndReadAll(checked.body);
    return { columns: reader.columnNames(), rows: reader.getRowsJS() as unknown[][] };
  });
}
