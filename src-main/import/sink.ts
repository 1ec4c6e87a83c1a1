// Where parsed records go during one source's import: TSV batch files per table, each loaded by
// DuckDB while the next batch is parsed, and rejects buffered and appended between inserts. All
// database work runs one operation at a time, in order.
import { rmSync } from 'node:fs';
import type { CaseDb } from '../db/case-db.ts';
import { insertEventBatch } from '../db/event-writer.ts';
import { insertTsvFile } from '../db/tsv-table.ts';
import { appendRejects, type RejectRow } from '../db/rejects.ts';
import { TsvSpool } from './tsv-spool.ts';
import { workSubdir } from '../app/work-dir.ts';

type Loader = (file: string) => Promise<void>;

export class ImportSink {
  // Under the process's private work folder: a serve-mode case may read only there (see db/sandbox.ts).
  private readonly dir = workSubdir('import-');
  private readonly spools = new Map<string, { spool: TsvSpool; load: Loader }>();
  private readonly eventSpool: TsvSpool;
  private rejects: RejectRow[] = [];
  private pending: Promise<void> | null = null;
  /** Rows added per table (events included). */
  readonly counts = new Map<string, number>();
  events = 0;
  rejected = 0;

  constructor(private readonly db: CaseDb, private readonly batchRows = 100_000) {
    this.eventSpool = this.spool('events', (f) => insertEventBatch(db, f));
  }

  /** A table to bulk-load with the given INSERT … read_csv($1) statement. */
  table(name: string, insertSql: string): TsvSpool {
    return this.spools.get(name)?.spool ?? this.spool(name, (f) => insertTsvFile(this.db, insertSql, f));
  }

  private spool(name: string, load: Loader): TsvSpool {
    const spool = new TsvSpool(this.dir, name);
    this.spools.set(name, { spool, load });
    return spool;
  }

  event(tsvLine: string): void {
    this.eventSpool.add(tsvLine);
    this.events++;
  }

  reject(row: RejectRow): void {
    this.rejects.push(row);
    this.rejected++;
  }

  /** Called between batches of input: hands full batch files to DuckDB. */
  async maybeFlush(): Promise<void> {
    let full = this.rejects.length >= this.batchRows;
    for (const { spool } of this.spools.values()) full ||= spool.rows >= this.batchRows;
    if (full) await this.flush();
  }

  private async flush(): Promise<void> {
    // One operation in flight: DuckDB works on it while JS parses the next batch.
    if (this.pending) await this.pending;
    this.pending = null;
    if (this.rejects.length) {
      const rows = this.rejects;
      this.rejects = [];
      await appendRejects(this.db, rows);
    }
    const loads: Array<() => Promise<void>> = [];
    for (const [name, { spool, load }] of this.spools) {
      const n = spool.rows;
      const file = spool.take();
      if (!file) continue;
      this.counts.set(name, (this.counts.get(name) ?? 0) + n);
      loads.push(() => load(file).finally(() => rmSync(file, { force: true })));
    }
    if (loads.length) {
      this.pending = loads.reduce((p, l) => p.then(l), Promise.resolve());
      // A load that fails before the next flush awaits it must not end the process: it is seen there.
      this.pending.catch(() => undefined);
    }
  }

  /** Everything written; throws if an insert failed. */
  async finish(): Promise<void> {
    await this.flush();
    if (this.pending) await this.pending;
    this.pending = null;
  }

  /** Waits for any insert in flight (its error is the caller's concern) and removes temp files. */
  async dispose(): Promise<void> {
    if (this.pending) await this.pending.catch(() => undefined);
    this.pending = null;
    for (const { spool } of this.spools.values()) spool.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
