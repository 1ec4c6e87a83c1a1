// Grouping TRACE rows into packet traces (one per packet) and naming each trace's path and verdict.
import type { Row } from '../db/case-db.ts';
import { makeMonitorGrouper } from './monitor-paths.ts';

export interface TraceStep {
  table: string;
  chain: string;
  type: string;
  rule: number | null;
  line_no: number;
  /** Monitor traces (nft, xtables-monitor) only: the rule handle, the verdict and the rule text they print. */
  handle?: number;
  verdict?: string;
  text?: string;
}

export interface PacketTrace {
  trace_id: number;
  source_id: number;
  line_no: number;
  ts: Date | null;
  src: string | null;
  dst: string | null;
  proto: string | null;
  sport: number | null;
  dport: number | null;
  steps: TraceStep[];
  verdict: string;
  /** Monitor traces only: the trace id the monitor printed. */
  monitor_id?: string;
}

export interface TraceOptions {
  /** Seconds a packet's steps may lie apart and still be one trace. */
  windowSec: number;
}

export const DEFAULT_TRACE_OPTIONS: Readonly<TraceOptions> = Object.freeze({ windowSec: 2 });

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * What makes two TRACE lines the same packet. The IP ID (IPv4) or flow label (IPv6) tells apart
 * packets of one flow; the ICMP echo id/seq do so for pings whose IP ID is 0. NAT rewrites addresses
 * after nat:PREROUTING, so a DNATed packet's later steps start a new trace (the log cannot link them).
 */
function packetKey(r: Row): string {
  const tag = Number(r.family) === 6 ? r.flowlbl : r.ip_id;
  return [r.source_id, r.src, r.dst, r.proto, r.sport, r.dport, tag, r.len, r.icmp_id, r.icmp_seq].map((v) => String(v ?? '')).join('|');
}

/** Where a packet enters netfilter: seeing one again means a new packet that happens to look the same. */
const isEntry = (r: Row) => r.trace_table === 'raw' && (r.trace_chain === 'PREROUTING' || r.trace_chain === 'OUTPUT');

/** The last step decides: a chain policy (its verdict is not logged), a rule that matched, or a return. */
export function verdictOf(steps: TraceStep[]): string {
  const last = steps[steps.length - 1];
  if (!last) return 'unknown';
  if (last.verdict !== undefined) {
    if (last.type === 'policy') return `policy ${last.verdict}`;
    if (last.type === 'rule') return `rule${last.handle === undefined ? '' : ' #' + last.handle} ${last.verdict}`;
    return last.verdict;
  }
  if (last.type === 'policy') return 'policy';
  if (last.type === 'rule') return last.rule === null ? 'rule' : `rule ${last.rule}`;
  return last.type;
}

export function stepText(s: TraceStep): string {
  // Monitor steps name the rule by handle (`#6`, as `nft -a` shows it) and carry their own verdict.
  if (s.verdict !== undefined || s.handle !== undefined) {
    return `${s.table}:${s.chain}:${s.type}${s.handle === undefined ? '' : ':#' + s.handle}${s.verdict === undefined ? '' : ` (${s.verdict})`}`;
  }
  return `${s.table}:${s.chain}:${s.type}${s.rule === null ? '' : ':' + s.rule}`;
}

/** Rows must come in line order (per source); interleaved packets are told apart by their key. */
export function groupTraces(rows: Row[], opts: Partial<TraceOptions> = {}): PacketTrace[] {
  const { windowSec } = { ...DEFAULT_TRACE_OPTIONS, ...opts };
  const open = new Map<string, { trace: PacketTrace; lastT: number | null; entries: Set<string> }>();
  const traces: PacketTrace[] = [];
  const monitor = makeMonitorGrouper(traces);
  for (const r of rows) {
    if (r.trace_id !== null && r.trace_id !== undefined) { monitor(r); continue; }
    const key = packetKey(r);
    const t = num(r.t);
    const step: TraceStep = {
      table: String(r.trace_table),
      chain: String(r.trace_chain ?? ''),
      type: String(r.trace_type ?? ''),
      rule: num(r.trace_rule),
      line_no: Number(r.line_no),
    };
    let cur = open.get(key);
    const stale = cur && t !== null && cur.lastT !== null && Math.abs(t - cur.lastT) > windowSec;
    const again = cur && isEntry(r) && cur.entries.has(step.chain);
    if (!cur || stale || again) {
      const trace: PacketTrace = {
        trace_id: traces.length + 1,
        source_id: Number(r.source_id),
        line_no: step.line_no,
        ts: r.ts instanceof Date ? r.ts : null,
        src: (r.src as string | null) ?? null,
        dst: (r.dst as string | null) ?? null,
        proto: (r.proto as string | null) ?? null,
        sport: num(r.sport),
        dport: num(r.dport),
        steps: [],
        verdict: 'unknown',
      };
      traces.push(trace);
      cur = { trace, lastT: t, entries: new Set() };
      open.set(key, cur);
    }
    cur.trace.steps.push(step);
    if (t !== null) cur.lastT = t;
    if (isEntry(r)) cur.entries.add(step.chain);
  }
  for (const tr of traces) tr.verdict = verdictOf(tr.steps);
  return traces;
}
