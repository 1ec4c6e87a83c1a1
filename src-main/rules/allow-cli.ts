// `fwlens rules allow CASE` and `fwlens rules replay CASE RULES.json`: the command-line ends of allow-lists.
import { readFileSync, writeFileSync } from 'node:fs';
import { CaseDb } from '../db/case-db.ts';
import { UsageError, intOption, type CliValues } from '../cli/index.ts';
import { allowFromCase } from './allow-from-case.ts';
import { DESTS, GROUPS, parseRuleset as parseAllowModel, type AllowRuleset, type DestBy, type GroupBy } from './allow-model.ts';
import { parseRuleset as parseRulesetDump } from '../ruleset/parse-ruleset.ts';
import { currentRuleset } from '../db/replay-queries.ts';
import type { RulesetPart } from '../replay/compile-ruleset.ts';
import type { Hook } from '../replay/packet.ts';
import { replayRuleset } from '../replay/replay-ruleset.ts';
import { formatRulesetReplay } from '../replay/replay-format.ts';
import { ALLOW_FORMATS, renderAllow, type AllowFormat } from './allow-render.ts';
import { formatReplay, replay } from './replay-report.ts';

export async function cmdRulesAllow(args: string[], v: CliValues): Promise<number> {
  const [casePath, ...more] = args;
  if (!casePath || more.length) throw new UsageError('rules allow needs one case file');
  const format = (v.format ?? '') as AllowFormat;
  if (!ALLOW_FORMATS.includes(format)) throw new UsageError(`--format is one of ${ALLOW_FORMATS.join(', ')}`);
  const group = (v.group ?? 'host') as GroupBy;
  if (!GROUPS.includes(group)) throw new UsageError(`--group is one of ${GROUPS.join(', ')}`);
  const dest = (v.dest ?? 'address') as DestBy;
  if (!DESTS.includes(dest)) throw new UsageError(`--dest is one of ${DESTS.join(', ')}`);
  const db = await CaseDb.open(casePath, { readOnly: true });
  let built;
  try {
    built = await allowFromCase(db, { group, dest, acceptedOnly: !!v.accepted });
  } finally {
    db.close();
  }
  for (const n of built.notes) process.stderr.write(`fwlens: ${n}\n`);
  const out = renderAllow(format, built.ruleset, Math.floor(Date.now() / 1000));
  if (out.skipped) process.stderr.write(`fwlens: ${out.skipped} rule${out.skipped === 1 ? '' : 's'} of the other IP family left out of ${format}\n`);
  process.stderr.write(`fwlens: ${built.ruleset.rules.length} allow rule${built.ruleset.rules.length === 1 ? '' : 's'}; everything else is logged ("fwlens-deny: ") and dropped\n`);
  if (v.out) {
    writeFileSync(v.out, out.script, { mode: 0o644 });
    writeFileSync(`${v.out}.rollback`, out.rollback, { mode: format === 'nft' ? 0o644 : 0o755 });
    writeFileSync(`${v.out}.rules.json`, JSON.stringify(built.ruleset, null, 2) + '\n', { mode: 0o644 });
    process.stderr.write(`fwlens: wrote ${v.out}, ${v.out}.rollback, ${v.out}.rules.json\n`);
  } else {
    process.stdout.write(out.script);
    process.stderr.write('fwlens: use --out FILE to also get FILE.rules.json (for rules replay) and the rollback\n');
  }
  return 0;
}

const HOOK_NAMES: Hook[] = ['input', 'output', 'forward'];

/** RULES is an allow model (FILE.rules.json from rules allow) or a ruleset dump; --imported uses the case's own. */
export async function cmdRulesReplay(args: string[], v: CliValues): Promise<number> {
  const [casePath, ...rulesPaths] = args;
  if (!casePath || (!rulesPaths.length && !v.imported) || (rulesPaths.length && v.imported)) {
    throw new UsageError('rules replay needs a case file and either RULES files (FILE.rules.json, iptables-save, iptables -L -v -n, nft list ruleset) or --imported');
  }
  if (v.hook !== undefined && !HOOK_NAMES.includes(v.hook as Hook)) throw new UsageError('--hook is input, output or forward');
  const limit = intOption(v.limit, 'limit', 1000);
  let allow: AllowRuleset | null = null;
  // Several dumps replay together (iptables-save and ip6tables-save of one host); an allow model replays alone.
  const parts: RulesetPart[] = [];
  for (const rulesPath of rulesPaths) {
    const text = readFileSync(rulesPath, 'utf8');
    if (/^\s*\{/.test(text)) {
      if (rulesPaths.length > 1) throw new UsageError(`${rulesPath}: an allow model (FILE.rules.json) replays on its own`);
      try {
        allow = parseAllowModel(text);
      } catch (e) {
        throw new UsageError(`${rulesPath}: ${(e as Error).message}`);
      }
    } else {
      const parsed = parseRulesetDump(text, { table: v.table });
      if (!parsed) throw new UsageError(`${rulesPath}: not a ruleset fwlens reads (iptables-save, iptables -L -v -n --line-numbers, nft list ruleset) nor a FILE.rules.json`);
      parts.push(parsed);
    }
  }
  const db = await CaseDb.open(casePath, { readOnly: true });
  try {
    if (allow) {
      const r = await replay(db, allow, limit);
      process.stdout.write(v.json ? JSON.stringify(r, null, 2) + '\n' : formatReplay(r));
      return 0;
    }
    if (v.imported) {
      parts.push(...(await currentRuleset(db)));
      if (!parts.length) throw new UsageError('this case has no imported ruleset: run fwlens ruleset import CASE FILE first');
    }
    const r = await replayRuleset(db, parts, { hook: (v.hook as Hook | undefined) ?? null, limit });
    process.stdout.write(v.json ? JSON.stringify(r, null, 2) + '\n' : formatRulesetReplay(r));
  } finally {
    db.close();
  }
  return 0;
}
