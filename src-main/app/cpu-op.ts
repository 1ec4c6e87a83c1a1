// A worker job as an operation of the app: cancellable by its opId (or when its caller leaves), stopped
// by the time limit of the mode, its progress sent as ProgressEvent.
import type { ProgressEvent } from '../shared/api.ts';
import type { ServiceContext } from './context.ts';
import type { RunOptions } from './cpu-run.ts';
import { AppError } from './result.ts';
import * as v from './validate.ts';

export type JobControl = Pick<RunOptions, 'signal' | 'onProgress'>;

export async function asOperation<T>(ctx: ServiceContext, opId: unknown, kind: ProgressEvent['kind'], fn: (job: JobControl) => Promise<T>): Promise<T> {
  const id = opId === undefined || opId === null ? ctx.ops.internalId() : v.opId(opId);
  const ac = new AbortController();
  let why: 'cancelled' | 'timeout' | null = null;
  const stop = (w: 'cancelled' | 'timeout') => {
    why ??= w;
    ac.abort();
  };
  ctx.ops.start(id, () => stop('cancelled'));
  const timer = ctx.timeoutMs ? setTimeout(() => stop('timeout'), ctx.timeoutMs) : null;
  try {
    return await fn({ signal: ac.signal, onProgress: (label, done, total) => ctx.emit({ opId: id, kind, label, done, total, rate: null, etaSeconds: null }) });
  } catch (e) {
    if (why === 'timeout') throw new AppError('TIMEOUT', `stopped after ${Math.round(ctx.timeoutMs! / 1000)} s (the time limit of one operation in this mode)`);
    throw e;
  } finally {
    if (timer) clearTimeout(timer);
    ctx.ops.end(id);
  }
}
