// The bundled ASN ranges (ip-location-db) in memory: an address's ASN and organisation by binary
// search over the package's own CSV text, so the offline enrichment of an import needs no database
// copy of the 515,000 ranges (writing them into every new case was ~0.9 s of each `fwlens import`).
import { readFileSync } from 'node:fs';

export interface AsnAnswer {
  asn: number;
  /** NULL for an empty field, as DuckDB's read_csv reads it. */
  org: string | null;
}

/**
 * One family's `lo,hi,asn,org` lines, sorted by lo as the package ships them (a test checks the bundled
 * files: checking at each load cost 60 ms). Only the line starts are indexed: numbers in decimal text compare by length, then byte by byte, so the
 * search reads the text itself, and only the line found is parsed (parsing every line took 0.5 s).
 */
class Table {
  private readonly starts: Uint32Array;

  constructor(private readonly file: string, private readonly b: Buffer) {
    const at: number[] = [];
    for (let p = 0; p < b.length;) {
      let e = b.indexOf(10, p);
      if (e === -1) e = b.length;
      if (e > p && !(e === p + 1 && b[p] === 13)) at.push(p);
      p = e + 1;
    }
    this.starts = Uint32Array.from(at);
  }

  /** [from, to) of field `n` (0: lo, 1: hi, 2: asn, 3: org) of the line at `p`. */
  private field(p: number, n: number): [number, number] {
    const b = this.b;
    for (let k = 0; k < n; k++) {
      const c = b.indexOf(44, p);
      if (c === -1) throw new Error(`${this.file}: a line is not lo,hi,asn,org`);
      p = c + 1;
    }
    let e = p;
    if (n < 3) {
      while (e < b.length && b[e] >= 48 && b[e] <= 57) e++;
    } else {
      e = b.indexOf(10, p);
      if (e === -1) e = b.length;
      if (e > p && b[e - 1] === 13) e--;
    }
    return [p, e];
  }

  /** The decimal number at [p, end of its digits) against the digits `x`. */
  private cmp(p: number, x: string): number {
    const b = this.b;
    let e = p;
    while (e < b.length && b[e] >= 48 && b[e] <= 57) e++;
    if (e - p !== x.length) return e - p - x.length;
    for (let k = 0; k < x.length; k++) {
      const d = b[p + k] - x.charCodeAt(k);
      if (d) return d;
    }
    return 0;
  }

  lookup(x: string): AsnAnswer | null {
    const s = this.starts;
    let lo = 0, hi = s.length - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cmp(s[mid], x) <= 0) (at = mid), (lo = mid + 1);
      else hi = mid - 1;
    }
    if (at < 0) return null;
    const [h] = this.field(s[at], 1);
    if (this.cmp(h, x) < 0) return null;
    const [a0, a1] = this.field(s[at], 2);
    const [o0, o1] = this.field(s[at], 3);
    let org = this.b.toString('utf8', o0, o1);
    if (org.length >= 2 && org[0] === '"' && org[org.length - 1] === '"') org = org.slice(1, -1).replaceAll('""', '"');
    return { asn: Number(this.b.toString('latin1', a0, a1)), org: org || null };
  }
}

export class AsnIndex {
  private readonly tables: Partial<Record<4 | 6, Table>> = {};

  /** Each family's file is read on its first lookup. */
  constructor(private readonly files: Record<4 | 6, string>) {}

  /** The range holding the address (the last one starting at or below it, if it reaches it). */
  lookup(family: 4 | 6, num: bigint): AsnAnswer | null {
    return this.table(family).lookup(num.toString());
  }

  /** Reads both families' files now rather than at the first lookup. */
  preload(): void {
    this.table(4);
    this.table(6);
  }

  private table(family: 4 | 6): Table {
    return (this.tables[family] ??= new Table(this.files[family], readFileSync(this.files[family])));
  }
}
