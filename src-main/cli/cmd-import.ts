// `fwlens import CASE FILE|DIR…`: imports each file in its own transaction, with progress and a summary.
import { CaseDb } from '../db/case-db.ts';
import { discoverFiles } from '../import/discover.ts';
import { importSource, ImportCancelled, type ImportResult } from '../import/import-source.ts';
import { makeProgressBar } from './progress-bar.ts';
import { enrichOffline } from '../enrich/enrich-offline.ts';
import { offlineLine } from './cmd-enrich.ts';
import { UsageError, intOption, type CliValues } from './index.ts';
import { zoneProblem } from '../app/import-options.ts';

export function resultLine(r: ImportResult): string {
  if (r.outcome !== 'imported') return `${r.path}: ${r.message}`;
  const secs = r.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(r.lines / secs).toLocaleString('en-US') : '-';
  const per = `${r.unit}s/s`;
  const unit = r.unit === 'packet' ? 'packets' : r.unit === 'flow' ? 'flow elements' : 'lines';
  const good = r.table === 'events' ? 'events' : r.table === 'conntrack' ? 'entries' : 'decoded';
  const what = r.unit === 'packet' ? 'not IP' : 'blank';
  const rows = r.table === 'pcap_flows' ? `, ${r.rows} flows` : '';
  return `${r.path}: ${r.format}, ${r.lines} ${unit} = ${r.events} ${good} + ${r.rejects} rejects + ${r.blank} ${what}${rows}` +
    ` (${secs.toFixed(2)} s, ${rate} ${per})${r.status === 'damaged' ? ` — DAMAGED: ${r.message}` : ''}`;
}

export async function cmdImport(args: string[], v: CliValues): Promise<number> {
  const [casePath, ...inputs] = args;
  if (!casePath || inputs.length === 0) throw new UsageError('import needs a case file and at least one file or folder');
  const year = v.year === undefined ? undefined : intOption(v.year, 'year', 0);
  if (year !== undefined && (year < 1970 || year > 2200)) throw new UsageError(`--year ${year} is out of range`);
  if (v.tz !== undefined) checkZone(v.tz);
  const dumpTime = v['dump-time'] === undefined ? undefined : new Date(v['dump-time']);
  if (dumpTime && isNaN(dumpTime.getTime())) throw new UsageError(`--dump-time "${v['dump-time']}" is not a date (use ISO 8601, e.g. 2024-03-14T10:00:00Z)`);
  const files = discoverFiles(inputs);
  if (files.length === 0) throw new UsageError('no files found under the given folders');
  const db = await CaseDb.open(casePath, { create: true });
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const bar = process.stderr.isTTY && !v.quiet ? makeProgressBar(process.stderr) : null;
  let failed = 0;
  try {
    for (const f of files) {
      try {
        const r = await importSource(db, f, { year, tz: v.tz, dumpTime, signal: abort.signal, onProgress: bar ? (p) => bar.update(p) : undefined });
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
    if (!v['no-enrich']) process.stdout.write(offlineLine(await enrichOffline(db)) + '\n');
  } finally {
    process.off('SIGINT', onSigint);
    db.close();
  }
  return failed ? 1 : 0;
}

function checkZone(tz: string): void {
  const why = zoneProblem(tz);
  if (why) throw new UsageError(`--tz ${why}`);
}
