// SQL of the row detail: one event with every enriched column, its column types, and its source's record.
import type { SqlRunner } from './saved-queries.ts';

type Row = Record<string, unknown>;

/** The event at (source, line) from events_enriched, or null. */
export async function eventRow(r: SqlRunner, sourceId: number, lineNo: number): Promise<Row | null> {
  const rows = await r.all(`SELECT * FROM events_enriched WHERE source_id = $1 AND line_no = $2 LIMIT 1`, [sourceId, BigInt(lineNo)]);
  return rows[0] ?? null;
}

/** Column name → type of events_enriched, in table order. */
export async function eventColumnTypes(r: SqlRunner): Promise<Map<string, string>> {
  const rows = await r.all(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events_enriched' ORDER BY ordinal_position`,
  );
  return new Map(rows.map((x) => [String(x.column_name), String(x.data_type)]));
}

export async function sourceRecord(r: SqlRunner, sourceId: number): Promise<Row | null> {
  const rows = await r.all(
    `SELECT path, name, format, size::DOUBLE AS size, epoch_us(mtime)::DOUBLE AS mtime_us, mtime, sha256 FROM sources WHERE id = $1`,
    [sourceId],
  );
  return rows[0] ?? null;
}
