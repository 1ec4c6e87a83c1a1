// Grouping the rows of `nft monitor trace` / `xtables-monitor --trace` into packet traces: by trace id,
// which the monitor prints, instead of by packet look-alike and time window as for TRACE log lines.
import type { Row } from '../db/case-db.ts';
import type { PacketTrace, TraceStep } from './trace-paths.ts';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** What NAT leaves alone: a packet dump of the same id with another of these is another packet. */
const identity = (r: Row) => [r.proto, r.ip_id, r.flowlbl, r.len].map((v) => String(v ?? '')).join('|');

interface Open { trace: PacketTrace; hooks: Set<string>; identity: string | null }

/**
 * A grouper that appends to `traces` as rows come (in line order). The kernel reuses trace ids, so a
 * packet dump at a hook the trace already passed, or of a different packet, starts a new trace.
 */
export function makeMonitorGrouper(traces: PacketTrace[]): (r: Row) => void {
  const open = new Map<string, Open>();
  const start = (r: Row): Open => {
    const trace: PacketTrace = {
      trace_id: traces.length + 1, source_id: Number(r.source_id), line_no: Number(r.line_no), ts: r.ts instanceof Date ? r.ts : null,
      src: null, dst: null, proto: null, sport: null, dport: null, steps: [], verdict: 'unknown', monitor_id: String(r.trace_id),
    };
    traces.push(trace);
    return { trace, hooks: new Set(), identity: null };
  };
  const fill = (t: PacketTrace, r: Row) => {
    // A protocol learnt from a matched rule (xtables-monitor) comes after the dump that lacked it.
    if (t.src !== null && t.proto === null && r.proto !== null && r.proto !== undefined) t.proto = String(r.proto);
    if (t.src !== null || r.src === null || r.src === undefined) return;
    Object.assign(t, { src: r.src, dst: r.dst ?? null, proto: r.proto ?? null, sport: num(r.sport), dport: num(r.dport) });
  };
  return (r: Row) => {
    const key = `${r.source_id}|${r.trace_family}|${r.trace_id}`;
    const table = String(r.trace_table ?? ''), chain = String(r.trace_chain ?? '');
    const hook = table === '' ? null : `${table}:${chain}`;
    let cur = open.get(key);
    if (r.trace_type === 'packet') {
      const id = identity(r);
      if (cur && ((hook !== null && cur.hooks.has(hook)) || (cur.identity !== null && cur.identity !== id))) cur = undefined;
      if (!cur) open.set(key, (cur = start(r)));
      if (hook !== null) cur.hooks.add(hook);
      cur.identity ??= id;
      fill(cur.trace, r);
      return;
    }
    if (!cur) open.set(key, (cur = start(r)));
    fill(cur.trace, r);
    if (r.trace_type === 'conntrack') return;
    const step: TraceStep = { table, chain, type: String(r.trace_type ?? ''), rule: num(r.trace_rule), line_no: Number(r.line_no) };
    const handle = num(r.trace_handle);
    if (handle !== null) step.handle = handle;
    if (r.trace_verdict !== null && r.trace_verdict !== undefined) step.verdict = String(r.trace_verdict);
    if (r.trace_text !== null && r.trace_text !== undefined) step.text = String(r.trace_text);
    cur.trace.steps.push(step);
  };
}
