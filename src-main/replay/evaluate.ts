// First-match evaluation of one packet through a compiled ruleset: jumps, gotos, returns, policies, and
// both branches followed where the evidence cannot decide a match.
import { chainByName, type Chain, type CompiledRuleset } from './compile-ruleset.ts';
import { allOf, type Hook, type ReplayPacket } from './packet.ts';
import { candidates } from './chain-index.ts';

export type FinalVerdict = 'accept' | 'drop' | 'reject' | 'unknown';

interface Out { v: FinalVerdict | 'return'; row: number | null; why: string | null }

export interface Outcome {
  verdict: FinalVerdict;
  /** The rule or policy row that decided, when one did. */
  row: number | null;
  /** Why the verdict is unknown. */
  why: string | null;
  /** Rows of the rules that surely matched on the way (jumps, LOG rules, the deciding rule…). */
  matched: number[];
}

const MAX_DEPTH = 32;
const MAX_STEPS = 20_000;

class Walk {
  steps = 0;
  readonly matched = new Set<number>();
  private readonly cands = new Map<Chain, number[]>();
  constructor(readonly rs: CompiledRuleset, readonly p: ReplayPacket) {}

  /** The rule positions of `chain` this packet can match, in order (all of them for short chains). */
  private order(chain: Chain): number[] | null {
    if (!chain.index) return null;
    let c = this.cands.get(chain);
    if (!c) this.cands.set(chain, (c = candidates(chain.index, this.p)));
    return c;
  }

  /** Outcomes of running `chain` from rule `from`; 'return' means control goes back to the caller. */
  run(chain: Chain, from: number, depth: number): Out[] {
    const order = this.order(chain);
    let k = 0;
    if (order) while (k < order.length && order[k] < from) k++;
    for (let i = order ? order[k] ?? chain.rules.length : from; i < chain.rules.length; i = order ? order[++k] ?? chain.rules.length : i + 1) {
      if (++this.steps > MAX_STEPS) return [{ v: 'unknown', row: null, why: 'the ruleset is too branchy to replay this packet' }];
      const r = chain.rules[i];
      const m = allOf(r.conds, this.p);
      if (m === true) this.matched.add(r.row);
      if (m === false || r.verdict.kind === 'continue') continue;
      let taken: Out[];
      const vd = r.verdict;
      if (vd.kind === 'accept' || vd.kind === 'drop' || vd.kind === 'reject') taken = [{ v: vd.kind, row: r.row, why: null }];
      else if (vd.kind === 'return') taken = [{ v: 'return', row: r.row, why: null }];
      else if (vd.kind === 'undecided') taken = [{ v: 'unknown', row: r.row, why: vd.why }];
      else if (vd.kind === 'jump' || vd.kind === 'goto') {
        const sub = chainByName(this.rs, chain, vd.chain);
        if (!sub || depth >= MAX_DEPTH) taken = [{ v: 'unknown', row: r.row, why: sub ? 'jumps nested too deep' : `no chain ${vd.chain}` }];
        else {
          const outs = this.run(sub, 0, depth + 1);
          // A jump resumes here on return; a goto hands the return to this chain's caller.
          taken = vd.kind === 'goto' ? outs : outs.filter((o) => o.v !== 'return');
          if (vd.kind === 'jump' && outs.some((o) => o.v === 'return')) taken = taken.concat(this.run(chain, i + 1, depth));
        }
      } else continue;
      if (m === true) return dedup(taken);
      // Undecided match: the packet may take the rule or pass it; both futures are possible.
      const why = m.unknown;
      return dedup([...taken, ...this.run(chain, i + 1, depth)].map((o) => (o.why || o.v === 'unknown' ? o : { ...o, why })));
    }
    return [{ v: 'return', row: null, why: null }];
  }

  base(chain: Chain): Out[] {
    return this.run(chain, 0, 0).map((o) =>
      o.v === 'return' ? { v: chain.base!.policy, row: chain.base!.policyRow, why: o.why } : o);
  }
}

function dedup(outs: Out[]): Out[] {
  const seen = new Set<string>();
  return outs.filter((o) => {
    const k = `${o.v}\0${o.row}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const FAMILY_OK: Record<string, (f: 4 | 6) => boolean> = { ip: (f) => f === 4, ip6: (f) => f === 6, inet: () => true };

/** The packet at `hook`: every base chain of its family there, in priority order; an accept goes on to the next. */
export function evaluatePacket(rs: CompiledRuleset, packet: ReplayPacket, hook: Hook): Outcome {
  const p = { ...packet, hook };
  const walk = new Walk(rs, p);
  let outs: Out[] = [{ v: 'accept', row: null, why: null }];
  for (const b of rs.bases) {
    if (b.base!.hook !== hook || !FAMILY_OK[b.family]?.(p.family)) continue;
    outs = dedup(outs.flatMap((o) => (o.v === 'accept' ? walk.base(b).map((n) => ({ ...n, why: n.why ?? o.why })) : [o])));
  }
  const verdicts = new Set(outs.map((o) => o.v));
  if (verdicts.size === 1 && !verdicts.has('unknown')) {
    const rowsSeen = new Set(outs.map((o) => o.row));
    return { verdict: outs[0].v as FinalVerdict, row: rowsSeen.size === 1 ? outs[0].row : null, why: null, matched: [...walk.matched] };
  }
  const why = outs.find((o) => o.why)?.why ?? 'undecided';
  return { verdict: 'unknown', row: outs.find((o) => o.v === 'unknown')?.row ?? null, why, matched: [...walk.matched] };
}
