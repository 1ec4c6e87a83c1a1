// `fwlens rules allow CASE` and `fwlens rules replay CASE RULES.json`: the command-line ends of allow-lists.
import { readFileSync, writeFileSync } from 'node:fs';
import { CaseDb } from '../db/case-db.ts';
import { asnRanges, outboundTuples } from '../db/allow-queries.ts';
import { UsageError, intOption, type CliValues } from '../cli/index.ts';
import { buildAllow } from './allow-build.ts';
import { DESTS, GROUPS, parseRuleset, type DestBy, type GroupBy } from './allow-model.ts';
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
    const tuples = await outboundTuples(db);
    // ASN prefixes are read up front so building the rules stays a pure function.
    const prefixes = new Map<string, Array<{ lo: bigint; hi: bigint }>>();
    if (dest === 'asn') {
      for (const t of tuples) {
        const k = `${t.dst_asn}/${t.family}`;
        if (t.dst_asn !== null && !prefixes.has(k)) prefixes.set(k, await asnRanges(db, t.dst_asn, t.family));
      }
    }
    built = buildAllow(tuples, { group, dest }, (a, f) => prefixes.get(`${a}/${f}`) ?? []);
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

export async function cmdRulesReplay(args: string[], v: CliValues): Promise<number> {
  const [casePath, rulesPath, ...more] = args;
  if (!casePath || !rulesPath || more.length) throw new UsageError('rules replay needs a case file and a RULES.json (written by rules allow --out)');
  let ruleset;
  try {
    ruleset = parseRuleset(readFileSync(rulesPath, 'utf8'));
  } catch (e) {
    throw new UsageError(`${rulesPath}: ${(e as Error).message}`);
  }
  const limit = intOption(v.limit, 'limit', 1000);
  const db = await CaseDb.open(casePath, { readOnly: true });
  try {
    const r = await replay(db, ruleset, limit);
    process.stdout.write(v.json ? JSON.stringify(r, null, 2) + '\n' : formatReplay(r));
  } finally {
    db.close();
  }
  return 0;
}
