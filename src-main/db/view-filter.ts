// The filter every picture shares, as SQL: the user's condition over events_enriched (checked as
// user SQL) and the time range, validated and written as literals so the shown query runs as is.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ViewFilter } from '../shared/visual.ts';
import { checkReadOnly, ReadOnlyRefused } from './user-sql.ts';

export { readOnly } from './user-sql.ts';

export class FilterRefused extends ReadOnlyRefused {}

const MAX_WHERE = 64 * 1024;
const TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?(Z|[+-]\d{2}:?\d{2})?$/;

/** ISO text (UTC unless it has an offset) as a UTC TIMESTAMP literal; throws on anything else. */
export function timeLiteral(text: string): string {
  const m = TIME.exec(text.trim());
  if (!m) throw new FilterRefused(`not a time (want ISO text like 2024-03-14T06:00, UTC unless an offset is given): ${text.slice(0, 80)}`);
  const time = m[2] === undefined ? '00:00:00' : m[2].length === 5 ? `${m[2]}:00` : m[2];
  const offset = m[3] === undefined || m[3] === 'Z' ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3];
  const ms = Date.parse(`${m[1]}T${time}${offset}`);
  if (Number.isNaN(ms)) throw new FilterRefused(`not a valid time: ${text.slice(0, 80)}`);
  const micros = /\.(\d{1,6})$/.exec(time)?.[1].padEnd(6, '0') ?? '000000';
  const utc = new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  return `TIMESTAMP '${utc}.${micros}'`;
}

/** The range condition on `ts` (TRUE when open at both ends). */
export function rangeSql(f: Pick<ViewFilter, 'since' | 'until'>): string {
  const parts: string[] = [];
  if (f.since) parts.push(`ts >= ${timeLiteral(f.since)}`);
  if (f.until) parts.push(`ts < ${timeLiteral(f.until)}`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

/** The user's condition, on lines of its own so a trailing `-- comment` cannot swallow the rest. */
export function whereSql(f: Pick<ViewFilter, 'where'>): string {
  const w = f.where.trim().replace(/;+\s*$/, '');
  return w === '' ? 'TRUE' : `(\n${w}\n)`;
}

interface ParsedSelect {
  error: boolean; error_message?: string;
  statements?: Array<{ node: { type: string; select_list?: unknown[]; from_table?: { type: string }; where_clause: unknown; group_expressions?: unknown[]; having: unknown; modifiers?: unknown[]; cte_map?: { map: unknown[] } } }>;
}

/**
 * The condition must be ONE expression: DuckDB's own parser reads `SELECT (condition)`, and anything
 * that parses as more (a `1=1) UNION ALL (SELECT …` balancing its parentheses, a FROM, a second
 * statement) is refused before the condition is placed inside any query.
 */
async function checkOneExpression(conn: DuckDBConnection, where: string): Promise<void> {
  const r = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS j', [`SELECT (\n${where}\n) AS fwlens_condition`]);
  const p = JSON.parse(String(r.getRowsJS()[0][0])) as ParsedSelect;
  if (p.error) throw new FilterRefused(`the filter does not compile: ${p.error_message ?? 'syntax error'}`);
  const node = p.statements?.length === 1 ? p.statements[0].node : null;
  const plain = node && node.type === 'SELECT_NODE' && node.select_list?.length === 1 && node.from_table?.type === 'EMPTY'
    && node.where_clause === null && !node.group_expressions?.length && node.having === null && !node.modifiers?.length && !node.cte_map?.map.length;
  if (!plain) throw new FilterRefused('the filter is not a plain condition: it must be one expression over the columns of events_enriched');
}

/**
 * Refuses a condition that is not one read-only expression over events_enriched: its shape is checked
 * by the parser, then it is bound inside the statement it will run in (unknown columns, bad types).
 */
export async function checkFilter(conn: DuckDBConnection, f: ViewFilter): Promise<void> {
  if (typeof f.where !== 'string') throw new FilterRefused('the filter condition must be text');
  if (f.where.length > MAX_WHERE) throw new FilterRefused(`the filter condition is longer than ${MAX_WHERE} characters`);
  rangeSql(f);
  if (f.where.trim() !== '') await checkOneExpression(conn, f.where.trim().replace(/;+\s*$/, ''));
  try {
    await checkReadOnly(conn, `SELECT count(*) FROM events_enriched WHERE ${whereSql(f)}`);
  } catch (e) {
    if (e instanceof ReadOnlyRefused) throw new FilterRefused(`the filter is not a plain condition: ${e.message}`);
    throw new FilterRefused(`the filter does not compile: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

/** Rows of a read-only statement as objects (bigints kept; callers convert). */
export async function readRows(conn: DuckDBConnection, sql: string): Promise<Array<Record<string, unknown>>> {
  const r = await conn.runAndReadAll(sql);
  return r.getRowObjectsJS() as Array<Record<string, unknown>>;
}
