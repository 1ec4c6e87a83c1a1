// Reading a source file as lines with their numbers and byte offsets: plain or gzip, streamed in
// large chunks, every byte accounted for (the last line without a newline included).
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createHash } from 'node:crypto';
import { isUtf8, isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';

/** One line: text without its line ending; bytes kept only when the line is not plain ASCII/UTF-8. */
export interface LineBatch {
  /** Lines in this batch, CR of CRLF removed. */
  lines: string[];
  /** Byte offset of each line in the decompressed stream. */
  offsets: number[];
  /** Raw bytes of lines that are not valid UTF-8, contain NUL or are over the length cap (by index). */
  raw: Map<number, Buffer>;
  /** Line number of lines[0] (1-based). */
  firstLine: number;
  /** Every line is ASCII: text derived from them can be written as latin1 (a plain copy). */
  ascii: boolean;
}

export interface ReadStats {
  /** Bytes of the file read so far (compressed bytes for .gz). */
  fileBytes: number;
  /** sha256 of the file as stored. */
  sha256: string;
  /** Set when the stream ended badly (truncated gzip, read error); lines before it were delivered. */
  damage: string | null;
}

export const MAX_LINE = 1 << 20; // longer lines are rejects; their bytes are kept whole
const CHUNK = 4 << 20;

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * The (decompressed) bytes of `path`, hashed and counted as read. A stream that ends badly (truncated
 * gzip, read error) ends the iteration normally with `stats.damage` set: everything before it counts.
 */
export async function* openSource(path: string, gz: boolean, stats: ReadStats): AsyncGenerator<Buffer> {
  const file = createReadStream(path, { highWaterMark: CHUNK });
  const hash = createHash('sha256');
  file.on('data', (b) => {
    hash.update(b as Buffer);
    stats.fileBytes += (b as Buffer).length;
  });
  const stream: Readable = gz ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
  if (gz) file.on('error', (e) => stream.destroy(e));
  try {
    for await (const c of stream) yield c as Buffer;
  } catch (e) {
    stats.damage = describe(e as Error);
  } finally {
    file.destroy();
  }
  stats.sha256 = hash.digest('hex');
}

/** Splits a byte stream into batches of lines with their numbers and offsets. */
export async function* readLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<LineBatch> {
  let carry: Buffer[] = []; // pieces of a line that spans chunks
  let carryLen = 0;
  let carryOff = 0;
  let offset = 0; // decompressed bytes before the current chunk
  let lineNo = 1;
  for await (const chunk of chunks) {
    const base = offset;
    offset += chunk.length;
    let from = 0;
    if (carryLen) {
      // Only the spanning line is copied, never the whole chunk.
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        carry.push(chunk);
        carryLen += chunk.length;
        continue;
      }
      const joined = Buffer.concat([...carry, chunk.subarray(0, nl + 1)]);
      carry = [];
      carryLen = 0;
      const b = cut(joined, carryOff, lineNo);
      lineNo += b.lines.length;
      yield b;
      from = nl + 1;
    }
    const lastNl = chunk.lastIndexOf(10);
    if (lastNl >= from) {
      const b = cut(chunk.subarray(from, lastNl + 1), base + from, lineNo);
      lineNo += b.lines.length;
      yield b;
    }
    if (lastNl < chunk.length - 1) {
      const tail = chunk.subarray(Math.max(lastNl + 1, from));
      carry.push(tail);
      carryLen += tail.length;
      carryOff = base + Math.max(lastNl + 1, from);
    }
  }
  if (carryLen) yield cut(Buffer.concat([...carry, Buffer.from('\n')]), carryOff, lineNo);
}

function describe(e: Error): string {
  if (/unexpected end of file/i.test(e.message)) return 'gzip stream ends early (truncated file)';
  if (/incorrect header|invalid/i.test(e.message)) return `gzip data is damaged (${e.message})`;
  return `read error: ${e.message}`;
}

/** Splits complete lines out of buf (everything up to its last newline). */
function cut(buf: Buffer, base: number, firstLine: number): LineBatch {
  const lines: string[] = [];
  const offsets: number[] = [];
  const raw = new Map<number, Buffer>();
  const end = buf.lastIndexOf(10) + 1;
  // Fast path: an ASCII chunk decodes once, and character positions are byte positions.
  const head = buf.subarray(0, end);
  if (isAscii(head) && head.indexOf(0) === -1) {
    const text = buf.toString('latin1', 0, end);
    let pos = 0;
    while (pos < end) {
      const nl = text.indexOf('\n', pos);
      let stop = nl;
      if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
      const long = stop - pos > MAX_LINE;
      if (long) raw.set(lines.length, buf.subarray(pos, stop));
      lines.push(long ? '' : text.slice(pos, stop));
      offsets.push(base + pos);
      pos = nl + 1;
    }
    return { lines, offsets, raw, firstLine, ascii: true };
  }
  let pos = 0;
  while (pos < end) {
    const nl = buf.indexOf(10, pos);
    let stop = nl;
    if (stop > pos && buf[stop - 1] === 13) stop--;
    const bytes = buf.subarray(pos, stop);
    const bad = bytes.length > MAX_LINE || !isUtf8(bytes) || bytes.includes(0);
    if (bad) raw.set(lines.length, bytes);
    lines.push(bytes.length > MAX_LINE ? '' : bytes.toString('utf8'));
    offsets.push(base + pos);
    pos = nl + 1;
  }
  return { lines, offsets, raw, firstLine, ascii: false };
}
