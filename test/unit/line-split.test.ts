// Splitting a byte stream into lines (issue 12, items 9 and 10): however the input is chunked, every
// line comes out once with its number and offset, and lines over 1 MiB come apart as long lines with
// their first 64 KiB, length and sha256 — never held whole.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { readLines, isLong, KEEP, MAX_LINE, type LineBatch, type LongLine } from '../../src-main/import/line-split.ts';

interface Out {
  no: number;
  off: number;
  text?: string;
  len?: number;
  sha?: string;
  head?: string;
}

async function split(buf: Buffer, chunkSizes: number[]): Promise<Out[]> {
  async function* chunks() {
    let p = 0;
    for (let i = 0; p < buf.length; i++) {
      const n = chunkSizes[i % chunkSizes.length];
      yield buf.subarray(p, p + n);
      p += n;
    }
  }
  const out: Out[] = [];
  for await (const x of readLines(chunks())) {
    if (isLong(x)) {
      const l = x as LongLine;
      out.push({ no: l.lineNo, off: l.offset, len: l.length, sha: l.sha256, head: l.head.toString('latin1') });
    } else {
      const b = x as LineBatch;
      b.lines.forEach((t, i) => out.push({ no: b.firstLine + i, off: b.offsets[i], text: t }));
    }
  }
  return out;
}

/** What the split should give: lines without LF or the CR of CRLF; long ones by length and hash. */
function expected(buf: Buffer): Out[] {
  const out: Out[] = [];
  let p = 0;
  for (let no = 1; p < buf.length; no++) {
    let e = buf.indexOf(10, p);
    const next = e === -1 ? buf.length : e + 1;
    if (e === -1) e = buf.length;
    if (e > p && buf[e - 1] === 13) e--;
    const line = buf.subarray(p, e);
    if (line.length > MAX_LINE) {
      out.push({ no, off: p, len: line.length, sha: createHash('sha256').update(line).digest('hex'), head: line.subarray(0, KEEP).toString('latin1') });
    } else out.push({ no, off: p, text: line.toString('utf8') });
    p = next;
  }
  return out;
}

describe('readLines', () => {
  const MiB = 1 << 20;
  const body = Buffer.concat([
    Buffer.from('short\r\n\r\n'),
    Buffer.from('a'.repeat(MAX_LINE) + '\r\n'), // exactly the limit: a normal line
    Buffer.from('b'.repeat(MAX_LINE + 1) + '\n'), // one over: long
    Buffer.from('c'.repeat(MAX_LINE) + '\r' + '\r\n'), // the limit plus a CR that is content: long
    Buffer.from('d'.repeat(3 * MiB + 17) + '\r\n'),
    Buffer.from('é ü\n'),
    Buffer.from('e'.repeat(2 * MiB) + '\r'), // the last line, no newline, a CR at the very end
  ]);
  const want = expected(body);

  it('the reference has what the cases need', () => {
    expect(want.filter((o) => o.len !== undefined).map((o) => [o.no, o.len])).toEqual([[4, MAX_LINE + 1], [5, MAX_LINE + 1], [6, 3 * MiB + 17], [8, 2 * MiB]]);
  });

  for (const sizes of [[4 << 20], [MiB], [65536, 1], [MAX_LINE + 1, 3], [999_983, 7, 131_071], [1 << 22, 1 << 19, 1]]) {
    it(`chunks of ${sizes.join(', ')} bytes give every line once, with numbers, offsets, lengths and hashes`, async () => {
      expect(await split(body, sizes)).toEqual(want);
    });
  }

  it('a CR at a chunk end is held until the next chunk says whether it ends the line', async () => {
    const b = Buffer.from('x'.repeat(MAX_LINE + 10) + '\r' + 'y\r' + '\n' + 'z\n');
    for (const at of [MAX_LINE + 11, MAX_LINE + 13, MAX_LINE + 12]) {
      expect(await split(b, [at, b.length])).toEqual(expected(b));
    }
  });

  it('long lines keep a copy of their head, not a view of the read chunk', async () => {
    const b = Buffer.from('q'.repeat(2 * MiB) + '\n');
    for await (const x of readLines((async function* () { yield b; })())) {
      if (isLong(x)) expect((x as LongLine).head.buffer).not.toBe(b.buffer);
    }
  });
});
