// The service's sources and imports: the case's sources and rejects, importing paths, duplicates and reject groups.
import type { ImportSummary, RejectGroup, RejectRow, Result, SourceInfo } from '../shared/api.ts';
import type { FwlensApi } from '../shared/api.ts';
import { rejectPage, sourceRows } from '../db/app-queries.ts';
import { programList } from '../db/skipped.ts';
import { importPaths } from './import-service.ts';
import { checkImportOptions } from './import-options.ts';
import { findBySha, rejectGroups } from './import-extras.ts';
import { guard, iso, num, str } from './result.ts';
import type { ServiceParts } from './service-parts.ts';
import * as v from './validate.ts';

export function sourcesApi({ ctx, opts }: ServiceParts) {
  return {
    listSources(): Promise<Result<SourceInfo[]>> {
      return guard(async () => (await ctx.side(sourceRows)).map((r) => ({
        id: num(r.id), name: String(r.name), path: String(r.path), format: String(r.format), unit: String(r.unit ?? 'line'),
        lines: num(r.lines), events: num(r.events), rejects: num(r.rejects), skipped: num(r.skipped), skippedPrograms: programList(r.skipped_programs), blank: num(r.blank), status: String(r.status),
        message: str(r.message), importedAt: iso(r.imported_at) ?? '', firstTs: iso(r.first_ts), lastTs: iso(r.last_ts),
      })));
    },

    listRejects(sourceId: unknown, offset: unknown, limit: unknown): Promise<Result<{ rows: RejectRow[]; total: number }>> {
      return guard(async () => {
        const [id, off, lim] = [v.int(sourceId, 'sourceId', 0, 2 ** 31 - 1), v.int(offset, 'offset', 0, Number.MAX_SAFE_INTEGER), v.int(limit, 'limit', 1, 10_000)];
        const p = await ctx.side((r) => rejectPage(r, id, off, lim));
        return { total: p.total, rows: p.rows.map((r) => ({ sourceId: num(r.source_id), lineNo: num(r.line_no), byteOff: num(r.byte_off), reason: String(r.reason), line: String(r.line ?? '') })) };
      });
    },

    importPaths(paths: unknown, opId: unknown, options: unknown = null): Promise<Result<ImportSummary[]>> {
      return guard(async () => {
        const ps = v.paths(paths);
        try {
          const o = checkImportOptions(options);
          return await importPaths(ctx, ps, v.opId(opId), { ...o, nameOf: opts.uploadName });
        } finally {
          opts.afterImport?.(ps);
        }
      });
    },

    sourceBySha(sha256: unknown): Promise<Result<{ id: number; name: string } | null>> {
      return guard(() => findBySha(ctx, sha256));
    },

    rejectGroups(sourceId: unknown): Promise<Result<RejectGroup[]>> {
      return guard(() => rejectGroups(ctx, sourceId));
    },
  } satisfies Partial<FwlensApi>;
}
