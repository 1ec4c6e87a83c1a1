// `rules replay`: a ruleset evaluated against the case's outbound flows → per-rule hits and what would be dropped.
import type { CaseDb } from '../db/case-db.ts';
import { replayDrops, replayHits, type DropGroup } from '../db/allow-queries.ts';
import { ruleRows } from './allow-build.ts';
import type { AllowRuleset } from './allow-model.ts';

export interface ReplayReport {
  flows: number;
  records: number;
  dropped: { flows: number; records: number; groups: number };
  rules: Array<{ id: number; flows: number; records: number; src: string; proto: string; dport: number | null; dst: string[] }>;
  drops: DropGroup[];
}

export async function replay(db: CaseDb, rs: AllowRuleset, limit = 1000): Promise<ReplayReport> {
  const rows = ruleRows(rs);
  const hits = await replayHits(db, rows);
  const drops = await replayDrops(db, rows, limit);
  const byRule = new Map(hits.filter((h) => h.rule !== null).map((h) => [h.rule!, h]));
  const none = hits.find((h) => h.rule === null);
  return {
    flows: hits.reduce((a, h) => a + h.flows, 0),
    records: hits.reduce((a, h) => a + h.records, 0),
    dropped: { flows: none?.flows ?? 0, records: none?.records ?? 0, groups: drops.length },
    // Rules with no hit are listed too: they are the ones to question.
    rules: rs.rules.map((r) => ({ id: r.id, flows: byRule.get(r.id)?.flows ?? 0, records: byRule.get(r.id)?.records ?? 0, src: r.src, proto: r.proto, dport: r.dport, dst: r.dst })),
    drops,
  };
}

// Addresses and orgs in the text come from the case (orgs from registries): control characters are stripped.
const clean = (s: string | null): string => (s ?? '').replace(/[\p{Cc}\p{Cf}]/gu, '?');

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
