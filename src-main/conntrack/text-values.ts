// Owns reading values out of conntrack text without cutting strings: addresses, decimal and hex numbers.

import { canonicalIPv6At, parseIPv4At } from '../parse/ip-text.ts';

/** Family of the last address read by address(). */
export let addrFamily: 4 | 6 = 4;

// Neighbouring entries repeat addresses, and IPv6 canonicalisation is the costly step, so the last result is kept.
let memoRaw = '';
let memoCanon = '';

/** Canonical address text of b[vs, ve) (sets addrFamily), or null. */
export function address(b: string, vs: number, ve: number): string | null {
  const lim = Math.min(ve, vs + 5);
  let k = vs;
  while (k < lim && b.charCodeAt(k) !== 58) k++;
  if (k === lim) {
    addrFamily = 4;
    return parseIPv4At(b, vs, ve) >= 0 ? b.slice(vs, ve) : null;
  }
  addrFamily = 6;
  const raw = b.slice(vs, ve);
  if (raw === memoRaw) return memoCanon;
  const a = canonicalIPv6At(raw, 0, raw.length);
  if (a !== null) { memoRaw = raw; memoCanon = a; }
  return a;
}

/** Whether b[s, e) is exactly t (false for null). */
export function equals(b: string, s: number, e: number, t: string | null): boolean {
  if (t === null || e - s !== t.length) return false;
  for (let k = 0; k < t.length; k++) if (b.charCodeAt(s + k) !== t.charCodeAt(k)) return false;
  return true;
}

/** Decimal value of b[vs, ve), or -1 when empty, not all digits, or beyond exact doubles. */
export function dec(b: string, vs: number, ve: number): number {
  if (ve === vs || ve - vs > 16) return -1;
  let v = 0;
  for (let k = vs; k < ve; k++) {
    const d = b.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= Number.MAX_SAFE_INTEGER ? v : -1;
}

// Where the last readDec stopped (the token end), so the caller needs no second scan.
export let stop = 0;

/** Decimal token starting at k, up to the next blank; -1 when empty, not all digits, or too long. */
export function readDec(b: string, k: number): number {
  const start = k;
  let v = 0;
  let bad = false;
  for (; k < b.length; k++) {
    const c = b.charCodeAt(k);
    if (c === 32 || c === 9) break;
    if (c < 48 || c > 57) bad = true;
    else v = v * 10 + c - 48;
  }
  stop = k;
  return bad || k === start || k - start > 16 || v > Number.MAX_SAFE_INTEGER ? -1 : v;
}

/** `0x1f`-style hex value of b[vs, ve), or -1. */
export function hex(b: string, vs: number, ve: number): number {
  if (b.charCodeAt(vs) === 48 && (b.charCodeAt(vs + 1) | 32) === 120) vs += 2;
  if (ve === vs || ve - vs > 8) return -1;
  let v = 0;
  for (let k = vs; k < ve; k++) {
    const c = b.charCodeAt(k), l = c | 32;
    if (c >= 48 && c <= 57) v = v * 16 + c - 48;
    else if (l >= 97 && l <= 102) v = v * 16 + l - 87;
    else return -1;
  }
  return v;
}
