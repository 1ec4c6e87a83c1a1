// The packet a replay pushes through a ruleset, and the three-valued answer a match gives about it.

export type Hook = 'input' | 'output' | 'forward';
export const HOOKS: Hook[] = ['input', 'output', 'forward'];

/**
 * A flow replayed as its opening packet: conntrack state new, for TCP a SYN. Fields the evidence
 * did not record are null, and a rule that tests them cannot be decided.
 */
export interface ReplayPacket {
  family: 4 | 6;
  proto: number;
  src: bigint;
  dst: bigint;
  /** A port number, 'eph' for any port above the case's ephemeral_port_min (collapsed), null when none. */
  sport: number | 'eph' | null;
  dport: number | null;
  icmpType: number | null;
  icmpCode: number | null;
  /** Interfaces as logged ('' = none, the packet did not cross that side); null = not recorded. */
  iif: string | null;
  oif: string | null;
  /** Lower bound of the collapsed source ports ('eph' means ephMin+1 … 65535). */
  ephMin: number;
  /** Set by the walk: where the kernel meets the packet (address types depend on it). */
  hook?: Hook;
}

/** true / false, or the reason the evidence cannot say. */
export type Tri = boolean | { unknown: string };

export interface Condition {
  /** The match as written, for reasons. */
  text: string;
  test(p: ReplayPacket): Tri;
  /** Set on plain address matches so long chains can be indexed by address. */
  addr?: { side: 'src' | 'dst'; ranges: Array<{ lo: bigint; hi: bigint; family: 4 | 6 }> };
}

export const unknown = (why: string): Tri => ({ unknown: why });

/** A condition the evaluator does not model (ipset contents, marks, rate limits…). */
export function unsupported(text: string, what = 'not modelled by replay'): Condition {
  return { text, test: () => unknown(`${text}: ${what}`) };
}

export function negate(c: Condition): Condition {
  return { text: `! ${c.text}`, test: (p) => { const r = c.test(p); return typeof r === 'boolean' ? !r : r; } };
}

/** All conditions hold: false wins over unknown (a rule that surely does not match is decided). */
export function allOf(conds: Condition[], p: ReplayPacket): Tri {
  let pending: Tri | null = null;
  for (const c of conds) {
    const r = c.test(p);
    if (r === false) return false;
    if (r !== true && pending === null) pending = r;
  }
  return pending ?? true;
}
