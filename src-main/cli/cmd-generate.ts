// `fwlens generate` (synthetic day for benchmarks and tests) and `fwlens demo` (the bundled sample).
import { basename, join } from 'node:path';
import { CaseDb } from '../db/case-db.ts';
import { importRuleset } from '../ruleset/ruleset-import.ts';
import { existsSync } from 'node:fs';
import { writeSynthDay } from '../gen/write-synth.ts';
import { cmdImport } from './cmd-import.ts';
import { cmdSummary } from './cmd-summary.ts';
import { UsageError, intOption, type CliValues } from './index.ts';

export const SAMPLE_DIR = join(import.meta.dirname, '../../resources/sample');
const SAMPLE_RULESET = join(import.meta.dirname, '../../resources/sample-ruleset/fw1.rules');

export async function cmdGenerate(args: string[], v: CliValues): Promise<number> {
  const [out] = args;
  if (!out) throw new UsageError('generate needs an output file (.log or .log.gz)');
  const start = v.start ? new Date(v.start) : undefined;
  if (start && isNaN(start.getTime())) throw new UsageError(`--start "${v.start}" is not a date`);
  const garbage = v.garbage === undefined ? undefined : Number(v.garbage);
  if (garbage !== undefined && !(garbage >= 0 && garbage <= 1)) throw new UsageError('--garbage takes a rate from 0 to 1');
  if (v.stamp !== undefined && v.stamp !== 'iso' && v.stamp !== 'rfc3164') throw new UsageError('--stamp is rfc3164 or iso');
  await writeSynthDay(out, { lines: intOption(v.lines, 'lines', 100_000), seed: intOption(v.seed, 'seed', 1), start, garbage, stamp: v.stamp as 'iso' | 'rfc3164' | undefined });
  return 0;
}

export async function cmdDemo(args: string[], v: CliValues): Promise<number> {
  const casePath = args[0] ?? 'sample.duckdb';
  if (!existsSync(SAMPLE_DIR)) throw new UsageError(`the bundled sample is missing (${SAMPLE_DIR})`);
  const code = await cmdImport([casePath, SAMPLE_DIR], { ...v, quiet: true });
  if (code !== 0) return code;
  // The gateway's ruleset goes in too, so `rules replay --imported` and the app's Traces and Replay have one.
  const db = await CaseDb.open(casePath);
  try {
    const r = await importRuleset(db, SAMPLE_RULESET);
    process.stdout.write(`ruleset in force: ${basename(SAMPLE_RULESET)} (${r.format}, ${r.rules} rules, ${r.policies} policies)${r.added ? '' : ', already loaded'}\n`);
  } finally {
    db.close();
  }
  process.stdout.write('\n');
  return cmdSummary([casePath], v);
}
