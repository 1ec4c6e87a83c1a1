// Registry range notations (`a - b`, CIDR, LACNIC's shortened `200.7.84/23`) → range text and CIDR lists.
import { addressNumber, numberToAddress, parseCidr } from '../enrich/cidr.ts';

export interface NetRange {
  family: 4 | 6;
  lo: bigint;
  hi: bigint;
  /** `first - last`. */
  text: string;
  cidr: string[];
}

// Ranges that need more CIDRs than this are not real allocations; keep the record readable.
const MAX_CIDRS = 32;

/** Smallest list of CIDR blocks covering lo..hi exactly. */
export function rangeToCidrs(lo: bigint, hi: bigint, family: 4 | 6): string[] {
  const bits = family === 4 ? 32 : 128;
  const out: string[] = [];
  let cur = lo;
  while (cur <= hi && out.length < MAX_CIDRS) {
    let size = 0;
    // Grow the block while it stays aligned at `cur` and inside the range.
    while (size < bits && (cur & ((1n << BigInt(size + 1)) - 1n)) === 0n && cur + (1n << BigInt(size + 1)) - 1n <= hi) size++;
    out.push(`${numberToAddress(cur, family)}/${bits - size}`);
    cur += 1n << BigInt(size);
  }
  return out;
}

function fromBounds(a: string, b: string): NetRange | null {
  const x = addressNumber(a.trim());
  const y = addressNumber(b.trim());
  if (!x || !y || x.family !== y.family || x.n > y.n) return null;
  const text = `${numberToAddress(x.n, x.family)} - ${numberToAddress(y.n, y.family)}`;
  return { family: x.family, lo: x.n, hi: y.n, text, cidr: rangeToCidrs(x.n, y.n, x.family) };
}

/** LACNIC writes `200.7.84/23` for `200.7.84.0/23`. */
function padIPv4(addr: string): string {
  if (addr.includes(':') || !/^\d{1,3}(\.\d{1,3}){0,3}$/.test(addr)) return addr;
  const parts = addr.split('.');
  while (parts.length < 4) parts.push('0');
  return parts.join('.');
}

export function parseCidrText(text: string): NetRange | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const c = parseCidr(padIPv4(text.slice(0, slash).trim()) + '/' + text.slice(slash + 1).trim());
  if (!c) return null;
  return { family: c.family, lo: c.lo, hi: c.hi, text: `${numberToAddress(c.lo, c.family)} - ${numberToAddress(c.hi, c.family)}`, cidr: [c.text] };
}

/** `a - b`, `a-b`, or a CIDR; null when it is neither. */
export function parseRangeText(text: string): NetRange | null {
  const t = text.trim();
  const m = /^(\S+)\s*-\s*(\S+)$/.exec(t);
  if (m) return fromBounds(m[1], m[2]);
  return parseCidrText(t);
}

/** `CIDR: 104.16.0.0/13, 104.24.0.0/14` → canonical texts, invalid entries dropped. */
export function parseCidrList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => (s ? parseCidrText(s) : null))
    .filter((r): r is NetRange => r !== null)
    .map((r) => r.cidr[0])
    .slice(0, MAX_CIDRS);
}

export function rangeFromBounds(a: string, b: string): NetRange | null {
  return fromBounds(a, b);
}
