// Where parsed records go during one source's import: TSV batch files per table, each loaded by
// DuckDB while the next batch is parsed, and rejects (capped, with the damage among them counted)
// buffered and appended between inserts. All database work runs one operation at a time, in order.
import { rmSync } from 'node:fs';
import type { CaseDb } from '../db/case-db.ts';
import { INSERT_EVENTS_SQL, insertEventBatch, writeEventTsv } from '../db/event-writer.ts';
import { ROW_ROOM, writeEventRow } from '../db/event-tsv-bytes.ts';
import type { EventRecord } from '../shared/model.ts';
import { exactCsv, insertTsvFile } from '../db/tsv-table.ts';
import { appendRejects, capReject, type RejectRow } from '../db/rejects.ts';
import { TsvSpool, type BatchFile } from './tsv-spool.ts';
import { workSubdir } from '../app/work-dir.ts';
import { SkippedLines, type SkippedRow } from './skipped-lines.ts';
import { appendSkippedLines } from '../db/skipped.ts';
import { tick, tock } from './import-profile.ts';

type Loader = (file: string) => Promise<void>;

// Rejects are flushed by size too: a run of long lines must not pile up in memory.
const REJECT_BYTES = 16 << 20;

export class ImportSink {
  // Under the process's private work folder: a serve-mode case may read only there (see db/sandbox.ts).
  private readonly dir = workSubdir('import-');
  private readonly spools = new Map<string, { spool: TsvSpool; fast: Loader; exact: Loader }>();
  private readonly eventSpool: TsvSpool;
  private rejects: RejectRow[] = [];
  private rejectBytes = 0;
  /** The chain of DuckDB work handed over, and the part of it handed over at the flush before. */
  private pending: Promise<void> | null = null;
  private before: Promise<void> | null = null;
  /** Rows added per table (events included). */
  readonly counts = new Map<string, number>();
  events = 0;
  rejected = 0;
  /** Rejects that are damage to the file (not merely lines of another kind), and the first of them. */
  damaged = 0;
  firstDamage: RejectRow | null = null;
  /** The first reject of any kind (named when every line was rejected). */
  firstReject: RejectRow | null = null;
  /** Other programs' syslog lines: counted per program, kept only when asked (`keepSkipped`). */
  readonly skipped: SkippedLines;

  constructor(private readonly db: CaseDb, private readonly batchRows = Number(process.env.FWLENS_BATCH_ROWS ?? 100_000), keepSkipped = false) {
    this.skipped = new SkippedLines(keepSkipped);
    const exact = exactCsv(INSERT_EVENTS_SQL);
    this.eventSpool = this.spool('events', (f) => insertEventBatch(db, f), (f) => insertEventBatch(db, f, exact));
  }

  /** A table to bulk-load with the given INSERT … read_csv($1) statement. */
  table(name: string, insertSql: string): TsvSpool {
    const exact = exactCsv(insertSql);
    return this.spools.get(name)?.spool ?? this.spool(name, (f) => insertTsvFile(this.db, insertSql, f), (f) => insertTsvFile(this.db, exact, f));
  }

  private spool(name: string, fast: Loader, exact: Loader): TsvSpool {
    const spool = new TsvSpool(this.dir, name, true);
    this.spools.set(name, { spool, fast, exact });
    return spool;
  }

  event(tsvLine: string): void {
    this.eventSpool.add(tsvLine);
    this.events++;
  }

  /** An event from its record: written as bytes in place when it can be (event-tsv-bytes.ts), else as text. */
  eventRecord(r: EventRecord, sourceId: number, lineNo: number, byteOff: number): void {
    const t = tick();
    const spool = this.eventSpool;
    const buf = spool.room(ROW_ROOM);
    const end = writeEventRow(buf, spool.at, r, sourceId, lineNo, byteOff);
    if (end >= 0) {
      spool.commit(end);
      this.events++;
    } else this.event(writeEventTsv(r, sourceId, lineNo, byteOff));
    tock('encode', t);
  }

  /**
   * A reject, kept capped at once. `damage` says the file itself is damaged here: by default, when the
   * line's bytes are not clean text (NUL, invalid UTF-8: the reader then keeps `raw`).
   */
  reject(row: RejectRow, damage = row.raw !== null): void {
    const r = capReject(row);
    this.rejects.push(r);
    this.rejected++;
    this.firstReject ??= r;
    this.rejectBytes += r.line.length + (r.raw?.length ?? 0);
    if (damage) {
      this.damaged++;
      this.firstDamage ??= r;
    }
  }

  /** Another program's line (see skipped-lines.ts); `row` is only built when the lines are kept. */
  skip(program: string, row: () => SkippedRow): void {
    this.skipped.add(program, row);
  }

  /** Called between batches of input: hands full batch files to DuckDB. */
  async maybeFlush(): Promise<void> {
    let full = this.rejects.length >= this.batchRows || this.rejectBytes >= REJECT_BYTES || this.skipped.full;
    for (const { spool } of this.spools.values()) full ||= spool.rows >= this.batchRows;
    if (full) await this.flush();
  }

  private async flush(): Promise<void> {
    // Two flushes' work in flight: DuckDB goes on to the next batch as soon as one is loaded, while
    // JS parses; with one in flight, each lane waited for the other at every batch (the parse then
    // spent ~1 s of a 1M-line import waiting, and DuckDB idled as long).
    if (this.before) await this.before;
    this.before = null;
    const work: Array<() => Promise<void>> = [];
    if (this.rejects.length) {
      const rows = this.rejects;
      this.rejects = [];
      this.rejectBytes = 0;
      work.push(() => appendRejects(this.db, rows));
    }
    if (this.skipped.rows.length) {
      const rows = this.skipped.take();
      work.push(() => appendSkippedLines(this.db, rows));
    }
    for (const [name, { spool, fast, exact }] of this.spools) {
      const n = spool.rows;
      const files: BatchFile[] = spool.takeAll();
      if (!files.length) continue;
      this.counts.set(name, (this.counts.get(name) ?? 0) + n);
      for (const f of files) {
        work.push(() => {
          const t = tick();
          return (f.exact ? exact : fast)(f.path).finally(() => { tock('load', t); rmSync(f.path, { force: true }); });
        });
      }
    }
    if (work.length) {
      // In order, one statement at a time on the connection; a failure skips the rest and is seen
      // by the next flush or by finish().
      this.before = this.pending;
      this.pending = work.reduce((p, w) => p.then(w), this.pending ?? Promise.resolve());
      this.pending.catch(() => undefined);
    }
  }

  /** Everything written; throws if an insert failed. */
  async finish(): Promise<void> {
    await this.flush();
    if (this.pending) await this.pending;
    this.pending = this.before = null;
  }

  /** Waits for any insert in flight (its error is the caller's concern) and removes temp files. */
  async dispose(): Promise<void> {
    if (this.pending) await this.pending.catch(() => undefined);
    this.pending = this.before = null;
    for (const { spool } of this.spools.values()) spool.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
