// Cross-checking monitor traces against replay: each packet an nft / xtables-monitor trace followed is
// replayed through the imported ruleset, and the verdict the kernel printed is set beside replay's.
import type { CaseDb, Row } from '../db/case-db.ts';
import { currentRuleset, ephemeralPortMin } from '../db/replay-queries.ts';
import { addressNumber } from '../enrich/cidr.ts';
import { compileRuleset } from '../replay/compile-ruleset.ts';
import { evaluatePacket, type FinalVerdict } from '../replay/evaluate.ts';
import { hookOf } from '../replay/replay-groups.ts';
import type { ReplayPacket } from '../replay/packet.ts';
import type { RulesetRow } from '../ruleset/ruleset-types.ts';
import { packetTraces } from './packet-traces.ts';
import { stepText, type PacketTrace } from './trace-paths.ts';

export interface TraceCheck {
  trace_id: number;
  monitor_id: string;
  line_no: number;
  src: string | null;
  dst: string | null;
  proto: string | null;
  dport: number | null;
  hook: string | null;
  /** accept, drop or reject as the trace's last step printed it; unknown when it ended otherwise (queue, cut off). */
  traced: FinalVerdict;
  traced_step: string | null;
  replayed: FinalVerdict;
  /** The deciding rule's text or `CHAIN policy X`; null when undecided. */
  replayed_rule: string | null;
  /** true / false; null when either side is unknown. */
  agree: boolean | null;
  /** Why replay could not decide, or why a disagreement may be expected. */
  note: string | null;
}

export interface TraceCheckReport { rulesets: number; notes: string[]; checks: TraceCheck[] }

const FINAL = new Set(['accept', 'drop', 'reject']);
const ruleName = (r: RulesetRow) => (r.kind === 'policy' ? `${r.chain} policy ${r.target}` : r.text);
// nft prints a reject statement's verdict as drop: both block the packet.
const blocks = (v: FinalVerdict) => v === 'drop' || v === 'reject';

/** `all`: the case's traces when the caller has them already (the app's Traces panel). */
export async function checkTracesByReplay(db: CaseDb, all?: Pick<PacketTrace, 'trace_id' | 'monitor_id' | 'source_id' | 'line_no' | 'src' | 'dst' | 'proto' | 'dport' | 'steps'>[]): Promise<TraceCheckReport> {
  const parts = await currentRuleset(db);
  const traces = (all ?? (await packetTraces(db))).filter((t) => t.monitor_id !== undefined && t.steps.length > 0);
  if (!parts.length) return { rulesets: 0, notes: ['no ruleset imported: import the one in force (fwlens ruleset import) to check traces against it'], checks: [] };
  const rs = compileRuleset(parts.map((p) => ({ format: p.format, rows: p.rows })));
  const ephMin = await ephemeralPortMin(db);
  // A step row carries the packet fields of its trace's last dump: the packet where it was decided.
  const rows = new Map<string, Row>();
  for (const r of await db.all(`SELECT source_id, line_no, family, proto_num, src, dst, sport, dport, icmp_type, icmp_code, in_if, out_if, flags
      FROM events WHERE trace_id IS NOT NULL AND trace_type <> 'packet' AND src IS NOT NULL`)) rows.set(`${r.source_id}:${r.line_no}`, r);
  const checks = traces.map((t): TraceCheck => {
    const last = t.steps[t.steps.length - 1];
    const traced = (last.verdict !== undefined && FINAL.has(last.verdict) ? last.verdict : 'unknown') as FinalVerdict;
    const base = {
      trace_id: t.trace_id, monitor_id: t.monitor_id!, line_no: t.line_no, src: t.src, dst: t.dst, proto: t.proto, dport: t.dport,
      traced, traced_step: stepText(last),
    };
    const r = rows.get(`${t.source_id}:${last.line_no}`);
    const s = r ? addressNumber(String(r.src)) : null, d = r ? addressNumber(String(r.dst)) : null;
    if (!r || !s || !d || r.proto_num === null) {
      return { ...base, hook: null, replayed: 'unknown', replayed_rule: null, agree: null, note: 'the trace has no packet dump with addresses and protocol' };
    }
    // A monitor dump names the interfaces the packet has; one it does not name, the packet has not.
    const hook = hookOf({ in_if: (r.in_if as string | null) ?? '', out_if: (r.out_if as string | null) ?? '' }, null);
    const sport = r.sport === null ? null : Number(r.sport);
    const p: ReplayPacket = {
      family: s.family, proto: Number(r.proto_num), src: s.n, dst: d.n, sport: sport !== null && sport > ephMin ? 'eph' : sport,
      dport: r.dport === null ? null : Number(r.dport), icmpType: r.icmp_type === null ? null : Number(r.icmp_type),
      icmpCode: r.icmp_code === null ? null : Number(r.icmp_code), iif: (r.in_if as string | null) ?? '', oif: (r.out_if as string | null) ?? '', ephMin,
    };
    if (hook === null) return { ...base, hook, replayed: 'unknown', replayed_rule: null, agree: null, note: 'the packet dump names no interface, so the hook is unknown' };
    const out = evaluatePacket(rs, p, hook);
    const flags = Array.isArray(r.flags) ? (r.flags as string[]) : [];
    const opening = Number(r.proto_num) !== 6 || (flags.length === 1 && flags[0] === 'SYN');
    const agree = traced === 'unknown' || out.verdict === 'unknown' ? null : traced === out.verdict || (blocks(traced) && blocks(out.verdict));
    const note = out.why ?? (agree === false && !opening ? 'not an opening packet: replay assumes a new connection (a bare SYN)' : null);
    return { ...base, hook, replayed: out.verdict, replayed_rule: out.row === null ? null : ruleName(rs.rows[out.row]), agree, note };
  });
  return { rulesets: parts.length, notes: rs.notes, checks };
}
