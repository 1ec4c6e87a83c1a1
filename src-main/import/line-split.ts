// Splitting a byte stream into numbered lines with their byte offsets, long lines apart.
// A line over 1 MiB is never held whole: its first 64 KiB, its length and its sha256 are kept while the
// rest streams past (a 600 MB line once failed the import as a string too long for V8).
import { createHash } from 'node:crypto';
import { isUtf8, isAscii } from 'node:buffer';

/** Lines of one stretch of the input, all at most MAX_LINE bytes. */
export interface LineBatch {
  /** Lines in this batch, CR of CRLF removed. */
  lines: string[];
  /** Byte offset of each line in the decompressed stream. */
  offsets: number[];
  /** Raw bytes of lines that are not valid UTF-8 or contain NUL (by index). */
  raw: Map<number, Buffer>;
  /** Line number of lines[0] (1-based). */
  firstLine: number;
  /** Every line is ASCII: text derived from them can be written as latin1 (a plain copy). */
  ascii: boolean;
}

/** A line over MAX_LINE bytes: what is kept of it. */
export interface LongLine {
  kind: 'long';
  lineNo: number;
  offset: number;
  /** Its length in bytes, without the line ending. */
  length: number;
  /** Its first KEEP bytes. */
  head: Buffer;
  sha256: string;
}

export const MAX_LINE = 1 << 20;
export const KEEP = 64 * 1024;
const NL = Buffer.from('\n');
const CR = Buffer.from('\r');

export const isLong = (x: LineBatch | LongLine): x is LongLine => (x as LongLine).kind === 'long';

/** A long line read in pieces; a CR at a piece's end is held back until we know it is not the CRLF's. */
class LongAcc {
  private readonly hash = createHash('sha256');
  private readonly head: Buffer[] = [];
  private headLen = 0;
  private length = 0;
  private cr = false;

  constructor(private readonly lineNo: number, private readonly offset: number) {}

  add(piece: Buffer, last = false): void {
    if (last && piece.length === 0) this.cr = false;
    if (this.cr) this.take(CR);
    this.cr = piece.length > 0 && piece[piece.length - 1] === 13;
    if (this.cr) piece = piece.subarray(0, piece.length - 1);
    if (last) this.cr = false;
    this.take(piece);
  }

  private take(b: Buffer): void {
    this.hash.update(b);
    this.length += b.length;
    if (this.headLen < KEEP && b.length) {
      // A copy: keeping a view would keep its whole 4 MiB read chunk alive.
      const h = Buffer.from(b.subarray(0, KEEP - this.headLen));
      this.head.push(h);
      this.headLen += h.length;
    }
  }

  done(): LongLine {
    return { kind: 'long', lineNo: this.lineNo, offset: this.offset, length: this.length, head: Buffer.concat(this.head), sha256: this.hash.digest('hex') };
  }
}

/** Splits a byte stream into batches of lines, and long lines apart. */
export async function* readLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<LineBatch | LongLine> {
  let carry: Buffer[] = []; // pieces of a line (at most MAX_LINE + 1 bytes) that spans chunks
  let carryLen = 0;
  let carryOff = 0;
  let long: LongAcc | null = null;
  let offset = 0; // decompressed bytes before the current chunk
  const at = { lineNo: 1 };
  for await (const chunk of chunks) {
    const base = offset;
    offset += chunk.length;
    let from = 0;
    if (long || carryLen) {
      const nl = chunk.indexOf(10);
      const piece = nl === -1 ? chunk : chunk.subarray(0, nl);
      // Over MAX_LINE + 1 bytes, even a final CR cannot bring the line back under the limit.
      if (!long && carryLen + piece.length > MAX_LINE + 1) {
        long = new LongAcc(at.lineNo, carryOff);
        for (const c of carry) long.add(c);
        carry = [];
        carryLen = 0;
      }
      if (long) {
        long.add(piece, nl !== -1);
        if (nl === -1) continue;
        yield long.done();
        long = null;
        at.lineNo++;
      } else if (nl === -1) {
        carry.push(chunk);
        carryLen += chunk.length;
        continue;
      } else {
        // Only the spanning line is copied, never the whole chunk.
        yield* cut(Buffer.concat([...carry, chunk.subarray(0, nl + 1)]), carryOff, at);
        carry = [];
        carryLen = 0;
      }
      from = nl + 1;
    }
    const lastNl = chunk.lastIndexOf(10);
    if (lastNl >= from) yield* cut(chunk.subarray(from, lastNl + 1), base + from, at);
    const tailAt = Math.max(lastNl + 1, from);
    if (tailAt < chunk.length) {
      const tail = chunk.subarray(tailAt);
      if (tail.length > MAX_LINE + 1) {
        long = new LongAcc(at.lineNo, base + tailAt);
        long.add(tail);
      } else {
        carry = [tail];
        carryLen = tail.length;
        carryOff = base + tailAt;
      }
    }
  }
  if (long) {
    long.add(Buffer.alloc(0), true);
    yield long.done();
  } else if (carryLen) yield* cut(Buffer.concat([...carry, NL]), carryOff, at);
}

function longLine(bytes: Buffer, lineNo: number, offset: number): LongLine {
  const head = Buffer.from(bytes.subarray(0, KEEP));
  return { kind: 'long', lineNo, offset, length: bytes.length, head, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const batch = (firstLine: number, ascii: boolean): LineBatch => ({ lines: [], offsets: [], raw: new Map(), firstLine, ascii });

/** Splits complete lines out of buf (everything up to its last newline); long ones come apart. */
function* cut(buf: Buffer, base: number, at: { lineNo: number }): Generator<LineBatch | LongLine> {
  const end = buf.lastIndexOf(10) + 1;
  const head = buf.subarray(0, end);
  // Fast path: an ASCII chunk decodes once, and character positions are byte positions.
  const ascii = isAscii(head) && head.indexOf(0) === -1;
  const text = ascii ? buf.toString('latin1', 0, end) : '';
  let b = batch(at.lineNo, ascii);
  let pos = 0;
  while (pos < end) {
    const nl = ascii ? text.indexOf('\n', pos) : buf.indexOf(10, pos);
    let stop = nl;
    if (stop > pos && buf[stop - 1] === 13) stop--;
    if (stop - pos > MAX_LINE) {
      if (b.lines.length) yield b;
      yield longLine(buf.subarray(pos, stop), at.lineNo++, base + pos);
      b = batch(at.lineNo, ascii);
    } else if (ascii) {
      b.lines.push(text.slice(pos, stop));
      b.offsets.push(base + pos);
      at.lineNo++;
    } else {
      const bytes = buf.subarray(pos, stop);
      if (!isUtf8(bytes) || bytes.includes(0)) b.raw.set(b.lines.length, bytes);
      b.lines.push(bytes.toString('utf8'));
      b.offsets.push(base + pos);
      at.lineNo++;
    }
    pos = nl + 1;
  }
  if (b.lines.length) yield b;
}
