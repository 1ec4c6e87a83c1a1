// Attribution of TRACE steps and LOG lines to imported rules: rule text per step, hits, rules never hit.
import type { CaseDb, Row } from '../db/case-db.ts';
import { ruleHits, traceStepRules } from '../db/ruleset-queries.ts';
import { packetTraces } from '../trace/packet-traces.ts';
import { stepText, type PacketTrace, type TraceStep } from '../trace/trace-paths.ts';

export interface AttributedStep extends TraceStep {
  step: string;
  /** The rule's text, or the chain's policy (e.g. "policy DROP"); null when the ruleset lacks it. */
  rule_text: string | null;
}

export interface AttributedTrace extends Omit<PacketTrace, 'steps'> {
  steps: AttributedStep[];
}

export async function attributedTraces(db: CaseDb, opts: { windowSec?: number } = {}): Promise<AttributedTrace[]> {
  const texts = new Map<string, string>();
  for (const r of await traceStepRules(db)) {
    texts.set(`${r.source_id}:${r.line_no}`, r.kind === 'policy' ? `policy ${r.target}` : String(r.text));
  }
  const traces = await packetTraces(db, opts.windowSec === undefined ? {} : { windowSec: opts.windowSec });
  return traces.map((t) => ({
    ...t,
    // Monitor traces print the rule's text themselves: it stands in when the ruleset lacks the rule.
    steps: t.steps.map((s) => ({ ...s, step: stepText(s), rule_text: texts.get(`${t.source_id}:${s.line_no}`) ?? s.text ?? null })),
  }));
}

export interface RuleHit {
  family: string;
  table: string;
  chain: string;
  kind: string;
  position: number | null;
  handle: number | null;
  target: string | null;
  log_prefix: string | null;
  trace_hits: number;
  prefix_hits: number;
  packets: number | null;
  text: string;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function rulesetHits(db: CaseDb): Promise<RuleHit[]> {
  return (await ruleHits(db)).map((r: Row) => ({
    family: String(r.family), table: String(r.table_name), chain: String(r.chain), kind: String(r.kind),
    position: num(r.position), handle: num(r.handle), target: (r.target as string | null) ?? null,
    log_prefix: (r.log_prefix as string | null) ?? null, trace_hits: Number(r.trace_hits), prefix_hits: Number(r.prefix_hits),
    packets: num(r.packets), text: String(r.text),
  }));
}

/**
 * Rules no TRACE step and no LOG line points at. Counters decide too when the dump had them:
 * a rule with packets > 0 was hit; without counters, whether it was hit outside the logs is unknown.
 */
export function neverHit(hits: RuleHit[]): (RuleHit & { counters: string })[] {
  return hits
    .filter((h) => h.kind === 'rule' && h.trace_hits === 0 && h.prefix_hits === 0 && !(h.packets !== null && h.packets > 0))
    .map((h) => ({ ...h, counters: h.packets === null ? 'unknown' : '0' }));
}
