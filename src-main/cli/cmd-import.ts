// `fwlens import CASE FILE|DIR…`: imports each file in its own transaction, with progress and a summary.
import { availableParallelism } from 'node:os';
import { CaseDb } from '../db/case-db.ts';
import { discoverFiles } from '../import/discover.ts';
import { importSource, ImportCancelled, type ImportResult } from '../import/import-source.ts';
import { makeProgressBar } from './progress-bar.ts';
import { enrichOffline, preloadOfflineData } from '../enrich/enrich-offline.ts';
import { offlineLine } from './cmd-enrich.ts';
import { UsageError, intOption, type CliValues } from './index.ts';
import { zoneProblem } from '../app/import-options.ts';
import { programSummaryText } from '../import/skipped-lines.ts';
import { PROFILE, PROFILE_MARK, markStart, profileReport, tick, tock } from '../import/import-profile.ts';

// DuckDB threads of the import: one core is left to the parse, which runs while DuckDB loads the last
// batch (on 2 cores, two DuckDB threads cost ~25% more CPU and time: docs/import-design.md).
/**
 * DuckDB's memory for `fwlens import`: its buffer pool otherwise keeps the row groups of the whole
 * transaction (peak RSS grew from ~600 MB at 1M lines to ~850 MB at 4M); what is over the limit is
 * written out, which the load writes anyway, at no measured cost in time (docs/import-design.md).
 */
const IMPORT_MEMORY = process.env.FWLENS_IMPORT_MEMORY ?? '128MB';
const IMPORT_THREADS = Number(process.env.FWLENS_IMPORT_THREADS ?? Math.max(1, Math.min(2, availableParallelism() - 1)));

export function resultLine(r: ImportResult): string {
  if (r.outcome !== 'imported') return `${r.path}: ${r.message}`;
  const secs = r.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(r.lines / secs).toLocaleString('en-US') : '-';
  const per = `${r.unit}s/s`;
  const unit = r.unit === 'packet' ? 'packets' : r.unit === 'flow' ? 'flow elements' : 'lines';
  const good = r.table === 'events' ? 'events' : r.table === 'conntrack' ? 'entries' : 'decoded';
  const what = r.unit === 'packet' ? 'not IP' : 'blank';
  const rows = r.table === 'pcap_flows' ? `, ${r.rows} flows` : '';
  const skipped = r.unit === 'line' ? ` + ${r.skipped} skipped` : '';
  return `${r.path}: ${r.format}, ${r.lines} ${unit} = ${r.events} ${good} + ${r.rejects} rejects${skipped} + ${r.blank} ${what}${rows}` +
    ` (${secs.toFixed(2)} s, ${rate} ${per})${r.status === 'damaged' ? ` — DAMAGED: ${r.message}` : ''}` + skippedLine(r);
}

/** Second line naming the programs whose lines were skipped (`  skipped: sshd 412, CRON 201`), if any. */
function skippedLine(r: ImportResult): string {
  if (!r.skipped) return '';
  const none = r.events === 0 && r.rejects === 0 ? ' — no firewall lines in this file' : '';
  return `\n  skipped (other programs' lines): ${programSummaryText(r.skippedPrograms)}${none}`;
}

export async function cmdImport(args: string[], v: CliValues): Promise<number> {
  markStart();
  const [casePath, ...inputs] = args;
  if (!casePath || inputs.length === 0) throw new UsageError('import needs a case file and at least one file or folder');
  const year = v.year === undefined ? undefined : intOption(v.year, 'year', 0);
  if (year !== undefined && (year < 1970 || year > 2200)) throw new UsageError(`--year ${year} is out of range`);
  if (v.tz !== undefined) checkZone(v.tz);
  const dumpTime = v['dump-time'] === undefined ? undefined : new Date(v['dump-time']);
  if (dumpTime && isNaN(dumpTime.getTime())) throw new UsageError(`--dump-time "${v['dump-time']}" is not a date (use ISO 8601, e.g. 2024-03-14T10:00:00Z)`);
  const files = discoverFiles(inputs);
  if (files.length === 0) throw new UsageError('no files found under the given folders');
  // No query of a user shares this process, so the import may choose its threads (the app's may not).
  const db = await CaseDb.open(casePath, { create: true, threads: IMPORT_THREADS, memoryLimit: IMPORT_MEMORY });
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const bar = process.stderr.isTTY && !v.quiet ? makeProgressBar(process.stderr) : null;
  let failed = 0;
  try {
    for (const f of files) {
      try {
        const r = await importSource(db, f, { year, tz: v.tz, dumpTime, keepSkipped: v['keep-skipped'] === true, signal: abort.signal, onProgress: bar ? (p) => bar.update(p) : undefined,
          onParsed: v['no-enrich'] ? undefined : preloadOfflineData });
        bar?.done();
        process.stdout.write(resultLine(r) + '\n');
      } catch (e) {
        bar?.done();
        if (e instanceof ImportCancelled) throw e;
        // One bad file does not stop the others; its error is reported and the exit code says so.
        process.stderr.write(`fwlens: ${(e as Error).message.split('\n')[0]}\n`);
        failed++;
      }
    }
    // Scope, country and ASN come at import speed with no network: every case has them at once.
    const t = tick();
    if (!v['no-enrich']) process.stdout.write(offlineLine(await enrichOffline(db, { asnRanges: false })) + '\n');
    tock('enrich', t);
  } finally {
    process.off('SIGINT', onSigint);
    db.close();
  }
  if (PROFILE) process.stderr.write(PROFILE_MARK + JSON.stringify(profileReport()) + '\n');
  return failed ? 1 : 0;
}

function checkZone(tz: string): void {
  const why = zoneProblem(tz);
  if (why) throw new UsageError(`--tz ${why}`);
}
