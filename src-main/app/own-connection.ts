// One statement's own connection for the app: cancellable by opId (or when its caller goes away),
// stopped by the time limit, and always given back.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ServiceContext } from './context.ts';
import { AppError } from './result.ts';
import * as v from './validate.ts';

/** Runs fn on a fresh connection; `opId` lets the renderer cancel it (null: an internal id). */
export async function onOwnConnection<T>(ctx: ServiceContext, opId: unknown, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const id = opId === undefined || opId === null ? ctx.ops.internalId() : v.opId(opId);
  ctx.db();
  const conn = await ctx.connect();
  let stopped: 'cancelled' | 'timeout' | null = null;
  const stop = (why: 'cancelled' | 'timeout') => {
    stopped ??= why;
    conn.interrupt();
  };
  try {
    ctx.ops.start(id, () => stop('cancelled'));
  } catch (e) {
    ctx.release(conn);
    throw e;
  }
  const timer = ctx.timeoutMs ? setTimeout(() => stop('timeout'), ctx.timeoutMs) : null;
  try {
    return await fn(conn);
  } catch (e) {
    // An interrupt surfaces as whatever DuckDB was doing; the flag says why it was stopped.
    if (stopped === 'timeout') throw new AppError('TIMEOUT', `stopped after ${Math.round(ctx.timeoutMs! / 1000)} s (the time limit of one query in this mode)`);
    if (stopped === 'cancelled') throw new AppError('CANCELLED', 'cancelled');
    throw e;
  } finally {
    if (timer) clearTimeout(timer);
    ctx.ops.end(id);
    ctx.release(conn);
  }
}
