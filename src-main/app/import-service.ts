// importPaths: every file under the given paths imported in order with progress events, then offline
// enrichment; one failing file is reported and the rest go on; cancel stops at the current file.
import { basename } from 'node:path';
import type { ImportSummary, ProgressEvent } from '../shared/api.ts';
import { discoverFiles } from '../import/discover.ts';
import { importSource, ImportCancelled, type ImportProgress } from '../import/import-source.ts';
import { enrichOffline } from '../enrich/enrich-offline.ts';
import type { ServiceContext } from './context.ts';
import { AppError } from './result.ts';
import { timeBasis } from './import-options.ts';

/** Progress events at most this often per operation: the renderer redraws on each. */
const PROGRESS_MS = 100;

function failed(path: string, e: unknown): ImportSummary {
  return { path, sourceId: 0, outcome: 'failed', format: null, lines: 0, events: 0, rejects: 0, skipped: 0, blank: 0, status: 'failed', message: ((e as Error).message ?? String(e)).split('\n')[0] };
}

/** Each named path on its own, so a missing one fails alone instead of stopping the others. */
function expand(paths: string[]): Array<{ path: string; error?: unknown }> {
  const out: Array<{ path: string; error?: unknown }> = [];
  for (const p of paths) {
    try {
      out.push(...discoverFiles([p]).map((f) => ({ path: f })));
    } catch (e) {
      out.push({ path: p, error: e });
    }
  }
  return out;
}

/** How to read the files' times, and the names the user gave files that arrive as copies (uploads). */
export interface ImportRequest {
  year?: number;
  tz?: string;
  nameOf?: (path: string) => string | null;
}

export async function importPaths(ctx: ServiceContext, paths: string[], opId: string, req: ImportRequest = {}): Promise<ImportSummary[]> {
  ctx.db();
  const abort = new AbortController();
  ctx.ops.start(opId, () => abort.abort(), 'import');
  try {
    return await ctx.main(async (db) => {
      const files = expand(paths);
      const out: ImportSummary[] = [];
      let last = 0;
      const emit = (e: Omit<ProgressEvent, 'opId'>) => ctx.emit({ opId, ...e });
      for (const [i, f] of files.entries()) {
        if (abort.signal.aborted) throw new ImportCancelled();
        if (f.error) {
          out.push(failed(f.path, f.error));
          continue;
        }
        const name = req.nameOf?.(f.path) ?? undefined;
        const shownName = name ?? basename(f.path);
        const label = files.length > 1 ? `${shownName} (${i + 1}/${files.length})` : shownName;
        const onProgress = (p: ImportProgress) => {
          const now = performance.now();
          if (now - last < PROGRESS_MS && p.bytesRead < p.bytesTotal) return;
          last = now;
          const secs = p.elapsedMs / 1000;
          const rate = secs > 0 ? Math.round(p.lines / secs) : null;
          const byteRate = secs > 0 ? p.bytesRead / secs : 0;
          const eta = byteRate > 0 ? Math.max(0, (p.bytesTotal - p.bytesRead) / byteRate) : null;
          emit({ kind: 'import', label, done: p.bytesRead, total: p.bytesTotal, rate, etaSeconds: eta === null ? null : Math.round(eta) });
        };
        try {
          const r = await importSource(db, f.path, { signal: abort.signal, onProgress, year: req.year, tz: req.tz, name });
          out.push({
            path: f.path, sourceId: r.sourceId, outcome: r.outcome, format: r.format, lines: r.lines, events: r.events, rejects: r.rejects, skipped: r.skipped, skippedPrograms: r.skippedPrograms, blank: r.blank, status: r.status, message: r.message,
            name: shownName, ...(await timeBasis(db, f.path, r.sourceId, req)),
          });
          // Each source commits on its own: views may show it before the rest of the import is done.
          if (r.outcome === 'imported') ctx.changed('import');
        } catch (e) {
          if (e instanceof ImportCancelled || abort.signal.aborted) throw new AppError('CANCELLED', cancelMessage(out));
          out.push(failed(f.path, e));
        }
      }
      if (out.some((s) => s.outcome === 'imported')) {
        emit({ kind: 'enrich', label: 'enriching addresses', done: 0, total: 1, rate: null, etaSeconds: null });
        const r = await enrichOffline(db);
        emit({ kind: 'enrich', label: `enriched ${r.addresses} addresses`, done: 1, total: 1, rate: null, etaSeconds: null });
        ctx.changed('enrich');
      }
      return out;
    });
  } catch (e) {
    if (e instanceof ImportCancelled) throw new AppError('CANCELLED', e.message);
    throw e;
  } finally {
    ctx.ops.end(opId);
  }
}

function cancelMessage(done: ImportSummary[]): string {
  const kept = done.filter((s) => s.outcome === 'imported');
  // Name what stayed: a re-import of those says "already imported", and the user must know why.
  const names = kept.map((s) => `${s.name ?? basename(s.path)} (source ${s.sourceId})`).join(', ');
  return kept.length ? `import cancelled: the file being imported left no trace; imported before the cancel and kept: ${names}` : 'import cancelled: the case is unchanged';
}
