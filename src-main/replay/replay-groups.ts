// Replaying a firewall ruleset over packet groups (pure: the groups come as batches, from the case or a worker's feed):
// verdict counts, rule hits, what would be blocked.
import type { PacketGroup } from '../db/replay-queries.ts';
import { addressNumber } from '../enrich/cidr.ts';
import { compileRuleset, type RulesetPart } from './compile-ruleset.ts';
import { evaluatePacket, type FinalVerdict } from './evaluate.ts';
import type { Hook, ReplayPacket } from './packet.ts';
import type { RulesetRow } from '../ruleset/ruleset-types.ts';

export interface ReplayGroup extends PacketGroup { hook: Hook | null; verdict: FinalVerdict; rule: string | null; why: string | null }

export interface RuleHit {
  family: string; table: string; chain: string; kind: 'rule' | 'policy'; position: number | null; handle: number | null;
  target: string | null; text: string;
  /** Traffic this rule (or policy) gave its verdict to. */
  groups: number; records: number;
  /** Traffic that surely matched it on the way, deciding or not (a jump, a LOG rule). */
  matched_groups: number; matched_records: number;
}

export interface RulesetReplayReport {
  notes: string[];
  total: { groups: number; records: number };
  verdicts: Record<FinalVerdict, { groups: number; records: number }>;
  /** Every rule and policy with the traffic it decided; zero rows are the rules this traffic never needed. */
  rules: RuleHit[];
  /** Dropped or rejected, most records first. */
  blocked: ReplayGroup[];
  /** Not decidable from the evidence, with the reason. */
  unknown: ReplayGroup[];
}

/** Where the kernel meets the packet, from the interfaces its log line names; else the caller's choice. */
export function hookOf(g: Pick<PacketGroup, 'in_if' | 'out_if'>, fallback: Hook | null): Hook | null {
  if (g.in_if === null || g.out_if === null) return fallback;
  if (g.in_if && g.out_if) return 'forward';
  if (g.in_if) return 'input';
  if (g.out_if) return 'output';
  return fallback;
}

function packetOf(g: PacketGroup, ephMin: number): ReplayPacket | null {
  const s = addressNumber(g.src), d = addressNumber(g.dst);
  if (!s || !d) return null;
  return {
    family: g.family, proto: g.proto_num, src: s.n, dst: d.n, sport: g.sport_eph ? 'eph' : g.sport, dport: g.dport,
    icmpType: g.icmp_type, icmpCode: g.icmp_code, iif: g.in_if, oif: g.out_if, ephMin,
  };
}

/** A policy row reads as "INPUT policy DROP"; a rule as its text. */
const ruleName = (r: RulesetRow) => (r.kind === 'policy' ? `${r.table} ${r.chain} policy ${r.target}` : r.text);

// Chains in the order a reader looks them up: by family, table and chain, the rules in place order, the policy last.
type Placed = Pick<RulesetRow, 'family' | 'table' | 'chain' | 'kind' | 'position'>;
function chainOrder(a: Placed, b: Placed): number {
  return a.family.localeCompare(b.family) || a.table.localeCompare(b.table) || a.chain.localeCompare(b.chain)
    || (a.kind === b.kind ? (a.position ?? 0) - (b.position ?? 0) : a.kind === 'policy' ? 1 : -1);
}

export interface ReplayRulesetOptions {
  /** Hook for traffic whose evidence names no interfaces (conntrack, captures); null leaves it undecided. */
  hook?: Hook | null;
  limit?: number;
  /** How the caller's user chooses that hook (the CLI's flag, the app's menu), said where it is missing. */
  hookHint?: string;
}

export interface ReplayTick { (groups: number): void }

/** `ephMin`: the case's lowest ephemeral port; `tick` hears how many groups are done, now and then. */
export async function replayGroups(parts: RulesetPart[], batches: AsyncIterable<PacketGroup[]>, ephMin: number, o: ReplayRulesetOptions = {}, tick?: ReplayTick): Promise<RulesetReplayReport> {
  const rs = compileRuleset(parts);
  const limit = o.limit ?? 1000;
  const hint = o.hookHint ?? 'pass --hook input|output|forward';
  const notes = [...rs.notes];
  if (!rs.bases.length) notes.push('the ruleset has no chain on the input, output or forward hook: everything is accepted');
  const hits = new Map<number, { groups: number; records: number }>();
  const seen = new Map<number, { groups: number; records: number }>();
  const count = (m: Map<number, { groups: number; records: number }>, row: number, records: number) => {
    const h = m.get(row) ?? { groups: 0, records: 0 };
    h.groups++;
    h.records += records;
    m.set(row, h);
  };
  const verdicts = { accept: { groups: 0, records: 0 }, drop: { groups: 0, records: 0 }, reject: { groups: 0, records: 0 }, unknown: { groups: 0, records: 0 } };
  // Only references are kept while walking; the listed groups are built for the top `limit` alone.
  type Kept = { g: PacketGroup; hook: Hook | null; out: { verdict: FinalVerdict; row: number | null; why: string | null } };
  const blocked: Kept[] = [], unknown: Kept[] = [];
  // A total order (records first), so the listed groups are the same however the batches came.
  const byRecords = ({ g: a }: Kept, { g: b }: Kept) => b.records - a.records || a.src.localeCompare(b.src) || a.dst.localeCompare(b.dst)
    || (a.dport ?? -1) - (b.dport ?? -1) || a.proto_num - b.proto_num || a.origin.localeCompare(b.origin)
    || (a.sport ?? -1) - (b.sport ?? -1) || (a.icmp_type ?? -1) - (b.icmp_type ?? -1) || (a.in_if ?? '').localeCompare(b.in_if ?? '') || (a.out_if ?? '').localeCompare(b.out_if ?? '');
  let noHook = 0;
  // A family with no base chain at all is accepted by default: said, since it is easy to forget ip6tables.
  const bare = ([4, 6] as const).filter((f) => !rs.bases.some((b) => b.family === 'inet' || b.family === (f === 4 ? 'ip' : 'ip6')));
  const bareSeen = new Map<number, number>();
  // Listed groups are trimmed to the top `limit` as they come, so memory stays bounded on any case.
  const trim = (k: Kept[]) => { if (k.length > 4 * limit) { k.sort(byRecords); k.length = limit; } };
  let done = 0;
  for await (const batch of batches) for (const g of batch) {
    if (++done % 5000 === 0) tick?.(done);
    const hook = hookOf(g, o.hook ?? null);
    const p = packetOf(g, ephMin);
    const out = !p ? { verdict: 'unknown' as const, row: null, why: 'address not understood', matched: [] }
      : hook === null ? { verdict: 'unknown' as const, row: null, why: `no interfaces recorded, so the hook is unknown: ${hint}`, matched: [] }
      : evaluatePacket(rs, p, hook);
    for (const row of out.matched) count(seen, row, g.records);
    if (hook === null) noHook++;
    else if (bare.includes(g.family)) bareSeen.set(g.family, (bareSeen.get(g.family) ?? 0) + 1);
    const v = verdicts[out.verdict];
    v.groups++;
    v.records += g.records;
    if (out.row !== null) count(hits, out.row, g.records);
    if (out.verdict === 'drop' || out.verdict === 'reject') { blocked.push({ g, hook, out }); trim(blocked); }
    else if (out.verdict === 'unknown') { unknown.push({ g, hook, out }); trim(unknown); }
  }
  for (const [f, n] of bareSeen) notes.push(`the ruleset has no IPv${f} chains: ${n} IPv${f} group${n === 1 ? ' is' : 's are'} accepted by default (add the ${f === 4 ? 'iptables' : 'ip6tables'}-save output too)`);
  if (noHook) notes.push(`${noHook} group${noHook === 1 ? ' of conntrack/capture traffic names' : 's of conntrack/capture traffic name'} no interface: ${hint}`);
  const listed = (k: Kept[]): ReplayGroup[] => k.sort(byRecords).slice(0, limit).map(({ g, hook, out }) =>
    ({ ...g, hook, verdict: out.verdict, rule: out.row === null ? null : ruleName(rs.rows[out.row]), why: out.why }));
  const total = Object.values(verdicts).reduce((t, x) => ({ groups: t.groups + x.groups, records: t.records + x.records }), { groups: 0, records: 0 });
  return {
    notes, total, verdicts,
    rules: rs.rows.flatMap((r, i) => (r.kind === 'set' ? [] : [{
      family: r.family, table: r.table, chain: r.chain, kind: r.kind, position: r.position, handle: r.handle, target: r.target, text: r.text,
      groups: hits.get(i)?.groups ?? 0, records: hits.get(i)?.records ?? 0,
      // A policy is "matched" by what reaches the end of its chain: the traffic it decided.
      matched_groups: (r.kind === 'policy' ? hits : seen).get(i)?.groups ?? 0, matched_records: (r.kind === 'policy' ? hits : seen).get(i)?.records ?? 0,
    }])).sort(chainOrder),
    blocked: listed(blocked),
    unknown: listed(unknown),
  };
}
