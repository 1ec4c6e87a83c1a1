// What every text line handler does first with a line: a NUL-damaged line is a reject with its raw
// bytes, a blank one is counted. One definition, so the log and trace formats account alike.
import { escapeBytes } from '../db/rejects.ts';
import type { FormatContext } from './format-types.ts';

/** Records a reject of one line (its raw bytes kept when it was not valid text); `damage` as sink.reject. */
export type LineReject = (reason: string, line: string, lineNo: number, byteOff: number, bytes: Buffer | undefined, damage?: boolean) => void;

export function lineRejecter(ctx: FormatContext): LineReject {
  const { sourceId, sink } = ctx;
  return (reason, line, lineNo, byteOff, bytes, damage) =>
    sink.reject({ sourceId, lineNo, byteOff, reason, line: bytes ? escapeBytes(bytes) : line, raw: bytes ?? null }, damage);
}

/** Only spaces, tabs and CRs (a CRLF file's empty line). */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * True when the line is dealt with: rejected for NUL bytes (damage) or counted as blank. Lines over
 * 1 MiB never get here (the importer rejects them); invalid UTF-8 alone is read with U+FFFD in place.
 */
export function screenLine(ctx: FormatContext, reject: LineReject, line: string, lineNo: number, byteOff: number, bytes: Buffer | undefined): boolean {
  if (bytes && bytes.includes(0)) {
    reject('NUL bytes in the line (damaged file)', line, lineNo, byteOff, bytes);
    return true;
  }
  if (isBlank(line)) {
    ctx.counts.blank++;
    return true;
  }
  return false;
}
