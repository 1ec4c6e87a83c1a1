// TSV batch files being written for one table, fast rows and exact (quoted) rows apart.
// Lines are encoded one by one into a reusable buffer and written out in 1 MiB writes (joining many
// lines into one string cost ~1 µs a line here, and keeping them alive until a big join made garbage
// collection the bottleneck).
import { openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { EXACT_MARK, type TsvWriter } from '../db/tsv-table.ts';
import type { TsvRowWriter } from '../db/tsv-row-bytes.ts';
import { ROW_ROOM } from '../db/tsv-cells.ts';

const BUF = 1 << 20;

export interface BatchFile {
  path: string;
  /** Rows in the quoted form (see tsv-table.ts). */
  exact: boolean;
}

/** One file being written. */
class TsvFile {
  private buf: Buffer | null = null;
  private used = 0;
  private fd = -1;
  private file = '';
  private n = 0;

  constructor(private readonly dir: string, private readonly name: string) {}

  add(line: string): void {
    // Allocated on first use: most tables never get an exact row.
    const buf = (this.buf ??= Buffer.allocUnsafe(BUF));
    // Worst case 3 UTF-8 bytes per UTF-16 unit.
    if (this.used + line.length * 3 > BUF) {
      this.drain();
      if (line.length * 3 > BUF) {
        this.write(() => writeSync(this.open(), line));
        return;
      }
    }
    this.used += buf.write(line, this.used, 'utf8');
  }

  /** The buffer with at least `n` bytes free from `used` (n well under 1 MiB): rows written in place. */
  room(n: number): Buffer {
    const buf = (this.buf ??= Buffer.allocUnsafe(BUF));
    if (this.used + n > BUF) this.drain();
    return buf;
  }

  /** Where the next row goes in the buffer room() returned, and (set) where the last one written in place ends. */
  get at(): number {
    return this.used;
  }

  set at(end: number) {
    this.used = end;
  }

  private open(): number {
    if (this.fd < 0) {
      this.file = join(this.dir, `${this.name}-${this.n++}.tsv`);
      this.fd = openSync(this.file, 'w');
    }
    return this.fd;
  }

  private drain(): void {
    if (this.used) this.write(() => writeSync(this.open(), this.buf!, 0, this.used));
    this.used = 0;
  }

  /** A failed write (a full disk) says which file it was, so the error can name the disk. */
  private write(w: () => void): void {
    try {
      w();
    } catch (e) {
      (e as NodeJS.ErrnoException).path ??= this.file;
      throw e;
    }
  }

  take(): string | null {
    this.drain();
    if (this.fd < 0) return null;
    closeSync(this.fd);
    this.fd = -1;
    return this.file;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

export class TsvSpool {
  private readonly fast: TsvFile;
  private readonly exact: TsvFile;
  rows = 0;

  /** `exact`: the caller loads exact batches too (takeAll); otherwise such rows are written the old way. */
  constructor(dir: string, name: string, private readonly withExact = false) {
    this.fast = new TsvFile(dir, name);
    this.exact = new TsvFile(dir, `${name}-exact`);
  }

  add(line: string): void {
    this.rows++;
    if (line.charCodeAt(0) !== 0) this.fast.add(line);
    else if (this.withExact) this.exact.add(line.slice(EXACT_MARK.length));
    else this.fast.add(lossyFast(line.slice(EXACT_MARK.length)));
  }

  /** Room for a fast row written in place (see TsvFile.room): the buffer, to write at `at`, then commit(end). */
  room(n: number): Buffer {
    return this.fast.room(n);
  }

  get at(): number {
    return this.fast.at;
  }

  commit(end: number): void {
    this.fast.at = end;
    this.rows++;
  }

  /** A row written in place by `bytes` when it can be (db/tsv-row-bytes.ts), else the string writer's line. */
  put<R, C>(bytes: TsvRowWriter<R, C>, line: TsvWriter<R, C>, r: R, c: C): void {
    const end = bytes(this.room(ROW_ROOM), this.at, r, c);
    if (end >= 0) this.commit(end);
    else this.add(line(r, c));
  }

  /** Closes the current files and returns them (none when no row was added since the last take). */
  takeAll(): BatchFile[] {
    this.rows = 0;
    const out: BatchFile[] = [];
    const f = this.fast.take();
    if (f) out.push({ path: f, exact: false });
    const e = this.exact.take();
    if (e) out.push({ path: e, exact: true });
    return out;
  }

  /** The fast file alone (for a spool made without `exact`). */
  take(): string | null {
    this.rows = 0;
    return this.fast.take();
  }

  close(): void {
    this.fast.close();
    this.exact.close();
  }
}

/**
 * An exact row in the fast form, as written before exact batches existed: control characters as \xNN,
 * and a text of exactly \N read back as NULL. Only for spools whose caller loads fast batches alone.
 */
function lossyFast(line: string): string {
  const cells: string[] = [];
  let i = 0;
  while (i < line.length) {
    let v: string;
    if (line.charCodeAt(i) === 34) {
      let j = i + 1;
      v = '';
      for (;;) {
        const q = line.indexOf('"', j);
        v += line.slice(j, q);
        if (line.charCodeAt(q + 1) !== 34) { i = q + 1; break; }
        v += '"';
        j = q + 2;
      }
      v = v.replace(/[\x00-\x1f]/g, (ch) => '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0'));
    } else {
      let j = i;
      while (j < line.length && line.charCodeAt(j) !== 9 && line.charCodeAt(j) !== 10) j++;
      v = line.slice(i, j);
      i = j;
    }
    cells.push(v);
    if (line.charCodeAt(i) === 10) break;
    i++; // the tab
  }
  return cells.join('\t') + '\n';
}
