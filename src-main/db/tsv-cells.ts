// TSV cells written as bytes in place, for the byte-row writers (event-tsv-bytes.ts, tsv-row-bytes.ts):
// the text the string writers make, or -1 for what the plain (unquoted, ASCII) form cannot hold.

/** Bytes a caller should have free before writing a row. */
export const ROW_ROOM = 4096;

const TAB = 9, BS = 92, N = 78;
/** The end of the room of the row being written (set by startRow). */
let lim = 0;

/** Starts a row at `p`: no cell of it may end past p + ROW_ROOM. */
export function startRow(p: number): void {
  lim = p + ROW_ROOM;
}

/** The NULL marker and its tab. */
export function nul(b: Buffer, p: number): number {
  b[p] = BS;
  b[p + 1] = N;
  b[p + 2] = TAB;
  return p + 3;
}

/** A text cell and its tab; -1 for what the plain form cannot hold as ASCII. */
export function text(b: Buffer, p: number, s: string | null): number {
  if (s === null) return nul(b, p);
  const n = s.length;
  if (p + n + 1 > lim || (n === 2 && s === '\\N')) return -1;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c < 32 || c > 126) return -1;
    b[p + k] = c;
  }
  b[p + n] = TAB;
  return p + n + 1;
}

/** Printable ASCII of `s` without a tab (parts of one cell); -1 past the room or for other characters. */
export function put(b: Buffer, p: number, s: string): number {
  if (p + s.length + 2 > lim) return -1;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 32 || c > 126) return -1;
    b[p + k] = c;
  }
  return p + s.length;
}

/** An integer cell (as `'' + v` writes it) and its tab. */
export function int(b: Buffer, p: number, v: number | null): number {
  if (v === null) return nul(b, p);
  if (!Number.isSafeInteger(v)) return -1;
  if (v < 0) {
    b[p++] = 45;
    v = -v;
  }
  // Digits with 32-bit integer arithmetic: dividing doubles was a sixth of the import's parse thread
  // (µs timestamps have 16 digits). A safe integer splits into two parts below 1e8 exactly.
  if (v >= 1e8) {
    const hi = Math.floor(v / 1e8);
    p = small(b, p, hi);
    p = pad8(b, p, v - hi * 1e8);
  } else p = small(b, p, v);
  b[p] = TAB;
  return p + 1;
}

/** 0 <= v < 2^31, without leading zeros. */
function small(b: Buffer, p: number, v: number): number {
  let digits = 1;
  for (let t = v; t >= 10; t = (t / 10) | 0) digits++;
  for (let k = p + digits - 1; k >= p; k--) {
    const q = (v / 10) | 0;
    b[k] = 48 + v - q * 10;
    v = q;
  }
  return p + digits;
}

/** 0 <= v < 1e8 as exactly eight digits. */
function pad8(b: Buffer, p: number, v: number): number {
  for (let k = p + 7; k >= p; k--) {
    const q = (v / 10) | 0;
    b[k] = 48 + v - q * 10;
    v = q;
  }
  return p + 8;
}
