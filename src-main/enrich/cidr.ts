// CIDR text → numeric range (IPv4 as number, IPv6 as bigint), for scope tests, filters and rules.
import { isIPv4, isIPv6, ipv4ToNumber, ipv6ToBigInt, canonicalIPv6 } from '../parse/ip-text.ts';

export interface Cidr {
  family: 4 | 6;
  /** Canonical text, e.g. `10.0.0.0/8` (host bits cleared). */
  text: string;
  lo: bigint;
  hi: bigint;
  prefix: number;
}

/** Parses `a.b.c.d/n`, `v6/n` or a bare address (a /32 or /128); null when it is not one. */
export function parseCidr(input: string): Cidr | null {
  const s = input.trim();
  const slash = s.indexOf('/');
  const addr = slash < 0 ? s : s.slice(0, slash);
  const lenText = slash < 0 ? null : s.slice(slash + 1);
  const family = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : null;
  if (family === null) return null;
  const bits = family === 4 ? 32 : 128;
  if (lenText !== null && !/^\d{1,3}$/.test(lenText)) return null;
  const prefix = lenText === null ? bits : Number(lenText);
  if (prefix > bits) return null;
  const value = family === 4 ? BigInt(ipv4ToNumber(addr)) : ipv6ToBigInt(addr);
  const hostBits = BigInt(bits - prefix);
  const lo = (value >> hostBits) << hostBits;
  const hi = lo + (1n << hostBits) - 1n;
  return { family, lo, hi, prefix, text: `${numberToAddress(lo, family)}/${prefix}` };
}

export function numberToAddress(n: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((sh) => ((n >> sh) & 255n).toString()).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  return canonicalIPv6(groups.join(':')) ?? groups.join(':');
}

export function addressNumber(address: string): { family: 4 | 6; n: bigint } | null {
  if (isIPv4(address)) return { family: 4, n: BigInt(ipv4ToNumber(address)) };
  if (isIPv6(address)) return { family: 6, n: ipv6ToBigInt(address) };
  return null;
}

export function cidrContains(c: Cidr, family: 4 | 6, n: bigint): boolean {
  return c.family === family && n >= c.lo && n <= c.hi;
}

/** Address order: IPv4 before IPv6, then by start, a wider range before the narrower ones it holds. */
export function compareRanges(a: { family: 4 | 6; lo: bigint; hi: bigint }, b: { family: 4 | 6; lo: bigint; hi: bigint }): number {
  return a.family - b.family || (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0) || (a.hi > b.hi ? -1 : a.hi < b.hi ? 1 : 0);
}

/** Ranges of one family merged where they touch or overlap, in address order. */
export function mergeRanges(ranges: ReadonlyArray<{ lo: bigint; hi: bigint }>): Array<{ lo: bigint; hi: bigint }> {
  const sorted = [...ranges].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const merged: Array<{ lo: bigint; hi: bigint }> = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.lo <= last.hi + 1n) last.hi = r.hi > last.hi ? r.hi : last.hi;
    else merged.push({ lo: r.lo, hi: r.hi });
  }
  return merged;
}
