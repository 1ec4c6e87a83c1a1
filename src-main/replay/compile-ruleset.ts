// Turns parsed ruleset rows (iptables-save, iptables -L, nft) into chains replay can walk, with their hooks and order.
import type { RulesetRow } from '../ruleset/ruleset-types.ts';
import type { Hook } from './packet.ts';
import { readIptablesRule } from './read-iptables.ts';
import { readIptablesListRule } from './read-iptables-list.ts';
import { readNftRule } from './read-nft.ts';
import { readNamedSet, type NamedSet } from './named-set.ts';
import type { CompiledRule } from './verdict.ts';
import { buildChainIndex, type ChainIndex } from './chain-index.ts';

export interface ChainRule extends CompiledRule { row: number }

export interface Chain {
  family: string;
  table: string;
  name: string;
  rules: ChainRule[];
  /** Address index of long chains (null for short ones). */
  index: ChainIndex | null;
  /** Base chains only: where the kernel enters the chain and what happens at its end. */
  base: { hook: Hook; priority: number; policy: 'accept' | 'drop'; policyRow: number | null } | null;
}

export interface CompiledRuleset {
  rows: RulesetRow[];
  chains: Map<string, Chain>;
  /** Base chains on the replayed hooks, in the order the kernel runs them. */
  bases: Chain[];
  notes: string[];
}

export interface RulesetPart { format: string; rows: RulesetRow[] }

const key = (family: string, table: string, chain: string) => `${family}\0${table}\0${chain}`;

// iptables tables by the priority of their hook registration; nat is left out (it never drops).
const IPT_TABLES: Record<string, number> = { raw: -300, mangle: -150, filter: 0, security: 50 };
const IPT_HOOKS: Record<string, Hook> = { INPUT: 'input', OUTPUT: 'output', FORWARD: 'forward' };
const NFT_PRIO: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };

/** `filter`, `filter + 10`, `-150` → a number; null when not understood. */
export function nftPriority(text: string): number | null {
  const m = /^\s*([a-z]+|-?\d+)\s*(?:([+-])\s*(\d+))?\s*$/.exec(text);
  if (!m) return null;
  const base = /^-?\d+$/.test(m[1]) ? Number(m[1]) : NFT_PRIO[m[1]];
  if (base === undefined) return null;
  return m[2] ? base + (m[2] === '+' ? 1 : -1) * Number(m[3]) : base;
}

/** Chains that can drop on a hook replay does not walk (prerouting, ingress…): said, since their drops are missed. */
type Unwalked = Array<{ chain: Chain; hook: string; policyDrop: boolean }>;

function nftBase(row: RulesetRow, index: number, notes: string[], chain: Chain, unwalked: Unwalked): Chain['base'] {
  const m = /\btype\s+(\w+)\s+hook\s+(\w+)(?:\s+device\s+\S+)?\s+priority\s+([^;]+);/.exec(row.text);
  if (!m) return null;
  const [, type, hook, prio] = m;
  const h = (['input', 'output', 'forward'] as const).find((x) => x === hook);
  if (type === 'nat' || !h) {
    if (type !== 'nat') unwalked.push({ chain, hook, policyDrop: row.target === 'drop' });
    return null;
  }
  const priority = nftPriority(prio);
  if (priority === null) notes.push(`${row.family} ${row.table} ${row.chain}: priority "${prio.trim()}" not understood; taken as 0`);
  return { hook: h, priority: priority ?? 0, policy: row.target === 'drop' ? 'drop' : 'accept', policyRow: index };
}

export function compileRuleset(parts: RulesetPart[]): CompiledRuleset {
  const rows: RulesetRow[] = [];
  const chains = new Map<string, Chain>();
  const notes: string[] = [];
  const unwalked: Unwalked = [];
  const formats: string[] = [];
  for (const part of parts) for (const r of part.rows) { rows.push(r); formats.push(part.format); }
  const chainOf = (r: RulesetRow) => {
    const k = key(r.family, r.table, r.chain);
    let c = chains.get(k);
    if (!c) chains.set(k, (c = { family: r.family, table: r.table, name: r.chain, rules: [], index: null, base: null }));
    return c;
  };
  // Named sets (nft) by table, for `@name` in rules; the dump's elements are what replay tests against.
  const sets = new Map<string, Map<string, NamedSet>>();
  // The dump format a chain came from: an iptables built-in chain without a policy row is told by it.
  const formatOf = new Map<Chain, string>();
  rows.forEach((r, i) => {
    if (r.kind !== 'set') {
      const c = chainOf(r);
      if (!formatOf.has(c)) formatOf.set(c, formats[i]);
      return;
    }
    const t = `${r.family}\0${r.table}`;
    if (!sets.has(t)) sets.set(t, new Map());
    sets.get(t)!.set(r.chain, readNamedSet(r.text));
  });
  const namesIn = new Map<string, Set<string>>();
  for (const c of chains.values()) {
    const t = `${c.family}\0${c.table}`;
    if (!namesIn.has(t)) namesIn.set(t, new Set());
    namesIn.get(t)!.add(c.name);
  }
  rows.forEach((r, index) => {
    if (r.kind === 'set') return;
    const c = chainOf(r);
    const names = namesIn.get(`${r.family}\0${r.table}`)!;
    const format = formats[index];
    if (r.kind === 'policy') {
      if (format === 'nft') c.base = nftBase(r, index, notes, c, unwalked);
      else if (/^(PREROUTING|POSTROUTING)$/.test(r.chain) && r.table !== 'nat') unwalked.push({ chain: c, hook: r.chain.toLowerCase(), policyDrop: r.target === 'DROP' });
      else if (IPT_HOOKS[r.chain] && r.table in IPT_TABLES) {
        c.base = { hook: IPT_HOOKS[r.chain], priority: IPT_TABLES[r.table], policy: r.target === 'DROP' ? 'drop' : 'accept', policyRow: index };
      }
      return;
    }
    const rule = format === 'nft' ? readNftRule(r.text, names, sets.get(`${r.family}\0${r.table}`))
      : format === 'iptables-list' ? readIptablesListRule(r.text, r.target, names)
      : readIptablesRule(r.text, names);
    c.rules.push({ ...rule, row: index });
  });
  // iptables built-in chains whose policy the dump did not show (a --noflush restore file) accept, as the kernel's default.
  for (const c of chains.values()) {
    if (c.base || !IPT_HOOKS[c.name] || !(c.table in IPT_TABLES) || !formatOf.get(c)?.startsWith('iptables')) continue;
    c.base = { hook: IPT_HOOKS[c.name], priority: IPT_TABLES[c.table], policy: 'accept', policyRow: null };
    notes.push(`${c.family} ${c.table} ${c.name}: no policy in the ruleset; ACCEPT assumed`);
  }
  for (const c of chains.values()) c.index = buildChainIndex(c.rules);
  for (const u of unwalked) {
    const drops = u.chain.rules.filter((r) => r.verdict.kind === 'drop' || r.verdict.kind === 'reject').length;
    if (drops || u.policyDrop) {
      notes.push(`${u.chain.family} ${u.chain.table} ${u.chain.name} (${u.hook}) can drop${drops ? ` (${drops} rule${drops === 1 ? '' : 's'})` : ''}${u.policyDrop ? ' (policy drop)' : ''} but is not replayed: only input, output and forward are`);
    }
  }
  const bases = [...chains.values()].filter((c) => c.base).sort((a, b) => a.base!.priority - b.base!.priority);
  return { rows, chains, bases, notes };
}

export function chainByName(rs: CompiledRuleset, from: Chain, name: string): Chain | undefined {
  return rs.chains.get(key(from.family, from.table, name));
}
