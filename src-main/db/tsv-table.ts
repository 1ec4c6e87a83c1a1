// Bulk path for the tables other than events: a column list becomes a generated record → TSV line
// writer and the read_csv insert that loads it (same conventions as the events writer).
import type { CaseDb } from './case-db.ts';

export interface TsvColumn {
  name: string;
  /** Stored type. */
  sql: string;
  doc: string;
  /** JS expression over the record `r` (and `c`, the writer's context); default `r.<name>`. */
  get?: string;
  /** Type the TSV cell is read as, and the SELECT expression storing it, when not a plain cast. */
  read?: [string, string];
}

const NULL = '\\N';

/** One cell: NULL marker, text with control characters escaped, numbers, booleans, lists space-joined. */
export function cell(v: unknown): string {
  if (v === null || v === undefined) return NULL;
  if (typeof v === 'number') return Number.isFinite(v) ? '' + v : NULL;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  const s = Array.isArray(v) ? v.join(' ') : String(v);
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) < 32) return s.replace(/[\x00-\x1f]/g, (ch) => '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0'));
  }
  return s;
}

/** A timestamp in µs, or NULL when it is outside years 1..9999 (corrupt capture or dump clocks). */
export function tsCell(us: unknown): string {
  return typeof us === 'number' && us > -62135596800e6 && us < 253402300800e6 ? '' + Math.round(us) : NULL;
}

export type TsvWriter<R, C> = (r: R, c: C) => string;

/** A writer emitting the columns in order; generated so each field is a plain property read. */
export function makeTsvWriter<R, C = unknown>(cols: TsvColumn[]): TsvWriter<R, C> {
  const body = cols.map((c) => `${c.read?.[1].startsWith('make_timestamp') ? 'tsCell' : 'cell'}(${c.get ?? `r.${c.name}`})`).join(" + '\\t' + ");
  return new Function('cell', 'tsCell', `return (r, c) => ${body} + '\\n';`)(cell, tsCell) as TsvWriter<R, C>;
}

export function makeInsertSql(table: string, cols: TsvColumn[]): string {
  const read = cols.map((c) => `'${c.name}': '${c.read?.[0] ?? (c.sql.endsWith('[]') ? 'VARCHAR' : c.sql)}'`).join(', ');
  const select = cols.map((c) => c.read?.[1] ?? (c.sql.endsWith('[]') ? `CASE WHEN ${c.name} = '' THEN []::${c.sql} ELSE string_split(${c.name}, ' ') END` : c.name)).join(', ');
  return `INSERT INTO ${table} SELECT ${select} FROM read_csv($1, delim = '\t', quote = '', escape = '', nullstr = '\\N',
    header = false, auto_detect = false, strict_mode = true, columns = {${read}})`;
}

export function createTableSql(table: string, cols: TsvColumn[]): string {
  return `CREATE TABLE ${table} (${cols.map((c) => `${c.name} ${c.sql}`).join(', ')})`;
}

export async function insertTsvFile(db: CaseDb, sql: string, path: string): Promise<void> {
  await db.run(sql, [path]);
}

/** Microseconds since the epoch → TIMESTAMP, in the insert. */
export const tsRead = (name: string): [string, string] => ['BIGINT', `make_timestamp(${name})`];
