// The byte-row writer of the flow tables against the string writer it stands in for: the same bytes for
// every cell kind, and -1 (the string writer's turn) for what the plain form cannot hold.
import { describe, expect, it } from 'vitest';
import { makeTsvWriter, tsRead, type TsvColumn } from '../../src-main/db/tsv-table.ts';
import { makeTsvRowWriter } from '../../src-main/db/tsv-row-bytes.ts';
import { ROW_ROOM } from '../../src-main/db/tsv-cells.ts';

const COLS: TsvColumn[] = [
  { name: 'id', sql: 'INTEGER', doc: '', get: 'c.id' },
  { name: 'n', sql: 'BIGINT', doc: '' },
  { name: 'x', sql: 'DOUBLE', doc: '' },
  { name: 'ok', sql: 'BOOLEAN', doc: '' },
  { name: 'big', sql: 'UBIGINT', doc: '' },
  { name: 'name', sql: 'VARCHAR', doc: '' },
  { name: 'list', sql: 'VARCHAR[]', doc: '' },
  { name: 'at', sql: 'TIMESTAMP', doc: '', read: tsRead('at') },
];
type Rec = { n: unknown; x: unknown; ok: unknown; big: unknown; name: unknown; list: unknown; at: unknown };
const text = makeTsvWriter<Rec, { id: number }>(COLS);
const bytes = makeTsvRowWriter<Rec, { id: number }>(COLS);
const base: Rec = { n: 42, x: 1.5, ok: true, big: 18446744073709551615n, name: 'eth0', list: ['ASSURED', 'SEEN_REPLY'], at: 1710374400123456 };
const buf = Buffer.alloc(ROW_ROOM * 2);

function both(r: Rec): { want: string; got: string | null } {
  const end = bytes(buf, 5, r, { id: 7 });
  return { want: text(r, { id: 7 }), got: end < 0 ? null : buf.toString('latin1', 5, end) };
}

describe('byte rows of the flow tables', () => {
  it('writes what the string writer writes for every kind of cell', () => {
    const values: Array<Partial<Rec>> = [
      {}, { n: null }, { n: undefined }, { n: 0 }, { n: -0 }, { n: -1 }, { n: 99999999 }, { n: 100000000 }, { n: 2 ** 53 - 1 }, { n: -(2 ** 53 - 1) },
      { n: 2 ** 53 }, { n: 1e21 }, { x: 0.1 }, { x: -2.5e-7 }, { x: NaN }, { x: Infinity }, { x: 1 / 3 }, { ok: false }, { big: 0n },
      { name: '' }, { name: ' spaced  name ' }, { name: 'a"quote' }, { list: [] }, { list: ['ONE'] },
      { at: 0 }, { at: -1 }, { at: 1.7e15 + 0.5 }, { at: -62135596800e6 }, { at: 253402300800e6 - 1 }, { at: 253402300800e6 }, { at: null },
    ];
    let written = 0;
    for (const v of values) {
      const { want, got } = both({ ...base, ...v });
      if (got === null) continue;
      written++;
      expect(got, JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x))).toBe(want);
    }
    expect(written).toBeGreaterThan(values.length - 4);
  });

  it('leaves to the string writer what the plain form cannot hold', () => {
    for (const name of ['tab\there', 'line\nbreak', '\\N', 'naïve', 'x'.repeat(ROW_ROOM)]) {
      const { want, got } = both({ ...base, name });
      expect(got, name).toBeNull();
      // The string writer then writes it (quoted where it must be).
      expect(want.length).toBeGreaterThan(0);
    }
    expect(both({ ...base, list: ['A\tB'] }).got).toBeNull();
    expect(both({ ...base, name: { toString: () => 'obj' } }).got).toBeNull();
  });
});
