// Importing one file into a case: detect its format, stream it, parse, write, all in one
// transaction; a re-import of the same bytes is a no-op, and a failure or cancel leaves the case as it was.
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { CaseDb } from '../db/case-db.ts';
import { findSourceBySha, findSourceLike, insertSource, nextSourceId } from '../db/sources.ts';
import { detectFormat, readSample } from './formats.ts';
import { SourceFile } from './line-source.ts';
import { isLong, readLines } from './line-split.ts';
import { ImportSink } from './sink.ts';
import { InputError } from './discover.ts';
import { sha256File } from './hash.ts';
import { committedSources, damageMessage, importFailure, ImportFailed, longLineReject, writeOut, writeOutFirst, type Committed } from './import-outcome.ts';
import type { FormatContext } from './format-types.ts';
import { insertSkippedPrograms } from '../db/skipped.ts';
import { programSummaryText } from './skipped-lines.ts';
import { tick, tock } from './import-profile.ts';

export interface ImportOptions {
  /** Year for year-less syslog stamps (default: inferred from the file's mtime). */
  year?: number;
  /** Zone of stamps without an offset (default: this machine's). */
  tz?: string;
  /** Time of a dump whose entries carry none (conntrack -L): default the file's mtime. */
  dumpTime?: Date;
  /** The name the user gave the file when `path` is a copy of it (a browser upload): kept as the source's name, and its path as `upload:NAME`. */
  name?: string;
  /** Keep other programs' skipped syslog lines in `skipped_lines` (they are always counted per program). */
  keepSkipped?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /**
   * Called once the file's last line is parsed, while DuckDB still loads the last batches: work
   * that needs no database (loading the enrichment's data) fits there at no cost.
   */
  onParsed?: () => void;
}

export interface ImportProgress {
  path: string;
  bytesRead: number;
  bytesTotal: number;
  lines: number;
  events: number;
  rejects: number;
  elapsedMs: number;
}

export interface ImportResult {
  path: string;
  sourceId: number;
  /** 'imported'; 'duplicate' when the same bytes were imported before; 'empty' for a file with no data
   *  (rotation leaves such files): in both of those cases nothing changed. */
  outcome: 'imported' | 'duplicate' | 'empty';
  format: string;
  /** What `lines` counts: text lines, or packets for captures. */
  unit: string;
  /** Table the source's evidence went to, and how many rows (pcap: flows). */
  table: string;
  rows: number;
  lines: number;
  events: number;
  rejects: number;
  /** Other programs' lines of a syslog file: lines = events + rejects + skipped + blank. */
  skipped: number;
  /** The skipped lines per program, most first. */
  skippedPrograms: Array<{ program: string; lines: number }>;
  blank: number;
  status: 'ok' | 'damaged';
  message: string | null;
  elapsedMs: number;
}

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled: the case is unchanged');
  }
}

export async function importSource(db: CaseDb, path: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const known: { before?: Committed } = {};
  try {
    return await importFile(db, path, opts, known);
  } catch (e) {
    // Every other failure names the file, the cause (the disk, when full) and what the case still holds.
    if (e instanceof ImportCancelled || e instanceof InputError || e instanceof ImportFailed) throw e;
    throw importFailure(e, path, db.path, known.before ?? null);
  }
}

async function importFile(db: CaseDb, path: string, opts: ImportOptions, known: { before?: Committed }): Promise<ImportResult> {
  const started = performance.now();
  const abs = resolve(path);
  const st = statSync(abs);
  const sample = await readSample(abs);
  if (sample.empty) {
    return {
      path, sourceId: 0, outcome: 'empty', format: 'none', unit: 'line', table: '', rows: 0, lines: 0, events: 0, rejects: 0,
      skipped: 0, skippedPrograms: [], blank: 0, status: 'ok', message: 'empty file: nothing to import', elapsedMs: performance.now() - started,
    };
  }
  const format = detectFormat(sample);
  if (!format) throw new InputError(`${path}: unknown format (not netfilter log lines, an nft or xtables-monitor trace, conntrack, ulogd or a capture${sample.gz ? ', inside the gzip' : ''})`);

  known.before = await committedSources(db);
  // Cheap guess first (same name, size and mtime), confirmed by hash, so re-imports skip the parse.
  const name = opts.name ?? basename(abs);
  const like = await findSourceLike(db, name, st.size, st.mtimeMs);
  if (like && like.sha256 === (await sha256File(abs))) return duplicate(like, path, started);

  const sourceId = await nextSourceId(db);
  const sink = new ImportSink(db, undefined, opts.keepSkipped);
  const src = new SourceFile(abs, sample.gz);
  const stats = src.stats;
  const counts = { lines: 0, blank: 0 };
  const ctx: FormatContext = {
    db, sink, sourceId, counts, mtimeMs: st.mtimeMs, year: opts.year, tz: opts.tz,
    dumpTimeUs: Math.round((opts.dumpTime?.getTime() ?? st.mtimeMs) * 1000),
  };
  const progress = () =>
    opts.onProgress?.({ path, bytesRead: stats.fileBytes, bytesTotal: st.size, lines: counts.lines, events: sink.events, rejects: sink.rejected, elapsedMs: performance.now() - started });
  const step = async () => {
    if (opts.signal?.aborted) throw new ImportCancelled();
    await sink.maybeFlush();
    progress();
  };

  try {
    // No SET of threads or memory here: they are the whole instance's, and a user's query running
    // meanwhile must keep what it has (the case's memory limit is fixed when it opens).
    await writeOutFirst(db);
    await db.run('BEGIN TRANSACTION');
    if (format.lines) {
      const handle = format.lines(ctx);
      let t = tick();
      for await (const item of readLines(src.data())) {
        t = tock('read', t);
        if (isLong(item)) {
          // Never handed to a format: one over-long line is a reject in every text format alike.
          counts.lines++;
          sink.reject(longLineReject(sourceId, item), true);
        } else handle(item);
        t = tock('parse', t);
        await step();
        t = tock('wait', t);
      }
    } else {
      await format.stream!(ctx, src.data(), step);
    }
    const tEnd = tick();
    await src.finish();
    opts.onParsed?.();
    await sink.finish();
    if (opts.signal?.aborted) throw new ImportCancelled();
    const same = await findSourceBySha(db, stats.sha256);
    if (same) {
      await db.run('ROLLBACK');
      return duplicate(same, path, started);
    }
    const damage = damageMessage(stats.damage, sink, format.unit);
    const status = damage ? 'damaged' : 'ok';
    const skippedPrograms = sink.skipped.summary();
    const message = damage ?? skippedOnlyMessage(sink);
    const rows = sink.counts.get(format.table) ?? 0;
    await insertSource(db, {
      id: sourceId, path: opts.name ? `upload:${opts.name}` : abs, name, size: st.size, mtimeMs: st.mtimeMs, sha256: stats.sha256,
      format: format.id, unit: format.unit, rowsTable: format.table, rows, lines: counts.lines, events: sink.events,
      rejects: sink.rejected, skipped: sink.skipped.count, blank: counts.blank, status, message,
    });
    await insertSkippedPrograms(db, sourceId, skippedPrograms);
    await db.run('COMMIT');
    await writeOut(db, path, `as source ${sourceId}, ${counts.lines} ${format.unit}s`, counts.lines);
    tock('commit', tEnd);
    progress();
    return {
      path, sourceId, outcome: 'imported', format: format.id, unit: format.unit, table: format.table, rows,
      lines: counts.lines, events: sink.events, rejects: sink.rejected, skipped: sink.skipped.count, skippedPrograms, blank: counts.blank, status,
      message, elapsedMs: performance.now() - started,
    };
  } catch (e) {
    await sink.dispose();
    await db.run('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    src.close();
    await sink.dispose();
  }
}

function duplicate(src: Awaited<ReturnType<typeof findSourceBySha>> & object, path: string, started: number): ImportResult {
  return {
    path, sourceId: src.id, outcome: 'duplicate', format: src.format, unit: src.unit, table: src.rows_table, rows: src.rows_written,
    lines: src.lines, events: src.events, rejects: src.rejects, skipped: src.skipped, skippedPrograms: [], blank: src.blank, status: src.status as 'ok' | 'damaged',
    message: `already imported as source ${src.id}: nothing changed`, elapsedMs: performance.now() - started,
  };
}

/** A syslog file with no firewall line at all says so (it is not damaged: every line was read). */
function skippedOnlyMessage(sink: ImportSink): string | null {
  if (sink.events > 0 || sink.rejected > 0 || sink.skipped.count === 0) return null;
  return `no firewall lines: all ${sink.skipped.count} lines are other programs' (${programSummaryText(sink.skipped.summary())})`;
}
