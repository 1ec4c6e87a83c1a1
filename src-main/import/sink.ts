// Where parsed lines go during one source's import: events as TSV batch files inserted by DuckDB
// while the next batch is parsed, rejects buffered and appended between inserts.
import { mkdtempSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseDb } from '../db/case-db.ts';
import { insertEventBatch } from '../db/event-writer.ts';
import { appendRejects, type RejectRow } from '../db/rejects.ts';

const BUF = 1 << 20;

export class ImportSink {
  // Lines are encoded one by one into a reusable buffer: joining many lines into one string cost
  // ~1 µs a line here, and keeping them alive until a big join made GC the bottleneck.
  private readonly buf = Buffer.allocUnsafe(BUF);
  private used = 0;
  private fd = -1;
  private file = '';
  private rows = 0;
  private rejects: RejectRow[] = [];
  private pending: Promise<void> | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'fwlens-import-'));
  private n = 0;
  events = 0;
  rejected = 0;

  constructor(private readonly db: CaseDb, private readonly batchRows = 250_000) {}

  event(tsvLine: string): void {
    this.events++;
    this.rows++;
    // Worst case 3 UTF-8 bytes per UTF-16 unit.
    if (this.used + tsvLine.length * 3 > BUF) {
      this.drain();
      if (tsvLine.length * 3 > BUF) {
        writeSync(this.openFd(), tsvLine);
        return;
      }
    }
    this.used += this.buf.write(tsvLine, this.used, 'utf8');
  }

  reject(row: RejectRow): void {
    this.rejects.push(row);
    this.rejected++;
  }

  private openFd(): number {
    if (this.fd < 0) {
      this.file = join(this.dir, `batch-${this.n++}.tsv`);
      this.fd = openSync(this.file, 'w');
    }
    return this.fd;
  }

  private drain(): void {
    if (this.used) writeSync(this.openFd(), this.buf, 0, this.used);
    this.used = 0;
  }

  /** Called between line batches: hands a full batch file to DuckDB. */
  async maybeFlush(): Promise<void> {
    if (this.rows >= this.batchRows || this.rejects.length >= this.batchRows) await this.flush();
  }

  private async flush(): Promise<void> {
    this.drain();
    // One insert in flight at a time: DuckDB works on it while JS parses the next batch.
    if (this.pending) await this.pending;
    this.pending = null;
    if (this.rejects.length) {
      const rows = this.rejects;
      this.rejects = [];
      await appendRejects(this.db, rows);
    }
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    this.rows = 0;
    const file = this.file;
    this.pending = insertEventBatch(this.db, file).finally(() => rmSync(file, { force: true }));
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
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
