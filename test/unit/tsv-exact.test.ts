// Batch files that lose nothing (issue 12, item 13): rows the fast TSV form cannot carry (a tab, a
// newline, a text that is exactly \N) are written quoted to an exact batch that DuckDB reads back
// exactly; spools whose caller loads fast batches alone get the old lossy form; numbers that do not
// fit their column are caught before they can fail a batch.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { EXACT_MARK, createTableSql, exactCsv, makeInsertSql, makeRangeCheck, makeTsvWriter, type TsvColumn } from '../../src-main/db/tsv-table.ts';
import { TsvSpool } from '../../src-main/import/tsv-spool.ts';

const COLS: TsvColumn[] = [
  { name: 'a', sql: 'INTEGER', doc: '' },
  { name: 's', sql: 'VARCHAR', doc: '' },
  { name: 'l', sql: 'VARCHAR[]', doc: '' },
];
interface Row { a: number | null; s: string | null; l: string[] | null }
const write = makeTsvWriter<Row>(COLS);
const rows: Row[] = [
  { a: 1, s: 'plain "quotes" stay', l: ['p', 'q'] },
  // A CR before any LF in the exact batch: DuckDB must not take it for the line end.
  { a: 0, s: 'cr\r first', l: ['\r'] },
  { a: 2, s: 'tab\there, new\nline, cr\r, esc\u001b, nul\u0000', l: [] },
  { a: 3, s: '\\N', l: ['\\N'] },
  { a: null, s: null, l: null },
  { a: 5, s: '', l: ['x"y'] },
];

describe('exact batches', () => {
  it('only rows that need it take the quoted form, marked', () => {
    const lines = rows.map((r) => write(r, undefined));
    expect(lines.map((l) => l.startsWith(EXACT_MARK))).toEqual([false, true, true, true, false, false]);
    expect(lines[0]).toBe('1\tplain "quotes" stay\tp q\n');
    expect(lines[4]).toBe('\\N\t\\N\t\\N\n');
  });

  it('DuckDB reads both batches back to exactly the rows written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fwlens-tsv-'));
    const inst = await DuckDBInstance.create(':memory:');
    const c = await inst.connect();
    try {
      const spool = new TsvSpool(dir, 't', true);
      for (const r of rows) spool.add(write(r, undefined));
      const files = spool.takeAll();
      expect(files.map((f) => f.exact)).toEqual([false, true]);
      await c.run(createTableSql('t', COLS));
      const sql = makeInsertSql('t', COLS);
      for (const f of files) await c.run(f.exact ? exactCsv(sql) : sql, [f.path]);
      const back = (await c.runAndReadAll('SELECT a, s, l FROM t ORDER BY a NULLS LAST')).getRowObjectsJS();
      expect(back).toEqual([rows[1], rows[0], rows[2], rows[3], rows[5], rows[4]]);
    } finally {
      c.closeSync();
      inst.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a spool loaded as fast batches alone writes such rows the old way (\\xNN, \\N as NULL)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fwlens-tsv-'));
    try {
      const spool = new TsvSpool(dir, 'legacy');
      for (const r of [rows[0], rows[2], rows[3]]) spool.add(write(r, undefined));
      const text = readFileSync(spool.take()!, 'utf8');
      expect(text.split('\n')).toEqual([
        '1\tplain "quotes" stay\tp q',
        '2\ttab\\x09here, new\\x0aline, cr\\x0d, esc\\x1b, nul\\x00\t',
        '3\t\\N\t\\N',
        '',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a number that does not fit its column is named before it can fail the batch', () => {
    const fits = makeRangeCheck<{ a: number; b: number; t: number }>([
      { name: 'a', sql: 'INTEGER' }, { name: 'b', sql: 'USMALLINT' }, { name: 't', sql: 'VARCHAR' },
    ]);
    expect(fits({ a: 1, b: 65535, t: 1e30 }, undefined)).toBeNull();
    expect(fits({ a: 2 ** 31, b: 1, t: 0 }, undefined)).toBe('a 2147483648 does not fit its column (INTEGER)');
    expect(fits({ a: 1, b: -1, t: 0 }, undefined)).toBe('b -1 does not fit its column (USMALLINT)');
    expect(fits({ a: 1.5, b: 1, t: 0 }, undefined)).toBe('a 1.5 does not fit its column (INTEGER)');
  });
});
