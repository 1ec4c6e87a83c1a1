// The messages between the main thread and a job's worker thread.

export type ToWorker = { type: 'batch'; rows: unknown[] } | { type: 'end' };

export type FromWorker =
  | { type: 'progress'; label: string; done: number; total: number }
  /** A fed batch was taken: the next may be sent. */
  | { type: 'ack' }
  | { type: 'done'; value: unknown }
  /** `name`: the error's class, so the caller can map a refusal (LockoutRefused) to its own code. */
  | { type: 'error'; name: string; message: string; code: string | null };
