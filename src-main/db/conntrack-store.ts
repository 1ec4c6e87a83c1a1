// How `conntrack` is stored: the columns most entries carry in `conntrack_store`, the rest as keys of one
// JSON `detail` column, and the `conntrack` view giving every column back under its name and type.
// Why: the load costs ~50 ms per physical column per million rows, NULL or not, and these nine are NULL in
// nearly every entry of an event stream (ICMP fields, mark, use, security context, labels, the conntrackd
// cache's age, unrecognised tokens). Load of a 1M-line `conntrack -E` stream: 4.9–5.0 → 4.0–4.1 s CPU.
// zone, start_ts and stop_ts keep their columns: the flows view groups and orders by them in every query.
import { CONNTRACK_COLUMNS, type RowContext } from './flow-columns.ts';
import { createTableSql, makeInsertSql, makeTsvWriter, type TsvColumn } from './tsv-table.ts';
import { makeTsvRowWriter } from './tsv-row-bytes.ts';
import type { ConntrackRecord } from '../conntrack/conntrack-record.ts';

const RARE = new Set(['icmp_type', 'icmp_code', 'icmp_id', 'mark', 'use', 'secctx', 'labels', 'active_since', 'extra']);
const rare = CONNTRACK_COLUMNS.filter((c) => RARE.has(c.name));
if (rare.length !== RARE.size || rare.some((c) => c.read)) throw new Error('conntrack-store: RARE names a column that is not a plain conntrack column');

/** The writer's context for a conntrack row (format-conntrack.ts makes it). */
export type ConntrackRowContext = RowContext & {
  num(a: string | null): string | null;
  ctExtra(r: ConntrackRecord): string | null;
  detail(r: ConntrackRecord, c: ConntrackRowContext): string | null;
};

/** Physical columns of conntrack_store, in TSV order. */
export const CONNTRACK_STORE_COLUMNS: TsvColumn[] = [
  ...CONNTRACK_COLUMNS.filter((c) => !RARE.has(c.name)),
  { name: 'detail', sql: 'VARCHAR', doc: 'JSON object of the fields few entries have, NULL when none', get: 'c.detail(r, c)' },
];

/**
 * The `detail` cell: the rare fields that are set, as JSON. Generated so each field is a plain property
 * read (as the events' detail); numbers as `'' + v` writes them, so the view reads back what the
 * column would have held.
 */
export const conntrackDetail = new Function('r', 'c',
  'let o = "", v;\n' +
  rare.map((f) => `v = ${f.get ?? `r.${f.name}`}; if (v !== null && v !== undefined && (typeof v !== 'number' || Number.isFinite(v))) ` +
    `o += (o ? ',"${f.name}":' : '{"${f.name}":') + (typeof v === 'string' ? JSON.stringify(v) : '' + v);`).join('\n') +
  '\nreturn o ? o + "}" : null;',
) as (r: ConntrackRecord, c: ConntrackRowContext) => string | null;

export const writeConntrack = makeTsvWriter<ConntrackRecord, ConntrackRowContext>(CONNTRACK_STORE_COLUMNS);
/** The same rows as bytes in place (tsv-row-bytes.ts); writeConntrack is the reference. */
export const conntrackRow = makeTsvRowWriter<ConntrackRecord, ConntrackRowContext>(CONNTRACK_STORE_COLUMNS);
export const INSERT_CONNTRACK = makeInsertSql('conntrack_store', CONNTRACK_STORE_COLUMNS);

const q = (name: string) => `"${name}"`;

/** The view: every column of CONNTRACK_COLUMNS, typed, in order. */
export const CONNTRACK_VIEW_SQL = `CREATE OR REPLACE VIEW conntrack AS SELECT ${CONNTRACK_COLUMNS.map((c) =>
  RARE.has(c.name) ? `(detail->>'${c.name}')::${c.sql} AS ${q(c.name)}` : q(c.name)).join(', ')} FROM conntrack_store`;

/** A stored table's rare fields as the writer's detail JSON (for the migration of cases made before). */
function detailSql(): string {
  const parts = rare.map((c) => `CASE WHEN ${q(c.name)} IS NOT NULL THEN '"${c.name}":' || ${c.sql === 'VARCHAR' ? `to_json(${q(c.name)})::VARCHAR` : `${q(c.name)}::VARCHAR`} END`);
  const body = `concat_ws(',', ${parts.join(', ')})`;
  return `CASE WHEN ${body} = '' THEN NULL ELSE '{' || ${body} || '}' END`;
}

/** Migration of a case whose conntrack is a table: its rows into conntrack_store, then the view. */
export const CONNTRACK_STORE_MIGRATION: string[] = [
  createTableSql('conntrack_store', CONNTRACK_STORE_COLUMNS),
  `INSERT INTO conntrack_store SELECT ${CONNTRACK_STORE_COLUMNS.map((c) => (c.name === 'detail' ? detailSql() : q(c.name))).join(', ')} FROM conntrack`,
  // The views over conntrack (observations, flows, conntrack_enriched) name it, and read the view from now on.
  `DROP TABLE conntrack`,
  CONNTRACK_VIEW_SQL,
];
