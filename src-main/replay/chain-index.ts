// An address index over a long chain, so a packet only visits the rules that can match it (blocklists, allow-lists
// of thousands of CIDRs) while first-match order is kept.
import type { ChainRule } from './compile-ruleset.ts';
import type { ReplayPacket } from './packet.ts';

/** Below this many rules a plain walk is as fast. */
export const INDEX_MIN_RULES = 32;

interface SideIndex {
  /** Rules with no usable address match on this side: candidates for every packet. */
  any: number[];
  /** family → prefix length → network (a number for IPv4, text for IPv6: cheap map keys) → rules. */
  nets: Map<number, Map<number, Map<number | string, number[]>>>;
}

function netKey(n: bigint, family: 4 | 6, len: number): number | string {
  if (family === 4) return len === 0 ? 0 : Math.floor(Number(n) / 2 ** (32 - len));
  return (n >> BigInt(128 - len)).toString(16);
}

/** The prefix length of a range that is exactly one CIDR block; null otherwise. */
function prefixOf(lo: bigint, hi: bigint, family: 4 | 6): number | null {
  const size = hi - lo + 1n;
  if (size <= 0n || (size & (size - 1n)) !== 0n || lo % size !== 0n) return null;
  const bits = family === 4 ? 32 : 128;
  return bits - (size.toString(2).length - 1);
}

function buildSide(rules: ChainRule[], side: 'src' | 'dst'): SideIndex {
  const idx: SideIndex = { any: [], nets: new Map() };
  rules.forEach((r, i) => {
    const c = r.conds.find((x) => x.addr?.side === side);
    const blocks = c?.addr?.ranges.map((g) => ({ g, len: prefixOf(g.lo, g.hi, g.family) }));
    if (!blocks || blocks.some((b) => b.len === null)) {
      idx.any.push(i);
      return;
    }
    for (const { g, len } of blocks) {
      const byLen = idx.nets.get(g.family) ?? new Map<number, Map<number | string, number[]>>();
      idx.nets.set(g.family, byLen);
      const m = byLen.get(len!) ?? new Map<number | string, number[]>();
      byLen.set(len!, m);
      const key = netKey(g.lo, g.family, len!);
      const list = m.get(key);
      if (!list) m.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return idx;
}

export interface ChainIndex { side: 'src' | 'dst'; index: SideIndex }

/** Indexes on the side that leaves fewer rules unindexed; null when neither helps. */
export function buildChainIndex(rules: ChainRule[]): ChainIndex | null {
  if (rules.length < INDEX_MIN_RULES) return null;
  const dst = buildSide(rules, 'dst'), src = buildSide(rules, 'src');
  const best = dst.any.length <= src.any.length ? { side: 'dst' as const, index: dst } : { side: 'src' as const, index: src };
  return best.index.any.length > rules.length / 2 ? null : best;
}

/** Rule positions (ascending) that may match `p`; every other rule's address match is surely false. */
export function candidates(ix: ChainIndex, p: ReplayPacket): number[] {
  const out = [...ix.index.any];
  const byLen = ix.index.nets.get(p.family);
  if (byLen) {
    const v = p[ix.side];
    const n4 = p.family === 4 ? Number(v) : 0;
    for (const [len, m] of byLen) {
      const hit = m.get(p.family === 4 ? (len === 0 ? 0 : Math.floor(n4 / 2 ** (32 - len))) : netKey(v, 6, len));
      if (hit) out.push(...hit);
    }
  }
  out.sort((a, b) => a - b);
  return out.filter((v, i) => i === 0 || out[i - 1] !== v);
}
