// What the service's parts share: the open case, its connections (serialised), running operations
// (for cancel), and the progress listeners.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CaseDb } from '../db/case-db.ts';
import type { SqlRunner } from '../db/saved-queries.ts';
import type { ProgressEvent } from '../shared/api.ts';
import { AppError } from './result.ts';

/** One at a time: a DuckDB connection must not run two statements at once. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/** Running imports and queries by opId, each with how to stop it. */
export class Operations {
  private readonly running = new Map<string, () => void>();

  start(opId: string, cancel: () => void): void {
    if (this.running.has(opId)) throw new AppError('BAD_ARGUMENT', `operation ${opId} is already running`);
    this.running.set(opId, cancel);
  }

  end(opId: string): void {
    this.running.delete(opId);
  }

  cancel(opId: string): boolean {
    const stop = this.running.get(opId);
    stop?.();
    return !!stop;
  }

  cancelAll(): void {
    for (const stop of this.running.values()) stop();
  }

  get size(): number {
    return this.running.size;
  }
}

export interface ServiceContext {
  /** The open case, or NO_CASE. */
  db(): CaseDb;
  /** Short reads and small writes, on a side connection so a long import does not block them. */
  side<T>(fn: (r: SqlRunner) => Promise<T>): Promise<T>;
  /** Imports and enrichment, on the case's main connection, one at a time. */
  main<T>(fn: (db: CaseDb) => Promise<T>): Promise<T>;
  /** A fresh connection for one user statement (closed by the caller). */
  connect(): Promise<DuckDBConnection>;
  readonly ops: Operations;
  emit(e: ProgressEvent): void;
}
