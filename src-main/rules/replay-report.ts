// `rules replay FILE.rules.json`: an allow model replayed over the case's outbound flows, and the report's text.
import type { CaseDb } from '../db/case-db.ts';
import { outboundGroupBatches } from '../db/allow-queries.ts';
import type { AllowRuleset } from './allow-model.ts';
import { replayModelGroups, type ReplayReport } from './allow-model-replay.ts';
import { printable } from './sanitize-comment.ts';

export type { DropGroup, ReplayReport } from './allow-model-replay.ts';

export async function replay(db: CaseDb, rs: AllowRuleset, limit = 1000): Promise<ReplayReport> {
  return replayModelGroups(rs, outboundGroupBatches(db), limit);
}

// Addresses and orgs in the text come from the case (orgs from registries): control characters are stripped.
const clean = printable;

export function formatReplay(r: ReplayReport): string {
  const lines = [`${r.flows} outbound flows (${r.records} records); ${r.dropped.flows} flows (${r.dropped.records} records) would be dropped, in ${r.dropped.groups} groups`, '', 'rule  flows  records  match'];
  for (const x of r.rules) {
    const dst = x.dst.length > 3 ? `${x.dst.slice(0, 3).join(',')},…(${x.dst.length})` : x.dst.join(',');
    lines.push(`${String(x.id).padStart(4)}  ${String(x.flows).padStart(5)}  ${String(x.records).padStart(7)}  ${x.src} ${x.proto}${x.dport === null ? '' : `/${x.dport}`} → ${dst}`);
  }
  if (r.drops.length) {
    lines.push('', 'would be dropped:', 'flows  records  first_seen           last_seen            src → dst proto/dport (org)');
    for (const d of r.drops) {
      lines.push(`${String(d.flows).padStart(5)}  ${String(d.records).padStart(7)}  ${(d.first_seen ?? '-').padEnd(19)}  ${(d.last_seen ?? '-').padEnd(19)}  ${clean(d.src)} → ${clean(d.dst)} ${clean(d.proto)}${d.dport === null ? '' : `/${d.dport}`}${d.dst_org ? ` (${clean(d.dst_org)})` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}
