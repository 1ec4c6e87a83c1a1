// What the service's parts share: the open case, its connections (serialised), running operations
// (for cancel), and the progress listeners.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CaseDb } from '../db/case-db.ts';
import type { SqlRunner } from '../db/saved-queries.ts';
import type { CaseChange, ProgressEvent } from '../shared/api.ts';
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

/**
 * Who is calling (a WebSocket connection, say): operations started inside `caller.run(owner, …)` are
 * tagged with it, so they can be stopped when that caller goes away.
 */
export const caller = new AsyncLocalStorage<object>();

interface Running { cancel: () => void; owner: object | null; kind: 'query' | 'import' }

/** Running imports and queries by opId, each with how to stop it and who started it. */
export class Operations {
  private readonly running = new Map<string, Running>();
  private seq = 0;

  start(opId: string, cancel: () => void, kind: Running['kind'] = 'query'): void {
    if (this.running.has(opId)) throw new AppError('BAD_ARGUMENT', `operation ${opId} is already running`);
    this.running.set(opId, { cancel, owner: caller.getStore() ?? null, kind });
  }

  /** An id for an operation the caller gave none (still cancellable when its caller leaves). */
  internalId(): string {
    return `internal-${++this.seq}`;
  }

  end(opId: string): void {
    this.running.delete(opId);
  }

  cancel(opId: string): boolean {
    const stop = this.running.get(opId)?.cancel;
    stop?.();
    return !!stop;
  }

  /** Stops the queries a caller left behind; its imports go on (their work is the user's). */
  cancelOwnedBy(owner: object): number {
    let n = 0;
    for (const r of this.running.values()) if (r.owner === owner && r.kind === 'query') { r.cancel(); n++; }
    return n;
  }

  cancelAll(): void {
    for (const r of this.running.values()) r.cancel();
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
  /** A fresh connection for one user statement; the caller gives it back with `release`. */
  connect(): Promise<DuckDBConnection>;
  /** Closes a connection from `connect` (a case closes only once all are back). */
  release(conn: DuckDBConnection): void;
  readonly ops: Operations;
  /** Any one query, picture or export is stopped after this long (null: no limit). */
  readonly timeoutMs: number | null;
  emit(e: ProgressEvent): void;
  /** The case's data changed (a source committed, enrichment ran…): tells every client to reload. */
  changed(reason: CaseChange['reason']): void;
}
