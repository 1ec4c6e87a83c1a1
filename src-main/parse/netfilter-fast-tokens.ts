// The fast netfilter path's token readers (netfilter-fast.ts): decimal and hex values, value ends,
// TCP flag words and the prefix cache, each with the exact parser's meaning for the values it accepts.
import type { Action } from '../shared/model.ts';
import { inferAction } from './nf-prefix.ts';

const SP = 32;

export interface Prefix {
  text: string | null;
  action: Action;
}
// Prefixes repeat: analysed once per raw text. A prefix the fast path must not take (TRACE, control
// characters, the NULL marker) is cached as null.
const prefixes = new Map<string, Prefix | null>();

export function prefixOf(raw: string): Prefix | null {
  let p = prefixes.get(raw);
  if (p !== undefined) return p;
  const text = raw.trim();
  let ok = !text.startsWith('TRACE: ') && text !== '\\N';
  for (let k = 0; k < text.length && ok; k++) if (text.charCodeAt(k) < 32) ok = false;
  p = !ok ? null : text === '' ? { text: null, action: 'unknown' } : { text, action: inferAction(text) };
  if (prefixes.size >= 4096) prefixes.clear();
  prefixes.set(raw, p);
  return p;
}

// Where the last value read stopped; the scan is synchronous, so module state serves every call.
export let stop = 0;

/** Decimal digits from k to the next space or the end; -1 unless all digits (1..9 of them). */
export function dec(b: string, k: number, n: number): number {
  const s = k;
  let v = 0;
  for (; k < n; k++) {
    const d = b.charCodeAt(k) - 48;
    if (d === SP - 48) break;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  stop = k;
  return k === s || k - s > 9 ? -1 : v;
}

/** Hex as the exact parser reads it (optional 0x, at most 13 digits); -1 otherwise. */
export function hex(b: string, k: number, n: number): number {
  if (b.charCodeAt(k) === 48 && (b.charCodeAt(k + 1) | 32) === 120) k += 2;
  const s = k;
  let v = 0;
  for (; k < n; k++) {
    const c = b.charCodeAt(k);
    if (c === SP) break;
    const l = c | 32;
    if (c >= 48 && c <= 57) v = v * 16 + c - 48;
    else if (l >= 97 && l <= 102) v = v * 16 + l - 87;
    else return -1;
  }
  stop = k;
  return k === s || k - s > 13 ? -1 : v;
}

/** End of a plain value: the next space or the end; -1 when a control character comes first. */
export function valueEnd(b: string, k: number, n: number): number {
  for (; k < n; k++) {
    const c = b.charCodeAt(k);
    if (c <= SP) return c === SP ? k : -1;
  }
  return n;
}

