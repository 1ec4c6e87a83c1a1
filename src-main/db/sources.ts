// The `sources` table: one row per imported file, with its counts and where it came from.
import type { CaseDb } from './case-db.ts';
import type { SqlRunner } from './saved-queries.ts';

export interface SourceSummary {
  id: number;
  format: string;
  sha256: string;
  lines: number;
  events: number;
  rejects: number;
  skipped: number;
  blank: number;
  status: string;
  message: string | null;
  unit: string;
  rows_table: string;
  rows_written: number;
}

const SUMMARY_COLS = 'id, format, sha256, lines::DOUBLE lines, events::DOUBLE events, rejects::DOUBLE rejects, coalesce(skipped, 0)::DOUBLE skipped, blank::DOUBLE blank, status, message, unit, rows_table, rows_written::DOUBLE rows_written';

export async function nextSourceId(db: CaseDb): Promise<number> {
  const rows = await db.all(`SELECT nextval('source_ids')::INTEGER AS id`);
  return rows[0].id as number;
}

export async function findSourceBySha(db: CaseDb, sha256: string): Promise<SourceSummary | null> {
  const rows = await db.all(`SELECT ${SUMMARY_COLS} FROM sources WHERE sha256 = $1`, [sha256]);
  return (rows[0] as unknown as SourceSummary) ?? null;
}

export async function findSourceLike(db: CaseDb, name: string, size: number, mtimeMs: number): Promise<SourceSummary | null> {
  const rows = await db.all(
    `SELECT ${SUMMARY_COLS} FROM sources WHERE name = $1 AND size = $2 AND mtime = make_timestamp($3::BIGINT)`,
    [name, size, BigInt(Math.round(mtimeMs * 1000))],
  );
  return (rows[0] as unknown as SourceSummary) ?? null;
}

export interface NewSource {
  id: number;
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  format: string;
  unit: string;
  rowsTable: string;
  rows: number;
  lines: number;
  events: number;
  rejects: number;
  skipped: number;
  blank: number;
  status: string;
  message: string | null;
}

/** Adds the source row; its host (the most frequent) and time span come from its events. */
export async function insertSource(db: CaseDb, s: NewSource): Promise<void> {
  await db.run(
    `INSERT INTO sources (id, path, name, size, mtime, sha256, format, lines, events, rejects, blank, status, message, unit, rows_table, rows_written, skipped, host, first_ts, last_ts)
     SELECT $1, $2, $3, $4, make_timestamp($5::BIGINT), $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
       (SELECT host FROM events_store WHERE source_id = $1 AND host IS NOT NULL GROUP BY host ORDER BY count(*) DESC, host LIMIT 1),
       (SELECT min(t) FROM (SELECT min(ts) t FROM events_store WHERE source_id = $1 UNION ALL SELECT min(ts) FROM conntrack WHERE source_id = $1
                            UNION ALL SELECT min(first_ts) FROM pcap_flows WHERE source_id = $1)),
       (SELECT max(t) FROM (SELECT max(ts) t FROM events_store WHERE source_id = $1 UNION ALL SELECT max(ts) FROM conntrack WHERE source_id = $1
                            UNION ALL SELECT max(last_ts) FROM pcap_flows WHERE source_id = $1))`,
    [s.id, s.path, s.name, s.size, BigInt(Math.round(s.mtimeMs * 1000)), s.sha256, s.format, s.lines, s.events, s.rejects, s.blank, s.status, s.message, s.unit, s.rowsTable, s.rows, s.skipped],
  );
}

export async function listSources(db: CaseDb) {
  return db.all(`SELECT id, name, path, format, host, lines, events, rejects, skipped, blank, status, message, first_ts, last_ts, imported_at FROM sources ORDER BY id`);
}

/** A source's evidence span (first and last time), or nulls when it has none or does not exist. */
export async function sourceSpan(db: CaseDb, id: number): Promise<{ firstTs: Date | null; lastTs: Date | null }> {
  const rows = await db.all(`SELECT first_ts, last_ts FROM sources WHERE id = $1`, [id]);
  return { firstTs: (rows[0]?.first_ts as Date | null) ?? null, lastTs: (rows[0]?.last_ts as Date | null) ?? null };
}

/** The source holding exactly these bytes, for the page's check before an upload. */
export async function sourceBySha(db: SqlRunner, sha256: string): Promise<{ id: number; name: string } | null> {
  const rows = await db.all(`SELECT id, name FROM sources WHERE sha256 = $1 ORDER BY id LIMIT 1`, [sha256]);
  return rows[0] ? { id: Number(rows[0].id), name: String(rows[0].name) } : null;
}
