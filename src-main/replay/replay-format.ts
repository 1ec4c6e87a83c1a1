// The text report of a ruleset replay, for the terminal.
import type { ReplayGroup, RulesetReplayReport } from './replay-ruleset.ts';
import { printable } from '../rules/sanitize-comment.ts';
import { protoName } from './conditions.ts';

// Addresses, orgs and rule text come from the case and the dump: control characters are shown as '?'.
const clean = printable;
const pct = (n: number, of: number) => (of ? ` (${((100 * n) / of).toFixed(1)}%)` : '');

function groupLine(g: ReplayGroup, tail: string): string {
  const proto = protoName(g.proto_num);
  const port = g.dport !== null ? `/${g.dport}` : g.icmp_type !== null ? ` type ${g.icmp_type}` : '';
  const ifs = g.in_if === null ? g.origin : `${g.in_if || '-'}→${g.out_if || '-'}`;
  return `${String(g.records).padStart(7)}  ${(g.last_seen ?? '-').padEnd(19)}  ${(g.hook ?? '?').padEnd(7)}  ${clean(g.src)} → ${clean(g.dst)} ${proto}${port} [${clean(ifs)}]${g.dst_org ? ` (${clean(g.dst_org)})` : ''}  ${clean(tail)}`;
}

export function formatRulesetReplay(r: RulesetReplayReport): string {
  const v = r.verdicts;
  const lines = [
    `${r.total.groups} traffic groups (${r.total.records} records) replayed as opening packets:`,
    `  accepted ${v.accept.records}${pct(v.accept.records, r.total.records)}, dropped ${v.drop.records}${pct(v.drop.records, r.total.records)}, rejected ${v.reject.records}${pct(v.reject.records, r.total.records)}, undecided ${v.unknown.records}${pct(v.unknown.records, r.total.records)} records`,
  ];
  for (const n of r.notes) lines.push(`note: ${clean(n)}`);
  lines.push('', 'decided (records, groups), matched on the way (records), rule:');
  for (const h of r.rules) {
    const where = `${h.family} ${h.table} ${h.chain}${h.kind === 'policy' ? ' policy' : ` #${h.position}`}`;
    lines.push(`${String(h.records).padStart(7)}  ${String(h.groups).padStart(6)}  ${String(h.matched_records).padStart(7)}  ${clean(where)}: ${clean(h.kind === 'policy' ? h.target : h.text)}`);
  }
  if (r.blocked.length) {
    lines.push('', 'would be blocked (records, last seen, hook, traffic, rule):');
    for (const g of r.blocked) lines.push(groupLine(g, `${g.verdict} by ${g.rule ?? 'policy'}`));
  }
  if (r.unknown.length) {
    lines.push('', 'undecided (records, last seen, hook, traffic, why):');
    for (const g of r.unknown) lines.push(groupLine(g, g.why ?? ''));
  }
  return lines.join('\n') + '\n';
}
