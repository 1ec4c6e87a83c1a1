// The pictures' operations for the app: each request checked, run on a connection of its own (so a
// newer brush or filter can cancel it by opId), and answered as the contract's shapes.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ServiceContext } from './context.ts';
import { AppError } from './result.ts';
import * as v from './validate.ts';

/** Runs fn on a fresh connection, cancellable with `opId` (null: not cancellable). */
export async function onOwnConnection<T>(ctx: ServiceContext, opId: unknown, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const id = opId === undefined || opId === null ? null : v.opId(opId);
  ctx.db();
  const conn = await ctx.connect();
  let cancelled = false;
  if (id) ctx.ops.start(id, () => { cancelled = true; conn.interrupt(); });
  try {
    return await fn(conn);
  } catch (e) {
    if (cancelled) throw new AppError('CANCELLED', 'cancelled');
    throw e;
  } finally {
    if (id) ctx.ops.end(id);
    conn.closeSync();
  }
}
