// Reading a source file: its (decompressed) bytes streamed in large chunks, and the whole file hashed
// and counted as stored, whatever part of it the format's reader used.
import { createReadStream, type ReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { gunzip } from './gunzip.ts';

export interface ReadStats {
  /** Bytes of the file read so far (compressed bytes for .gz). */
  fileBytes: number;
  /** sha256 of the file as stored (set by finish()). */
  sha256: string;
  /** Set when the stream ended badly (damaged gzip, read error); the data before it was delivered. */
  damage: string | null;
}

// 1 MiB: the parse of a chunk runs without a break, and DuckDB's next load starts only when the
// event loop turns, so a 4 MiB chunk kept DuckDB waiting up to ~80 ms a batch; a smaller chunk also
// stays in the CPU's cache. A 1M-line import: 7.3–8.0 s with 4 MiB, 5.9–6.9 s with 1 MiB
// (512 KiB the same, 256 KiB no better; docs/import-design.md).
const CHUNK = 1 << 20;

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export class SourceFile {
  readonly stats: ReadStats = { fileBytes: 0, sha256: '', damage: null };
  private readonly file: ReadStream;
  private readonly it: AsyncIterator<Buffer>;
  private readonly hash = createHash('sha256');

  constructor(path: string, private readonly gz: boolean) {
    this.file = createReadStream(path, { highWaterMark: CHUNK });
    this.it = this.file[Symbol.asyncIterator]();
  }

  /** The next chunk as stored, hashed and counted; null at the end or on a read error (recorded as damage). */
  private async next(): Promise<Buffer | null> {
    try {
      const r = await this.it.next();
      if (r.done) return null;
      const b = r.value as Buffer;
      this.hash.update(b);
      this.stats.fileBytes += b.length;
      return b;
    } catch (e) {
      this.stats.damage ??= `read error: ${(e as Error).message}`;
      return null;
    }
  }

  private async *stored(): AsyncGenerator<Buffer> {
    for (let b = await this.next(); b; b = await this.next()) yield b;
  }

  /** The decompressed bytes. Damage ends the iteration normally with `stats.damage` set. */
  data(): AsyncGenerator<Buffer> {
    return this.gz ? gunzip(this.stored(), this.stats) : this.stored();
  }

  /**
   * Reads what the format's reader left (it stops at capture damage, gzip damage stops the data), so
   * the hash is of the whole file: two files damaged differently must never look like one.
   */
  async finish(): Promise<string> {
    while (await this.next());
    this.stats.sha256 = this.hash.digest('hex');
    return this.stats.sha256;
  }

  close(): void {
    this.file.destroy();
  }
}
