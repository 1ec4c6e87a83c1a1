// Decompressing .gz sources so that damage loses nothing that decompressed.
// Each member is inflated raw, and its CRC, length and end are checked here, after its data has been
// handed on: zlib's Gunzip checks them itself but drops the last output it produced when a check
// fails (a bad CRC cost the last megabyte of lines, and a small file all of them).
import { createInflateRaw, constants, crc32 as zlibCrc32, type InflateRaw } from 'node:zlib';

/** Where decompression went wrong; null while (and when) the data is sound. */
export interface GzipReport {
  damage: string | null;
}

// Small pieces bound the output one write can produce (deflate expands at most ~1000×).
const PIECE = 64 * 1024;

/** Compressed input read on demand, with what a member's inflater did not use pushed back. */
class Input {
  private buf: Buffer = Buffer.alloc(0);
  eof = false;
  /** Compressed bytes taken so far: the offset of the next one. */
  at = 0;
  constructor(private readonly it: AsyncIterator<Buffer>) {}

  async need(n: number): Promise<boolean> {
    while (this.buf.length < n && !this.eof) {
      const r = await this.it.next();
      if (r.done) this.eof = true;
      else this.buf = this.buf.length ? Buffer.concat([this.buf, r.value]) : r.value;
    }
    return this.buf.length >= n;
  }

  peek(i: number): number {
    return this.buf[i];
  }

  take(n: number): Buffer {
    const b = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    this.at += n;
    return b;
  }

  unread(b: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([b, this.buf]) : b;
    this.at -= b.length;
  }

  async piece(): Promise<Buffer | null> {
    if (!(await this.need(1))) return null;
    return this.take(Math.min(PIECE, this.buf.length));
  }
}

/**
 * The decompressed bytes of a gzip stream (members one after another, as zcat reads them). Damage ends
 * the iteration normally with `report.damage` set, once everything before it has been yielded.
 */
export async function* gunzip(input: AsyncIterable<Buffer>, report: GzipReport): AsyncGenerator<Buffer> {
  const src = new Input(input[Symbol.asyncIterator]());
  let out = 0;
  const lost = (what: string) => {
    report.damage = `gzip: ${what} (data up to here imported: ${out} bytes decompressed)`;
  };
  for (let member = 0; ; member++) {
    const start = src.at;
    if (!(await src.need(1))) {
      if (member === 0) lost('no data');
      return;
    }
    if (member > 0 && !((await src.need(2)) && src.peek(0) === 0x1f && src.peek(1) === 0x8b)) {
      // What follows the last member is not gzip: zcat warns and ignores it; zero padding is harmless.
      let n = 0, zeros = true;
      for (let b = await src.piece(); b; b = await src.piece()) {
        n += b.length;
        zeros &&= b.every((x) => x === 0);
      }
      if (!zeros) report.damage = `gzip: ${n} bytes after the gzip data at byte ${start} are not gzip and were ignored`;
      return;
    }
    const why = await skipHeader(src);
    if (why) return lost(`${why} at byte ${start}`);
    const inf = createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: PIECE });
    let crc = 0, size = 0, ended = false, written = 0;
    const outQ: Buffer[] = [];
    inf.on('data', (b: Buffer) => outQ.push(b));
    inf.on('error', () => undefined); // reported through write(); destroy() must not throw it again
    try {
      for (;;) {
        const p = await src.piece();
        if (!p) break;
        written += p.length;
        const err = await write(inf, p).then(() => null, (e: Error) => e);
        for (const b of outQ.splice(0)) {
          crc = crc32(b, crc);
          size += b.length;
          out += b.length;
          yield b;
        }
        if (err) return lost(`damaged compressed data near byte ${src.at} (${err.message})`);
        // The inflater stops taking input at the end of the member: the rest is the trailer and beyond.
        const unused = written - inf.bytesWritten;
        if (unused > 0) {
          src.unread(p.subarray(p.length - unused));
          ended = true;
          break;
        }
      }
      if (!ended) {
        await finish(inf);
        for (const b of outQ.splice(0)) {
          out += b.length;
          yield b;
        }
        return lost('truncated file, the stream ends early');
      }
    } finally {
      inf.destroy();
    }
    if (!(await src.need(8))) return lost('truncated file, the stream ends before its CRC and length');
    const t = src.take(8);
    if (t.readUInt32LE(0) !== crc >>> 0) return lost('bad CRC');
    if (t.readUInt32LE(4) !== size % 2 ** 32) return lost('bad length check');
  }
}

/** Skips a member header (RFC 1952); the reason when it is not one. */
async function skipHeader(src: Input): Promise<string | null> {
  if (!(await src.need(10))) return 'truncated file, the header is cut';
  if (src.peek(0) !== 0x1f || src.peek(1) !== 0x8b) return 'not a gzip header';
  if (src.peek(2) !== 8) return `unknown compression method ${src.peek(2)}`;
  const flags = src.peek(3);
  if (flags & 0xe0) return 'reserved header flags set';
  src.take(10);
  if (flags & 4) {
    if (!(await src.need(2))) return 'truncated file, the header is cut';
    const n = src.peek(0) | (src.peek(1) << 8);
    if (!(await src.need(2 + n))) return 'truncated file, the header is cut';
    src.take(2 + n);
  }
  for (const bit of [8, 16]) {
    if (!(flags & bit)) continue;
    // Zero-terminated name or comment.
    let i = 0;
    for (;;) {
      if (!(await src.need(i + 1))) return 'truncated file, the header is cut';
      if (src.peek(i) === 0) break;
      i++;
    }
    src.take(i + 1);
  }
  if (flags & 2) {
    if (!(await src.need(2))) return 'truncated file, the header is cut';
    src.take(2);
  }
  return null;
}

function write(inf: InflateRaw, p: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    inf.once('error', reject);
    inf.write(p, (e) => {
      inf.off('error', reject);
      if (e) reject(e);
      else resolve();
    });
  });
}

function finish(inf: InflateRaw): Promise<void> {
  return new Promise((resolve) => {
    inf.once('end', resolve);
    inf.once('error', () => resolve());
    inf.end();
  });
}

// zlib.crc32 is in Node ≥ 20.15; older 20.x get the table version.
const TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
const crc32: (b: Buffer, prev: number) => number =
  typeof zlibCrc32 === 'function'
    ? zlibCrc32
    : (b, prev) => {
        let c = ~prev;
        for (let i = 0; i < b.length; i++) c = TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
        return ~c >>> 0;
      };
