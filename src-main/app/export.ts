// exportResult: a query's whole result to CSV (the bytes `fwlens query --csv` prints), JSON or
// Parquet, streamed chunk by chunk; in browser mode to a temp file served once.
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { workSubdir } from './work-dir.ts';
import { onOwnConnection } from './own-connection.ts';
import type { ExportFormat } from '../shared/api.ts';
import { formatCsv, toJsonValue } from '../shared/format-table.ts';
import { checkReadOnly, copyToParquet, streamUserSql } from '../db/user-sql.ts';
import type { ServiceContext } from './context.ts';
import { AppError } from './result.ts';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'parquet'];

export interface ExportOutcome { path: string; rows: number }

export async function exportToFile(ctx: ServiceContext, sql: string, format: ExportFormat, path: string): Promise<ExportOutcome> {
  return onOwnConnection(ctx, null, async (conn) => {
    const checked = await checkReadOnly(conn, sql);
    if (format === 'parquet') return { path, rows: await copyToParquet(conn, checked, path) };
    // The Electron save dialog has already asked before replacing an existing file.
    const out = createWriteStream(path);
    const opened = once(out, 'open');
    opened.catch(() => undefined);
    const write = async (s: string) => {
      if (!out.write(s)) await once(out, 'drain');
    };
    try {
      await Promise.race([opened, once(out, 'error').then(([e]) => { throw e; })]);
      let columns: string[] = [];
      let first = true;
      const rows = await streamUserSql(conn, checked, (c) => { columns = c; }, async (chunk) => {
        if (format === 'csv') {
          // formatCsv of the chunk, without its header after the first: the same bytes as all at once.
          const text = formatCsv(columns, chunk);
          await write(first ? text : text.slice(text.indexOf('\r\n') + 2));
        } else {
          const objs = chunk.map((r) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, toJsonValue(r[i])]))));
          await write((first ? '[\n' : ',\n') + objs.join(',\n'));
        }
        first = false;
      });
      if (first) await write(format === 'csv' ? formatCsv(columns, []) : '[');
      if (format === 'json') await write('\n]\n');
      out.end();
      await once(out, 'finish');
      return { path, rows };
    } catch (e) {
      out.destroy();
      // A failed export leaves nothing behind: a half-written file is not a result.
      rmSync(path, { force: true });
      throw e;
    }
  });
}

/** A fresh temp file for a browser-mode export; the server serves it once and deletes it. */
export function tempExportPath(format: ExportFormat): string {
  return join(workSubdir('export-'), `fwlens-export.${format}`);
}
