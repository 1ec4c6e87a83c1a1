// An allow model walked first-match over outbound flow groups (pure: the groups come as batches) → per-rule hits and drops.
import type { OutboundGroup } from '../db/allow-queries.ts';
import { addressNumber, parseCidr } from '../enrich/cidr.ts';
import { addrIn, familyIs, protoIn } from '../replay/conditions.ts';
import type { Condition } from '../replay/packet.ts';
import { buildChainIndex } from '../replay/chain-index.ts';
import type { Chain, ChainRule, CompiledRuleset } from '../replay/compile-ruleset.ts';
import { evaluatePacket } from '../replay/evaluate.ts';
import { PROTO_NUM, type AllowRuleset } from './allow-model.ts';

export interface DropGroup {
  src: string; proto: string; dport: number | null; dst: string; dst_org: string | null;
  flows: number; records: number; first_seen: string | null; last_seen: string | null;
}

export interface ReplayReport {
  flows: number;
  records: number;
  dropped: { flows: number; records: number; groups: number };
  rules: Array<{ id: number; flows: number; records: number; src: string; proto: string; dport: number | null; dst: string[] }>;
  drops: DropGroup[];
}

/** The model as one chain for the first-match walk: rule by rule in id order, then the default drop. */
function modelChain(rs: AllowRuleset): CompiledRuleset {
  const rules: ChainRule[] = [...rs.rules].sort((a, b) => a.id - b.id).map((r, row) => {
    const s = parseCidr(r.src)!;
    const conds: Condition[] = [
      familyIs(r.family, `IPv${r.family}`),
      addrIn('src', [{ lo: s.lo, hi: s.hi, family: r.family }], r.src),
      protoIn([PROTO_NUM[r.proto]], r.proto),
      addrIn('dst', r.dst.map((d) => { const c = parseCidr(d)!; return { lo: c.lo, hi: c.hi, family: r.family }; }), r.dst.join(',')),
    ];
    // A flow with no destination port never meets a rule that names one.
    if (r.dport !== null) conds.push({ text: `dport ${r.dport}`, test: (p) => p.dport === r.dport });
    return { conds, verdict: { kind: 'accept' }, row };
  });
  const chain: Chain = { family: 'inet', table: 'fwlens', name: 'allow', rules, index: buildChainIndex(rules), base: { hook: 'output', priority: 0, policy: 'drop', policyRow: null } };
  return { rows: [], chains: new Map([['inet\0fwlens\0allow', chain]]), bases: [chain], notes: [] };
}

/** Each outbound flow takes the first rule (lowest id) that accepts it, as a firewall would; else the default drop. */
export async function replayModelGroups(rs: AllowRuleset, batches: AsyncIterable<OutboundGroup[]>, limit = 1000, tick?: (groups: number) => void): Promise<ReplayReport> {
  const chain = modelChain(rs);
  const ordered = [...rs.rules].sort((a, b) => a.id - b.id);
  const byRule = new Map<number, { flows: number; records: number }>();
  // Most records first; ties in address order (the query's order, kept by the stable sort). Trimmed as
  // they come so a day with many drops never holds them all.
  const drops: Array<DropGroup & { seq: number }> = [];
  const order = (a: { records: number; seq: number }, b: { records: number; seq: number }) => b.records - a.records || a.seq - b.seq;
  let flows = 0, records = 0, dFlows = 0, dRecords = 0, seq = 0;
  let done = 0;
  for await (const batch of batches) for (const g of batch) {
    if (++done % 5000 === 0) tick?.(done);
    const s = addressNumber(g.src), d = addressNumber(g.dst);
    flows += g.flows;
    records += g.records;
    const out = s && d ? evaluatePacket(chain, {
      family: g.family, proto: g.proto_num, src: s.n, dst: d.n, sport: null, dport: g.dport, icmpType: null, icmpCode: null, iif: null, oif: null, ephMin: 0,
    }, 'output') : null;
    if (out?.verdict === 'accept' && out.row !== null) {
      const h = byRule.get(ordered[out.row].id) ?? { flows: 0, records: 0 };
      h.flows += g.flows;
      h.records += g.records;
      byRule.set(ordered[out.row].id, h);
    } else {
      dFlows += g.flows;
      dRecords += g.records;
      drops.push({ src: g.src, proto: g.proto, dport: g.dport, dst: g.dst, dst_org: g.dst_org, flows: g.flows, records: g.records, first_seen: g.first_seen, last_seen: g.last_seen, seq: seq++ });
      if (drops.length > 4 * limit) { drops.sort(order); drops.length = limit; }
    }
  }
  return {
    flows, records,
    dropped: { flows: dFlows, records: dRecords, groups: drops.length },
    // Rules with no hit are listed too: they are the ones to question.
    rules: rs.rules.map((r) => ({ id: r.id, flows: byRule.get(r.id)?.flows ?? 0, records: byRule.get(r.id)?.records ?? 0, src: r.src, proto: r.proto, dport: r.dport, dst: r.dst })),
    drops: drops.sort(order).slice(0, limit).map(({ seq: _, ...d }) => d),
  };
}

