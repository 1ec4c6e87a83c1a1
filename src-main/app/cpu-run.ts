// Running a job of cpu-jobs.ts in a worker thread: the event loop stays free, progress comes back, a
// cancel or an out-of-memory ends the worker and never the process.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { totalmem } from 'node:os';
import type { JobName } from './cpu-jobs.ts';
import type { FromWorker, ToWorker } from './cpu-messages.ts';
import type { ErrorCode } from '../shared/api.ts';
import { AppError } from './result.ts';

const ERROR_CODES = new Set<string>(['BAD_ARGUMENT', 'TOO_LARGE', 'CANCELLED', 'TIMEOUT', 'NOT_FOUND', 'INPUT']);

export interface RunOptions {
  /** Batches to feed the job (replay reads the case here while the worker judges what came before). */
  feed?: AsyncIterable<unknown[]>;
  onProgress?: (label: string, done: number, total: number) => void;
  signal?: AbortSignal;
  /** Heap of the worker; a job that needs more fails alone with TOO_LARGE. */
  heapMb?: number;
}

/** A quarter of the machine, 1–8 GiB: room for 100,000-prefix block lists, never the whole machine. */
export const DEFAULT_HEAP_MB = Math.max(1024, Math.min(8192, Math.floor(totalmem() / 4 / 2 ** 20)));

/**
 * Built, the worker is a sibling bundle (out/main/cpu-worker.js); from source it is TypeScript, loaded
 * through tsx as the CLI's own entry is.
 */
function spawn(name: JobName, input: unknown, heapMb: number): Worker {
  const here = import.meta.url;
  const options = { workerData: { name, input }, resourceLimits: { maxOldGenerationSizeMb: heapMb } };
  const built = new URL('cpu-worker.js', here);
  if (!here.endsWith('.ts') && existsSync(fileURLToPath(built))) return new Worker(built, options);
  const tsx = createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const entry = new URL('cpu-worker.ts', here).href;
  const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

function failure(m: Extract<FromWorker, { type: 'error' }>): Error {
  if (m.name === 'LockoutRefused') return new AppError('LOCKOUT', `${m.message}. Confirm to write it anyway (forceLockout).`);
  // Errors that carry one of the contract's codes (AppError, AllowTooLarge) keep it.
  if (m.code && ERROR_CODES.has(m.code)) return new AppError(m.code as ErrorCode, m.message);
  return new Error(m.message);
}

export function runJob<T>(name: JobName, input: unknown, o: RunOptions = {}): Promise<T> {
  if (o.signal?.aborted) return Promise.reject(new AppError('CANCELLED', 'cancelled'));
  const heapMb = o.heapMb ?? DEFAULT_HEAP_MB;
  const worker = spawn(name, input, heapMb);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let acked: (() => void) | null = null;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      acked?.();
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new AppError('CANCELLED', 'cancelled')));
    o.signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'progress') o.onProgress?.(m.label, m.done, m.total);
      else if (m.type === 'ack') acked?.();
      else if (m.type === 'done') finish(() => resolve(m.value as T));
      else finish(() => reject(failure(m)));
    });
    worker.on('error', (e: Error & { code?: string }) => finish(() => reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new AppError('TOO_LARGE', `the ${name} job needed more than ${heapMb} MiB of memory and was stopped; narrow the input`)
      : e)));
    worker.on('exit', (code) => finish(() => reject(new AppError('INTERNAL', `the ${name} worker ended (exit code ${code}) before answering`))));
    if (!o.feed) return;
    // One batch in flight: the next is read from the case while the worker judges this one.
    const post = (m: ToWorker) => { if (!settled) worker.postMessage(m); };
    void (async () => {
      let inFlight: Promise<void> | null = null;
      try {
        for await (const rows of o.feed!) {
          if (settled) break;
          await inFlight;
          inFlight = new Promise<void>((r) => (acked = r));
          post({ type: 'batch', rows });
        }
        post({ type: 'end' });
      } catch (e) {
        finish(() => reject(e));
      }
    })();
  });
}
