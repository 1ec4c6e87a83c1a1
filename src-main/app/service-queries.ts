// The service's queries: user SQL and its cells, Explore's pages and count, an event's detail, the SQL view's
// help (functions, schema, ready questions) and exports.
import { dirname } from 'node:path';
import { rmSync } from 'node:fs';
import type { ExportFormat, FwlensApi, QueryPage, ReadyQuestion, Result, TableSchema } from '../shared/api.ts';
import type { ExplorePage } from '../shared/explore.ts';
import type { EventDetail } from '../shared/event-detail.ts';
import { schemaRows } from '../db/app-queries.ts';
import { READY_QUESTIONS } from '../db/ready-questions.ts';
import { functionNames } from '../db/function-names.ts';
import { cellText, runUserQuery } from './query-service.ts';
import { exploreCountFor, explorePageFor } from './explore-service.ts';
import { eventDetail } from './event-detail.ts';
import { EXPORT_FORMATS, exportToFile, tempExportPath } from './export.ts';
import { AppError, guard, ok } from './result.ts';
import type { ServiceParts } from './service-parts.ts';
import * as v from './validate.ts';

export function queriesApi({ ctx, opts }: ServiceParts) {
  return {
    runQuery(req: unknown): Promise<Result<QueryPage>> {
      return guard(() => runUserQuery(ctx, req));
    },

    explorePage(req: unknown): Promise<Result<ExplorePage>> {
      return guard(() => explorePageFor(ctx, req));
    },

    exploreCount(req: unknown): Promise<Result<{ total: number; elapsedMs: number }>> {
      return guard(() => exploreCountFor(ctx, req));
    },

    cellText(sql: unknown, row: unknown, column: unknown, start: unknown, count: unknown): Promise<Result<{ text: string; length: number }>> {
      return guard(() => cellText(ctx, sql, row, column, start, count));
    },

    eventDetail(sourceId: unknown, lineNo: unknown): Promise<Result<EventDetail>> {
      return guard(() => eventDetail(ctx, sourceId, lineNo));
    },

    sqlFunctions(): Promise<Result<string[]>> {
      return guard(() => ctx.side(functionNames));
    },

    schema(): Promise<Result<TableSchema[]>> {
      return guard(async () => {
        const byName = new Map<string, TableSchema>();
        for (const r of await ctx.side(schemaRows)) {
          const name = String(r.table_name);
          let t = byName.get(name);
          if (!t) byName.set(name, (t = { name, kind: r.table_type === 'VIEW' ? 'view' : 'table', columns: [] }));
          t.columns.push({ name: String(r.column_name), type: String(r.data_type) });
        }
        return [...byName.values()];
      });
    },

    async readyQuestions(): Promise<Result<ReadyQuestion[]>> {
      return ok(READY_QUESTIONS.map((q) => ({ ...q })));
    },

    exportResult(sql: unknown, format: unknown, path: unknown): Promise<Result<{ path: string | null; url: string | null; rows: number }>> {
      return guard(async () => {
        const [s, f] = [v.sql(sql), v.oneOf<ExportFormat>(format, 'format', EXPORT_FORMATS)];
        if (opts.shell === 'browser') {
          // Browser mode never writes where the page says: the page is not trusted with server paths.
          if (path !== null) throw new AppError('BAD_ARGUMENT', 'in browser mode path must be null: the file is served for download');
          const publish = opts.publishDownload;
          if (!publish) throw new AppError('INTERNAL', 'downloads are not available');
          const tmp = tempExportPath(f);
          const r = await exportToFile(ctx, s, f, tmp).catch((e: unknown) => {
            rmSync(dirname(tmp), { recursive: true, force: true });
            throw e;
          });
          return { path: null, url: publish(r.path, `fwlens-export.${f}`), rows: r.rows };
        }
        const r = await exportToFile(ctx, s, f, v.path(path));
        return { path: r.path, url: null, rows: r.rows };
      });
    },
  } satisfies Partial<FwlensApi>;
}
