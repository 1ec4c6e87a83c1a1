// The row detail: every field of one event, and its original line read back from the source file.
import type { EventDetail } from '../shared/event-detail.ts';
import { eventColumnTypes, eventRow, sourceRecord } from '../db/event-detail-queries.ts';
import type { ServiceContext } from './context.ts';
import { toCell } from './cells.ts';
import { readSourceLine } from './source-line.ts';
import { AppError, iso, num } from './result.ts';
import * as v from './validate.ts';

export async function eventDetail(ctx: ServiceContext, sourceId: unknown, lineNo: unknown): Promise<EventDetail> {
  const id = v.int(sourceId, 'sourceId', 0, 2 ** 31 - 1);
  const line = v.int(lineNo, 'lineNo', 0, Number.MAX_SAFE_INTEGER);
  const [row, types, src] = await ctx.side(async (r) => [await eventRow(r, id, line), await eventColumnTypes(r), await sourceRecord(r, id)] as const);
  if (!row) throw new AppError('NOT_FOUND', `no event at line ${line} of source ${id}`);
  const byteOff = num(row.byte_off);
  const fields = Object.keys(row).map((name) => ({ name, type: types.get(name) ?? '', value: toCell(row[name]) }));
  if (!src) return { sourceId: id, lineNo: line, byteOff, fields, source: null, original: { status: 'gone', message: `source ${id} is not recorded in this case` } };
  const source = {
    path: String(src.path), name: String(src.name), format: String(src.format), size: num(src.size), mtime: iso(src.mtime), sha256: String(src.sha256),
  };
  const original = await readSourceLine({ path: source.path, size: source.size, mtimeUs: src.mtime_us == null ? null : num(src.mtime_us), sha256: source.sha256 }, byteOff);
  return { sourceId: id, lineNo: line, byteOff, fields, source, original };
}
