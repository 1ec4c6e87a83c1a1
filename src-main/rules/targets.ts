// Block targets: validates addresses/CIDRs/ranges, drops what must not be blocked, and aggregates into the fewest CIDRs.
import { addressNumber, compareRanges, numberToAddress, parseCidr, type Cidr } from '../enrich/cidr.ts';
import { ScopeClassifier, type Scope } from '../enrich/address-scope.ts';
import { sanitizeComment } from './sanitize-comment.ts';

export interface TargetSource {
  /** Address or CIDR text; or a ready range (an ASN prefix). */
  text?: string;
  range?: { family: number; lo: bigint; hi: bigint };
  /** Why it is blocked (the finding, the org); free text, sanitised here. */
  why: string;
  /** Its own direction (a block list entry's); absent: the script's. */
  direction?: 'inbound' | 'outbound' | 'forward';
}

/** `direction`: set on lists mixing directions (each entry keeps its own); absent: the script's direction. */
export interface BlockEntry { family: 4 | 6; cidr: string; lo: bigint; hi: bigint; comment: string; direction?: 'inbound' | 'outbound' | 'forward' }
export interface Dropped { item: string; reason: string }
export interface TargetSet { v4: BlockEntry[]; v6: BlockEntry[]; dropped: Dropped[] }
export interface TargetOptions { includeInternal?: boolean; internal?: Cidr[] }

interface Range { family: 4 | 6; lo: bigint; hi: bigint; label: string; why: string }

// Broader than this is never a finding but a typo (0.0.0.0/0 would cut the host off).
const WIDEST = { 4: 8, 6: 16 } as const;
// Starts of the special ranges, so a wide CIDR that merely contains one (198.0.0.0/8 ⊃ 198.18.0.0/15) is caught.
const SPECIAL_STARTS = ['0.0.0.0', '10.0.0.0', '100.64.0.0', '127.0.0.0', '169.254.0.0', '172.16.0.0', '192.0.0.0', '192.0.2.0',
  '192.168.0.0', '198.18.0.0', '198.51.100.0', '203.0.113.0', '224.0.0.0', '240.0.0.0', '255.255.255.255',
  '::', '::1', '::ffff:0:0', '100::', '2001:db8::', '3fff::', 'fc00::', 'fe80::', 'ff00::'].map((a) => parseCidr(a)!);

function label(family: 4 | 6, lo: bigint, hi: bigint): string {
  const bits = family === 4 ? 32 : 128;
  const size = hi - lo + 1n;
  const p = size.toString(2).length - 1;
  const exact = size === 1n << BigInt(p) && lo % size === 0n;
  return exact ? `${numberToAddress(lo, family)}/${bits - p}` : `${numberToAddress(lo, family)}-${numberToAddress(hi, family)}`;
}

/** The first non-external scope touching lo..hi, or null when all of it is external. */
function touchedScope(c: ScopeClassifier, r: Range, extra: Cidr[]): { scope: Scope; at: string } | null {
  const probes = [r.lo, r.hi, ...[...SPECIAL_STARTS, ...extra].filter((s) => s.family === r.family && s.lo >= r.lo && s.lo <= r.hi).map((s) => s.lo)];
  for (const n of probes) {
    const scope = c.classify(r.family, n);
    if (scope !== 'external') return { scope, at: numberToAddress(n, r.family) };
  }
  return null;
}

/** Smallest list of aligned CIDR blocks covering lo..hi exactly. */
export function splitRange(lo: bigint, hi: bigint, family: 4 | 6): Array<{ lo: bigint; hi: bigint; cidr: string }> {
  const bits = family === 4 ? 32 : 128;
  const out: Array<{ lo: bigint; hi: bigint; cidr: string }> = [];
  let cur = lo;
  while (cur <= hi) {
    let size = 0;
    // Grow while the block stays aligned at `cur` and inside the range.
    while (size < bits && (cur & ((1n << BigInt(size + 1)) - 1n)) === 0n && cur + (1n << BigInt(size + 1)) - 1n <= hi) size++;
    const end = cur + (1n << BigInt(size)) - 1n;
    out.push({ lo: cur, hi: end, cidr: `${numberToAddress(cur, family)}/${bits - size}` });
    cur = end + 1n;
  }
  return out;
}

function toRange(s: TargetSource, dropped: Dropped[]): Range | null {
  if (s.range) {
    const f = s.range.family;
    const lo = BigInt(s.range.lo);
    const hi = BigInt(s.range.hi);
    const max = f === 4 ? 0xffffffffn : (1n << 128n) - 1n;
    if ((f !== 4 && f !== 6) || lo < 0n || hi > max || lo > hi) {
      dropped.push({ item: `${lo}-${hi}`, reason: 'not a valid range' });
      return null;
    }
    return { family: f, lo, hi, label: label(f, lo, hi), why: s.why };
  }
  const text = (s.text ?? '').trim();
  const c = parseCidr(text);
  if (!c) {
    dropped.push({ item: text, reason: 'not an address or CIDR' });
    return null;
  }
  // 8.8.8.8/8 is a typo for 8.8.8.8 as often as for 8.0.0.0/8: refused, never silently widened.
  const given = addressNumber(text.slice(0, text.indexOf('/') < 0 ? undefined : text.indexOf('/')));
  if (given && given.n !== c.lo) {
    const addr = numberToAddress(given.n, c.family);
    dropped.push({ item: text, reason: `host bits set: it would mean the network ${c.text} (write ${c.text} for the network, or ${addr} for the address)` });
    return null;
  }
  return { family: c.family, lo: c.lo, hi: c.hi, label: c.prefix === (c.family === 4 ? 32 : 128) ? numberToAddress(c.lo, c.family) : c.text, why: s.why };
}

/**
 * Reports, in input order, each range inside a wider one (naming the widest that holds it) and each
 * repeat of an earlier one. One sort and a sweep, since ASN lists run to 100,000 prefixes and more.
 */
function reportCovered(kept: Range[], dropped: Dropped[]): void {
  const order = kept.map((r, i) => ({ r, i })).sort((a, b) => compareRanges(a.r, b.r) || a.i - b.i);
  const found: Array<{ i: number; d: Dropped }> = [];
  // `widest`: of the ranges so far, the one reaching highest (the first such, so the lowest start).
  let widest: Range | null = null;
  let prev: Range | null = null;
  for (const { r, i } of order) {
    if (widest && widest.family !== r.family) widest = prev = null;
    if (widest && widest.hi >= r.hi && (widest.lo < r.lo || widest.hi > r.hi)) found.push({ i, d: { item: r.label, reason: `inside ${widest.label}` } });
    else if (prev && prev.lo === r.lo && prev.hi === r.hi) found.push({ i, d: { item: r.label, reason: 'duplicate' } });
    if (!widest || r.hi > widest.hi) widest = r;
    prev = r;
  }
  for (const f of found.sort((a, b) => a.i - b.i)) dropped.push(f.d);
}

/** Validates, filters and aggregates; every source that does not survive as itself is reported in `dropped`. */
export function buildTargets(sources: TargetSource[], opts: TargetOptions = {}, tick?: (done: number, total: number) => void): TargetSet {
  const dropped: Dropped[] = [];
  const classifier = new ScopeClassifier(opts.internal ?? []);
  const kept: Range[] = [];
  for (const [i, s] of sources.entries()) {
    if (i % 10_000 === 0) tick?.(i, sources.length);
    const r = toRange(s, dropped);
    if (!r) continue;
    const bits = r.family === 4 ? 32 : 128;
    if (r.hi - r.lo + 1n > 1n << BigInt(bits - WIDEST[r.family])) {
      dropped.push({ item: r.label, reason: `broader than /${WIDEST[r.family]}` });
      continue;
    }
    const touched = touchedScope(classifier, r, opts.internal ?? []);
    if (touched && !(opts.includeInternal && touched.scope === 'internal')) {
      dropped.push({ item: r.label, reason: `${touched.scope} (${touched.at})${touched.scope === 'internal' ? '; use --include-internal' : ''}` });
      continue;
    }
    kept.push(r);
  }
  reportCovered(kept, dropped);
  tick?.(sources.length, sources.length);
  const out: TargetSet = { v4: [], v6: [], dropped };
  for (const family of [4, 6] as const) {
    const list = kept.filter((r) => r.family === family).sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
    const merged: Array<{ lo: bigint; hi: bigint; members: Range[] }> = [];
    for (const r of list) {
      const last = merged[merged.length - 1];
      if (last && r.lo <= last.hi + 1n) {
        if (r.hi > last.hi) last.hi = r.hi;
        last.members.push(r);
      } else merged.push({ lo: r.lo, hi: r.hi, members: [r] });
    }
    for (const m of merged) {
      // Members are in `lo` order and blocks ascend: a sweep keeps the ones overlapping the current block,
      // so a region of many prefixes costs members + blocks, not their product.
      let next = 0;
      let active: Range[] = [];
      for (const b of splitRange(m.lo, m.hi, family)) {
        while (next < m.members.length && m.members[next].lo <= b.hi) active.push(m.members[next++]);
        active = active.filter((r) => r.hi >= b.lo);
        const whys = [...new Set(active.map((r) => r.why.trim()).filter(Boolean))];
        (family === 4 ? out.v4 : out.v6).push({ family, cidr: b.cidr, lo: b.lo, hi: b.hi, comment: sanitizeComment(whys.join(', ')) });
      }
    }
  }
  return out;
}
