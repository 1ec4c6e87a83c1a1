// A TSV batch file being written: lines are encoded one by one into a reusable buffer and written
// out in 1 MiB writes (joining many lines into one string cost ~1 µs a line here, and keeping them
// alive until a big join made garbage collection the bottleneck).
import { openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

const BUF = 1 << 20;

export class TsvSpool {
  private readonly buf = Buffer.allocUnsafe(BUF);
  private used = 0;
  private fd = -1;
  private file = '';
  private n = 0;
  rows = 0;

  constructor(private readonly dir: string, private readonly name: string) {}

  add(line: string): void {
    this.rows++;
    // Worst case 3 UTF-8 bytes per UTF-16 unit.
    if (this.used + line.length * 3 > BUF) {
      this.drain();
      if (line.length * 3 > BUF) {
        writeSync(this.open(), line);
        return;
      }
    }
    this.used += this.buf.write(line, this.used, 'utf8');
  }

  private open(): number {
    if (this.fd < 0) {
      this.file = join(this.dir, `${this.name}-${this.n++}.tsv`);
      this.fd = openSync(this.file, 'w');
    }
    return this.fd;
  }

  private drain(): void {
    if (this.used) writeSync(this.open(), this.buf, 0, this.used);
    this.used = 0;
  }

  /** Closes the current file and returns its path (null when no row was added since the last take). */
  take(): string | null {
    this.drain();
    if (this.fd < 0) return null;
    closeSync(this.fd);
    this.fd = -1;
    this.rows = 0;
    return this.file;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
