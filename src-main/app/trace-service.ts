// The app's TRACE paths: packet traces with each step's rule text, capped for the boundary, dates as ISO text.
import type { TracePaths } from '../shared/api.ts';
import type { CaseDb } from '../db/case-db.ts';
import { rulesetVersionCount } from '../db/app-queries.ts';
import { attributedTraces } from '../ruleset/rule-hits.ts';
import { iso } from './result.ts';

/** A TRACE rule left on for a while writes thousands of packets; the view shows the first ones. */
export const MAX_TRACES = 1000;

export async function tracePaths(db: CaseDb): Promise<TracePaths> {
  const all = await attributedTraces(db);
  return {
    total: all.length,
    rulesets: await rulesetVersionCount(db),
    traces: all.slice(0, MAX_TRACES).map((t) => ({
      traceId: t.trace_id, sourceId: t.source_id, lineNo: t.line_no, ts: iso(t.ts), src: t.src, dst: t.dst, proto: t.proto,
      sport: t.sport, dport: t.dport, verdict: t.verdict,
      steps: t.steps.map((s) => ({ step: s.step, table: s.table, chain: s.chain, type: s.type, rule: s.rule, lineNo: s.line_no, ruleText: s.rule_text })),
    })),
  };
}
