// Worker-thread entry: runs one job of cpu-jobs.ts, taking fed batches and sending progress, then its result or error.
import { parentPort, workerData } from 'node:worker_threads';
import { allowJob, blockJob, replayJob, type AllowJob, type BlockJob, type JobName, type ReplayJob } from './cpu-jobs.ts';
import type { FromWorker, ToWorker } from './cpu-messages.ts';

const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);

/** Batches the main thread feeds, as an async iterable; each is acknowledged when taken, so at most one waits. */
function fed(): AsyncIterable<unknown[]> {
  const queue: Array<unknown[] | null> = [];
  let wake: (() => void) | null = null;
  port.on('message', (m: ToWorker) => {
    queue.push(m.type === 'batch' ? m.rows : null);
    wake?.();
  });
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (!queue.length) await new Promise<void>((r) => (wake = r));
        wake = null;
        const rows = queue.shift()!;
        if (rows === null) return;
        send({ type: 'ack' });
        yield rows;
      }
    },
  };
}

// Progress is sent at most every 100 ms: a tight loop must not flood the main thread with messages.
let last = 0;
function progress(label: string, done: number, total: number): void {
  const now = Date.now();
  if (now - last < 100 && done !== total) return;
  last = now;
  send({ type: 'progress', label, done, total });
}

async function run(name: JobName, input: unknown): Promise<unknown> {
  if (name === 'block') return blockJob(input as BlockJob, fed(), progress);
  if (name === 'allow') return allowJob(input as AllowJob, fed(), progress);
  return replayJob(input as ReplayJob, fed(), progress);
}

const { name, input } = workerData as { name: JobName; input: unknown };
run(name, input).then(
  (value) => send({ type: 'done', value }),
  (e: unknown) => send({ type: 'error', name: (e as Error)?.constructor?.name ?? 'Error', message: (e as Error)?.message ?? String(e), code: (e as { code?: string })?.code ?? null }),
);
