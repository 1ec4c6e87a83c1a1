// Measures storage shapes for events_store on the generated 1M-line day (issue 15): the load of the
// importer's TSV batches (wall and CPU seconds, all threads), the file size, and GROUP BY times, for
// today's shape and the narrower ones the issue lists. `node --import tsx test/bench/storage-shape.ts`
// (SHAPES=0,3 picks shapes by index, REPEAT=2 runs them twice, interleaved).
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { BENCH_DIR, printRows } from './bench-util.ts';
import { STORE_COLUMNS } from '../../src-main/db/event-columns.ts';
import { FAST_CSV } from '../../src-main/db/tsv-table.ts';
import { EventRecord } from '../../src-main/shared/model.ts';
import { makeFastLine } from '../../src-main/import/fast-line.ts';
import { ROW_ROOM, writeEventRow } from '../../src-main/db/event-tsv-bytes.ts';
import { writeSynthDay } from '../../src-main/gen/write-synth.ts';

const DIR = join(BENCH_DIR, 'shape');
const ROWS = 100_000;
rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });

// The base batches, as the importer writes them (fast-path lines only: the shape study needs rows, not every line).
const day = join(BENCH_DIR, 'day-1000000.log');
if (!existsSync(day)) await writeSynthDay(day, { lines: 1_000_000, seed: 42 });
const fast = makeFastLine({ refTimeMs: Date.UTC(2024, 11, 31), tz: 'UTC' });
const rec = new EventRecord();
const base: string[] = [];
{
  const lines = readFileSync(day, 'latin1').split('\n');
  let buf = Buffer.allocUnsafe(ROWS * 400), at = 0, n = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!fast(lines[i], rec)) continue;
    const end = writeEventRow(buf, at, rec, 1, i + 1, i * 250);
    if (end < 0) continue;
    at = end;
    if (++n % ROWS === 0 || at + ROW_ROOM > buf.length) {
      base.push(buf.toString('latin1', 0, at));
      buf = Buffer.allocUnsafe(ROWS * 400);
      at = 0;
    }
  }
  if (at) base.push(buf.toString('latin1', 0, at));
}

interface Col { name: string; read: string; select: string; store: string }
const READ_AS: Record<string, [string, string]> = { ts: ['BIGINT', 'make_timestamp(ts)'], uptime: ['BIGINT', 'uptime / 1e6'] };
const today: Col[] = STORE_COLUMNS.map((c) => ({ name: c.name, read: READ_AS[c.name]?.[0] ?? c.sql, select: READ_AS[c.name]?.[1] ?? c.name, store: c.sql }));
const idx = (name: string) => today.findIndex((c) => c.name === name);

interface Shape { name: string; cols: Col[]; cells: (c: string[]) => string[]; settings?: string; threads?: number; csv?: string; byDst: string; dimension?: boolean; packed?: boolean; literal?: boolean }
const DICT = ['host', 'prefix', 'action', 'in_if', 'out_if'];
const dicts = new Map<string, Map<string, number>>(DICT.map((d) => [d, new Map()]));
const dictId = (col: string, v: string) => {
  if (v === '\\N') return v;
  const m = dicts.get(col)!;
  let id = m.get(v);
  if (id === undefined) m.set(v, (id = m.size));
  return '' + id;
};
// The dimension shape: the tuple of the low-cardinality texts of a row gets one id; queries then
// read `ev` through a view joining the tuple table, as the events view would.
const CTX = ['host', 'prefix', 'action', 'in_if', 'out_if', 'mac', 'tcp_flags'];
const ctxIds = new Map<string, number>();
const ctxId = (c: string[], names = CTX) => {
  const key = names.map((n) => c[idx(n)]).join('\t');
  let id = ctxIds.get(key);
  if (id === undefined) ctxIds.set(key, (id = ctxIds.size));
  return '' + id;
};
const CTX5 = ['host', 'prefix', 'action', 'in_if', 'out_if'];
const dropCols = (names: string[]) => (c: string[]) => c.filter((_, k) => !names.includes(today[k].name));
const asDict = (c: string[]) => c.map((v, k) => (DICT.includes(today[k].name) ? dictId(today[k].name, v) : v));
const colsWithout = (names: string[]) => today.filter((c) => !names.includes(c.name));
const dictCols = (cols: Col[]) => cols.map((c) => (DICT.includes(c.name) ? { ...c, read: 'USMALLINT', store: 'USMALLINT' } : c));

const shapes: Shape[] = [
  { name: 'today (30 columns), threads=1 as `fwlens import`', cols: today, cells: (c) => c, byDst: 'dst' },
  { name: 'today, threads=2 (the app\'s instance)', cols: today, cells: (c) => c, threads: 2, byDst: 'dst' },
  { name: 'today, preserve_insertion_order=false', cols: today, cells: (c) => c, settings: 'preserve_insertion_order = false', byDst: 'dst' },
  { name: 'today, read_csv parallel = false', cols: today, cells: (c) => c, csv: ', parallel = false', byDst: 'dst' },
  { name: 'no ts_text', cols: colsWithout(['ts_text']), cells: dropCols(['ts_text']), byDst: 'dst' },
  { name: 'dictionary ids: host, prefix, action, in/out_if', cols: dictCols(today), cells: asDict, byDst: 'dst' },
  { name: 'addresses as numbers only (no src/dst text)', cols: colsWithout(['src', 'dst']), cells: dropCols(['src', 'dst']), byDst: 'dst_num' },
  {
    name: 'all three: no ts_text, ids, numbers only', cols: dictCols(colsWithout(['ts_text', 'src', 'dst'])),
    cells: (c) => dropCols(['ts_text', 'src', 'dst'])(asDict(c)), byDst: 'dst_num',
  },
  { name: 'today, uncompressed', cols: today, cells: (c) => c, settings: "force_compression = 'uncompressed'", byDst: 'dst' },
  {
    name: 'one context id for host, prefix, action, in/out_if, mac, tcp_flags (a dimension table)',
    cols: [...colsWithout(CTX), { name: 'ctx', read: 'UINTEGER', select: 'ctx', store: 'UINTEGER' }],
    cells: (c) => [...dropCols(CTX)(c), ctxId(c)], byDst: 'dst', dimension: true,
  },
  {
    name: 'the five context texts in one column (host, prefix, action, in/out_if), split in the view',
    cols: [...colsWithout(CTX5), { name: 'ctx', read: 'VARCHAR', select: 'ctx', store: 'VARCHAR' }],
    cells: (c) => [...dropCols(CTX5)(c), CTX5.map((n) => (c[idx(n)] === '\\N' ? '' : c[idx(n)])).join('|')], byDst: 'dst', packed: true,
  },
  {
    name: 'one id for the five context texts, the view indexing a constant list of their tuples (no join)',
    cols: [...colsWithout(CTX5), { name: 'ctx', read: 'UINTEGER', select: 'ctx', store: 'UINTEGER' }],
    cells: (c) => [...dropCols(CTX5)(c), ctxId(c, CTX5)], byDst: 'dst', literal: true,
  },
];

async function measure(s: Shape, k: number): Promise<[string, string]> {
  const files = base.map((text, b) => {
    const f = join(DIR, `s${k}-${b}.tsv`);
    const out = s.cells === shapes[0].cells ? text : text.split('\n').filter(Boolean).map((l) => s.cells(l.split('\t')).join('\t')).join('\n') + '\n';
    writeFileSync(f, out);
    return f;
  });
  const dbFile = join(DIR, `s${k}.duckdb`);
  rmSync(dbFile, { force: true });
  rmSync(dbFile + '.wal', { force: true });
  const inst = await DuckDBInstance.create(dbFile, { threads: String(s.threads ?? 1) });
  const con = await inst.connect();
  if (s.settings) await con.run(`SET ${s.settings}`);
  await con.run(`CREATE TABLE ev (${s.cols.map((c) => `${c.name} ${c.store}`).join(', ')})`);
  const sql = `INSERT INTO ev SELECT ${s.cols.map((c) => c.select).join(', ')} FROM read_csv($1, ${FAST_CSV}${s.csv ?? ''}, columns = {${s.cols.map((c) => `'${c.name}': '${c.read}'`).join(', ')}})`;
  const t = performance.now();
  const c0 = process.cpuUsage();
  await con.run('BEGIN TRANSACTION');
  for (const f of files) await con.run(sql, [f]);
  await con.run('COMMIT');
  await con.run('CHECKPOINT');
  const c = process.cpuUsage(c0);
  const secs = (performance.now() - t) / 1000;
  const q = async (sql: string) => {
    const ts: number[] = [];
    for (let i = 0; i < 5; i++) { const t0 = performance.now(); await con.run(sql); ts.push(performance.now() - t0); }
    return ts.sort((a, b) => a - b)[2];
  };
  let from = 'ev';
  if (s.dimension) {
    const f = join(DIR, `s${k}-ctx.tsv`);
    writeFileSync(f, [...ctxIds].map(([key, id]) => `${id}\t${key}`).join('\n') + '\n');
    await con.run(`CREATE TABLE ctx AS SELECT * FROM read_csv($1, ${FAST_CSV}, columns = {'id': 'UINTEGER', ${CTX.map((n) => `'${n}': 'VARCHAR'`).join(', ')}})`, [f]);
    await con.run(`CREATE VIEW evv AS SELECT ev.*, ${CTX.map((n) => `ctx.${n}`).join(', ')} FROM ev JOIN ctx ON ev.ctx = ctx.id`);
    from = 'evv';
  }
  if (s.literal) {
    const q = (v: string) => (v === '\\N' ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
    const list = [...ctxIds.keys()].map((key) => `{${key.split('\t').map((v, i) => `${CTX5[i]}: ${q(v)}`).join(', ')}}`).join(', ');
    await con.run(`CREATE VIEW evl AS SELECT ev.* EXCLUDE (ctx), ${CTX5.map((n) => `([${list}])[ev.ctx + 1].${n} AS ${n}`).join(', ')} FROM ev`);
    console.log(`${ctxIds.size} context tuples, list ${(list.length / 1024).toFixed(0)} KB`);
    from = 'evl';
  }
  if (s.packed) {
    await con.run(`CREATE VIEW evp AS SELECT ev.*, ${CTX5.map((n, i) => `nullif(split_part(ctx, '|', ${i + 1}), '') AS ${n}`).join(', ')} FROM ev`);
    from = 'evp';
  }
  const byPort = await q(`SELECT dport, count(*) FROM ${from} GROUP BY dport`);
  const byDst = await q(`SELECT ${s.byDst}, count(*) FROM ${from} GROUP BY ${s.byDst}`);
  const byHost = await q(`SELECT host, action, count(*) FROM ${from} GROUP BY ALL`);
  const drops = await q(`SELECT dst, count(*) FROM ${from} WHERE action = 'DROP' GROUP BY ALL`);
  const page = await q(`SELECT * FROM ${from} ORDER BY ts LIMIT 100 OFFSET 500000`);
  con.closeSync();
  inst.closeSync();
  const mb = statSync(dbFile).size / 1048576;
  for (const f of files) rmSync(f, { force: true });
  return [s.name, `${s.cols.length} cols: load ${secs.toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU; ${mb.toFixed(0)} MB; GROUP BY dport ${byPort.toFixed(0)} ms, ${s.byDst} ${byDst.toFixed(0)} ms, host+action ${byHost.toFixed(0)} ms, drops by dst ${drops.toFixed(0)} ms, page ${page.toFixed(0)} ms`];
}

console.log(`${base.length} batches of up to ${ROWS} rows; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const rows: Array<[string, string]> = [];
// SHAPES=0,3 measures some shapes only; REPEAT=n runs the chosen ones n times, interleaved.
const pick = process.env.SHAPES ? process.env.SHAPES.split(',').map(Number) : shapes.map((_, k) => k);
for (let r = 0; r < Number(process.env.REPEAT ?? 1); r++) for (const k of pick) rows.push(await measure(shapes[k], k));
printRows(rows);
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
rmSync(DIR, { recursive: true, force: true });
