// The byte-row writer of a TsvColumn table (conntrack, pcap_flows, names): the row tsv-table.ts's string
// writer makes, written as bytes in place in the spool's buffer, or -1 to take the string writer (a
// control or non-ASCII character, the NULL marker as a text, a row over ROW_ROOM). That writer stays
// the reference; the tests compare the two.
import { int, nul, startRow, text } from './tsv-cells.ts';
import type { TsvColumn } from './tsv-table.ts';

const NL = 10;
/** FWLENS_FAST_PARSE=0 turns byte rows off with the other fast paths (to compare, or to rule them out). */
const ON = process.env.FWLENS_FAST_PARSE !== '0';

/** A cell as tsv-table.ts's cell() writes it. */
function cellBytes(b: Buffer, p: number, v: unknown): number {
  if (v === null || v === undefined) return nul(b, p);
  switch (typeof v) {
    case 'number':
      if (Number.isSafeInteger(v)) return int(b, p, v);
      return Number.isFinite(v) ? text(b, p, '' + v) : nul(b, p);
    case 'string': return text(b, p, v);
    case 'boolean': return text(b, p, v ? 'true' : 'false');
    case 'bigint': return text(b, p, v.toString());
    default: return Array.isArray(v) ? text(b, p, v.join(' ')) : -1;
  }
}

/** A timestamp cell as tsv-table.ts's tsCell() writes it. */
function tsBytes(b: Buffer, p: number, us: unknown): number {
  return typeof us === 'number' && us > -62135596800e6 && us < 253402300800e6 ? int(b, p, Math.round(us)) : nul(b, p);
}

export type TsvRowWriter<R, C> = (b: Buffer, p: number, r: R, c: C) => number;

/** The columns in order, generated so each field is a plain property read (as makeTsvWriter). */
export function makeTsvRowWriter<R, C = unknown>(cols: TsvColumn[]): TsvRowWriter<R, C> {
  if (!ON) return () => -1;
  const body = cols.map((c) => {
    const fn = c.read?.[1].startsWith('make_timestamp') ? 'tsBytes' : 'cellBytes';
    return `p = ${fn}(b, p, ${c.get ?? `r.${c.name}`}); if (p < 0) return -1;`;
  }).join('\n');
  const row = new Function('cellBytes', 'tsBytes', `return (b, p, r, c) => {\n${body}\nreturn p;\n};`)(cellBytes, tsBytes) as TsvRowWriter<R, C>;
  return (b, p, r, c) => {
    startRow(p);
    const end = row(b, p, r, c);
    if (end < 0) return -1;
    b[end - 1] = NL; // the last cell's tab becomes the row's newline
    return end;
  };
}
