// Running a user's SQL statement and returning column names and JS values.
import type { CaseDb } from './case-db.ts';

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export async function runQuery(db: CaseDb, sql: string): Promise<QueryResult> {
  const reader = await db.conn.runAndReadAll(sql);
  return { columns: reader.columnNames(), rows: reader.getRowsJS() as unknown[][] };
}
