// Reading one original line back from a source file by its byte offset, only when the file is still the one imported.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { sha256File } from '../import/hash.ts';
import { gunzip, type GzipReport } from '../import/gunzip.ts';
import type { OriginalLine } from '../shared/event-detail.ts';

/** What the case recorded about the file at import. */
export interface RecordedSource {
  path: string;
  size: number;
  /** Microseconds since the epoch, as `sources.mtime` holds it; null when unknown. */
  mtimeUs: number | null;
  sha256: string;
}

export interface ReadLimits {
  /** Bytes of one line read at most. */
  lineBytes?: number;
  /** Files up to this size are re-hashed; larger ones are checked by size and mtime (hashing gigabytes per click is not acceptable). */
  hashBytes?: number;
  /** Decompressed bytes a .gz is read through at most to reach an offset. */
  gzBytes?: number;
}

export const LINE_BYTES = 64 * 1024;
const HASH_BYTES = 256 * 1024 * 1024;
const GZ_BYTES = 1024 * 1024 * 1024;

export async function readSourceLine(src: RecordedSource, byteOff: number, limits: ReadLimits = {}): Promise<OriginalLine> {
  const lineBytes = limits.lineBytes ?? LINE_BYTES;
  let st;
  try {
    st = await stat(src.path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'gone', message: `The source file is no longer at ${src.path}.` };
    return { status: 'unreadable', message: `Cannot read ${src.path}: ${(e as Error).message}` };
  }
  if (!st.isFile()) return { status: 'gone', message: `${src.path} is no longer a file.` };
  if (st.size !== src.size) return { status: 'changed', message: `${src.path} has changed since import: ${st.size.toLocaleString('en')} bytes now, ${src.size.toLocaleString('en')} then.` };
  let verified: 'sha256' | 'size-mtime';
  try {
    if (st.size <= (limits.hashBytes ?? HASH_BYTES)) {
      if ((await sha256File(src.path)) !== src.sha256) return { status: 'changed', message: `${src.path} has changed since import: same size, different content (sha256).` };
      verified = 'sha256';
    } else {
      // Whole milliseconds: the mtime was recorded from stat's mtimeMs, rounded to microseconds.
      if (src.mtimeUs === null || Math.abs(st.mtimeMs * 1000 - src.mtimeUs) > 1000) {
        return { status: 'changed', message: `${src.path} was modified since import (its mtime differs; too large to re-hash).` };
      }
      verified = 'size-mtime';
    }
    const head = await readAt(src.path, 0, 2);
    const gz = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
    let bytes: Buffer;
    if (gz) {
      const limit = limits.gzBytes ?? GZ_BYTES;
      if (byteOff > limit) return { status: 'too-far', message: `The line is ${byteOff.toLocaleString('en')} bytes into the decompressed file; reading back is limited to the first ${limit.toLocaleString('en')}.` };
      bytes = await readGzAt(src.path, byteOff, lineBytes + 1);
    } else {
      bytes = await readAt(src.path, byteOff, lineBytes + 1);
    }
    const nl = bytes.indexOf(0x0a);
    const end = nl >= 0 ? Math.min(nl, lineBytes) : Math.min(bytes.length, lineBytes);
    const cut = nl < 0 ? bytes.length > lineBytes : nl > lineBytes;
    return { status: 'ok', text: escapeLine(bytes.subarray(0, end)), bytes: end, cut, verified };
  } catch (e) {
    return { status: 'unreadable', message: `Cannot read ${src.path}: ${(e as Error).message}` };
  }
}

async function readAt(path: string, pos: number, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, pos);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** `n` decompressed bytes from `pos`: the stream is inflated from its start (gzip cannot seek), and dropped as soon as they are in. */
async function readGzAt(path: string, pos: number, n: number): Promise<Buffer> {
  const report: GzipReport = { damage: null };
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const parts: Buffer[] = [];
  let at = 0;
  let got = 0;
  try {
    for await (const chunk of gunzip(input as AsyncIterable<Buffer>, report)) {
      const from = Math.max(0, pos - at);
      at += chunk.length;
      if (from >= chunk.length) continue;
      const piece = chunk.subarray(from, from + (n - got));
      parts.push(Buffer.from(piece));
      got += piece.length;
      if (got >= n) break;
    }
  } finally {
    input.destroy();
  }
  if (got === 0 && report.damage) throw new Error(`the gzip data is damaged before the line (${report.damage})`);
  return Buffer.concat(parts);
}

/**
 * Text of a line that an attacker may have written: printable UTF-8 kept; control characters (C0, DEL,
 * C1), bidi and other invisible format controls, invalid UTF-8 and the backslash itself escaped, so
 * nothing in it can act on a terminal or the page and every byte can be told from the text.
 */
export function escapeLine(b: Buffer): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      out += c === 0x5c ? '\\\\' : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : hex(c);
      i++;
      continue;
    }
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    const cp = len ? decode(b, i, len) : null;
    if (cp === null) {
      out += hex(c);
      i++;
      continue;
    }
    out += invisible(cp) ? `\\u{${cp.toString(16)}}` : String.fromCodePoint(cp);
    i += len;
  }
  return out;
}

const hex = (c: number) => '\\x' + c.toString(16).padStart(2, '0');

/** The code point of a well-formed sequence (no overlongs, surrogates or values past U+10FFFF), else null. */
function decode(b: Buffer, i: number, len: number): number | null {
  if (i + len > b.length) return null;
  let cp = b[i] & (0xff >> (len + 1));
  for (let k = 1; k < len; k++) {
    const x = b[i + k];
    if ((x & 0xc0) !== 0x80) return null;
    cp = (cp << 6) | (x & 0x3f);
  }
  const min = len === 2 ? 0x80 : len === 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return cp;
}

function invisible(cp: number): boolean {
  return (cp >= 0x80 && cp <= 0x9f) || cp === 0xad || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e)
    || (cp >= 0x2060 && cp <= 0x206f) || cp === 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}
