// `fwlens ruleset import|hits|unused|trace|check`: firewall rulesets in a case, which rules traffic hit, and
// whether replay agrees with what monitor traces printed.
import { CaseDb } from '../db/case-db.ts';
import { importRuleset } from '../ruleset/ruleset-import.ts';
import { attributedTraces, neverHit, rulesetHits } from '../ruleset/rule-hits.ts';
import { checkTracesByReplay } from '../trace/trace-replay-check.ts';
import { formatTable, toJsonValue } from '../shared/format-table.ts';
import { UsageError, type CliValues } from './index.ts';

const out = (s: string) => process.stdout.write(s + '\n');
// nft rules also by handle (`# handle 6` of `nft -a`), the number nft monitor traces name them by.
const where = (h: { table: string; chain: string; kind: string; position: number | null; handle: number | null }) =>
  `${h.table}:${h.chain}:${h.kind === 'policy' ? 'policy' : h.position}${h.kind !== 'policy' && h.handle !== null ? ` #${h.handle}` : ''}`;

export async function cmdRuleset(args: string[], v: CliValues): Promise<number> {
  const [sub, casePath, file] = args;
  if (!sub || !casePath) throw new UsageError('ruleset needs import|hits|unused|trace|check and a case file');
  if (sub === 'import') {
    if (!file) throw new UsageError('ruleset import needs CASE FILE');
    const db = await CaseDb.open(casePath, { create: true });
    try {
      const r = await importRuleset(db, file, v.table ? { table: v.table } : {});
      out(`${r.added ? 'Imported' : 'Already imported'} ${file} (${r.format}) as ruleset version ${r.version}: ${r.rules} rules, ${r.policies} chain policies`);
    } finally {
      db.close();
    }
    return 0;
  }
  if (sub !== 'hits' && sub !== 'unused' && sub !== 'trace' && sub !== 'check') throw new UsageError(`unknown ruleset subcommand "${sub}"`);
  const db = await CaseDb.open(casePath, { readOnly: true });
  try {
    if (sub === 'trace') {
      const traces = await attributedTraces(db);
      if (v.json) return out(JSON.stringify(toJsonValue(traces), null, 2)), 0;
      const rows = traces.flatMap((t) => t.steps.map((s) => [t.trace_id, s.line_no, s.step, s.rule_text ?? '']));
      out(formatTable(['trace_id', 'line_no', 'step', 'rule'], rows));
      return 0;
    }
    if (sub === 'check') {
      const r = await checkTracesByReplay(db);
      if (v.json) return out(JSON.stringify(toJsonValue(r), null, 2)), 0;
      for (const n of r.notes) out(`note: ${n}`);
      if (!r.checks.length) {
        if (r.rulesets) out('No nft / xtables-monitor traces in this case.');
        return 0;
      }
      const yes = (a: boolean | null) => (a === null ? '?' : a ? 'yes' : 'NO');
      out(formatTable(['trace_id', 'monitor_id', 'src', 'dst', 'proto', 'dport', 'hook', 'traced', 'replayed', 'agree', 'replayed_rule', 'note'],
        r.checks.map((c) => [c.trace_id, c.monitor_id, c.src, c.dst, c.proto, c.dport, c.hook, c.traced, c.replayed, yes(c.agree), c.replayed_rule ?? '', c.note ?? ''])));
      return 0;
    }
    const hits = await rulesetHits(db);
    if (sub === 'hits') {
      if (v.json) return out(JSON.stringify(toJsonValue(hits), null, 2)), 0;
      out(formatTable(['family', 'rule', 'target', 'trace_hits', 'prefix_hits', 'packets', 'text'],
        hits.map((h) => [h.family, where(h), h.target, h.trace_hits, h.prefix_hits, h.packets ?? '', h.text])));
      return 0;
    }
    const unused = neverHit(hits);
    if (v.json) return out(JSON.stringify(toJsonValue(unused), null, 2)), 0;
    out(unused.length ? formatTable(['family', 'rule', 'counters', 'text'], unused.map((h) => [h.family, where(h), h.counters, h.text])) : 'Every rule was hit.');
  } finally {
    db.close();
  }
  return 0;
}
