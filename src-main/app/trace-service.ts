// The app's TRACE paths: packet traces with each step's rule text, capped for the boundary, dates as ISO text.
import type { TracePaths } from '../shared/api.ts';
import type { CaseDb } from '../db/case-db.ts';
import { rulesetVersionCount } from '../db/app-queries.ts';
import { attributedTraces } from '../ruleset/rule-hits.ts';
import { checkTracesByReplay } from '../trace/trace-replay-check.ts';
import { iso } from './result.ts';

/** A TRACE rule left on for a while writes thousands of packets; the view shows the first ones. */
export const MAX_TRACES = 1000;

export async function tracePaths(db: CaseDb): Promise<TracePaths> {
  const all = await attributedTraces(db);
  const rulesets = await rulesetVersionCount(db);
  const shown = all.slice(0, MAX_TRACES);
  // Monitor traces print their verdict: with a ruleset, replay's verdict for the same packet goes beside it.
  const checks = rulesets > 0 && shown.some((t) => t.monitor_id !== undefined) ? (await checkTracesByReplay(db, shown)).checks : [];
  const byTrace = new Map(checks.map((c) => [c.trace_id, c]));
  return {
    total: all.length,
    rulesets,
    traces: shown.map((t) => ({
      traceId: t.trace_id, sourceId: t.source_id, lineNo: t.line_no, ts: iso(t.ts), src: t.src, dst: t.dst, proto: t.proto,
      sport: t.sport, dport: t.dport, verdict: t.verdict, monitorId: t.monitor_id ?? null,
      replay: ((c) => (c ? { verdict: c.replayed, rule: c.replayed_rule, agree: c.agree, note: c.note } : null))(byTrace.get(t.trace_id)),
      steps: t.steps.map((s) => ({ step: s.step, table: s.table, chain: s.chain, type: s.type, rule: s.rule, lineNo: s.line_no, ruleText: s.rule_text })),
    })),
  };
}
