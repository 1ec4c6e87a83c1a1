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

/**
 * How batch files are read. The fast form has quoting off (it halves DuckDB's scan time) and so cannot
 * carry a tab, a newline or a text that is exactly the NULL marker; the rare row that has one is written
 * with its text quoted, marked with EXACT_MARK, and goes to an exact batch read with quoting on.
 */
export const FAST_CSV = "delim = '\t', quote = '', escape = '', nullstr = '\\N', header = false, auto_detect = false, strict_mode = true";
// new_line is given: DuckDB otherwise takes the first line end it meets, even inside quotes, so one
// text with a bare CR before any LF (a hostile log line) failed the whole import.
const EXACT_CSV = "delim = '\t', quote = '\"', escape = '\"', nullstr = '\\N', allow_quoted_nulls = false, header = false, auto_detect = false, strict_mode = true, new_line = '\\n'";
/** First character of a row in the exact (quoted) form; never the start of a fast row. */
export const EXACT_MARK = '\0';

/** The insert of an exact batch, from the insert of a fast one. */
export function exactCsv(sql: string): string {
  if (!sql.includes(FAST_CSV)) throw new Error('exactCsv: not a fast batch insert');
  return sql.replace(FAST_CSV, EXACT_CSV);
}

const state = { unsafe: false, quoting: false };

/** One cell: NULL marker, text, numbers, booleans, lists space-joined (quoted when writing the exact form). */
export function cell(v: unknown): string {
  if (v === null || v === undefined) return NULL;
  if (typeof v === 'number') return Number.isFinite(v) ? '' + v : NULL;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  const s = Array.isArray(v) ? v.join(' ') : String(v);
  if (state.quoting) return '"' + (s.includes('"') ? s.replaceAll('"', '""') : s) + '"';
  if (s === NULL) state.unsafe = true;
  else for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 32) { state.unsafe = true; break; }
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
  const row = new Function('cell', 'tsCell', `return (r, c) => ${body} + '\\n';`)(cell, tsCell) as TsvWriter<R, C>;
  return (r, c) => {
    state.unsafe = false;
    const line = row(r, c);
    if (!state.unsafe) return line;
    state.quoting = true;
    try {
      return EXACT_MARK + row(r, c);
    } finally {
      state.quoting = false;
    }
  };
}

// Integer types a field can be stored as, with their ranges (UBIGINT's top as the nearest double).
const RANGE: Record<string, [number, number]> = {
  TINYINT: [-128, 127], UTINYINT: [0, 255], SMALLINT: [-32768, 32767], USMALLINT: [0, 65535],
  INTEGER: [-2147483648, 2147483647], UINTEGER: [0, 4294967295], BIGINT: [-(2 ** 63), 2 ** 63 - 1], UBIGINT: [0, 2 ** 64 - 1],
};

/**
 * A check of a record's whole-number fields against their stored types: one value that does not fit
 * (a port of 99999999999 in a hand-edited log) would fail the load of its whole batch, and so the file.
 * Gives the first misfit as a reject reason, or null.
 */
export function makeRangeCheck<R, C = unknown>(fields: Array<{ name: string; sql: string; get?: string; read?: [string, string] }>): (r: R, c: C) => string | null {
  const body = fields
    .filter((f) => RANGE[f.sql] && !f.read)
    .map((f) => {
      const [lo, hi] = RANGE[f.sql];
      return `v = ${f.get ?? `r.${f.name}`}; if (typeof v === 'number' && !(v >= ${lo} && v <= ${hi} && Number.isInteger(v))) return ${JSON.stringify(f.name + ' ')} + v + ${JSON.stringify(` does not fit its column (${f.sql})`)};`;
    })
    .join('\n');
  return new Function('r', 'c', `let v;\n${body}\nreturn null;`) as (r: R, c: C) => string | null;
}

export function makeInsertSql(table: string, cols: TsvColumn[]): string {
  const read = cols.map((c) => `'${c.name}': '${c.read?.[0] ?? (c.sql.endsWith('[]') ? 'VARCHAR' : c.sql)}'`).join(', ');
  const select = cols.map((c) => c.read?.[1] ?? (c.sql.endsWith('[]') ? `CASE WHEN ${c.name} = '' THEN []::${c.sql} ELSE string_split(${c.name}, ' ') END` : c.name)).join(', ');
  return `INSERT INTO ${table} SELECT ${select} FROM read_csv($1, ${FAST_CSV}, columns = {${read}})`;
}

export function createTableSql(table: string, cols: TsvColumn[]): string {
  return `CREATE TABLE ${table} (${cols.map((c) => `${c.name} ${c.sql}`).join(', ')})`;
}

export async function insertTsvFile(db: CaseDb, sql: string, path: string): Promise<void> {
  await db.run(sql, [path]);
}

/** Microseconds since the epoch → TIMESTAMP, in the insert. */
export const tsRead = (name: string): [string, string] => ['BIGINT', `make_timestamp(${name})`];
