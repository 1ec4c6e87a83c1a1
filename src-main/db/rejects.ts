// Writing rejected lines: reason, readable text, exact bytes, and at most 64 KiB of any one line.
// Of a longer line its full length and sha256 are kept instead (whole 60 MB lines in `rejects` once
// made DuckDB fail its checkpoint and invalidate the case).
import { createHash } from 'node:crypto';
import type { CaseDb } from './case-db.ts';
import type { RejectRow as RejectView } from '../shared/api.ts';
import type { SqlRunner } from './saved-queries.ts';

/** A rejected line as the app shows it, plus what the text cannot carry. */
export interface RejectRow extends RejectView {
  /** Exact bytes (at most KEEP of them) when the text cannot carry them or was cut. */
  raw: Buffer | null;
  /** The whole line's length in bytes; null for units that are not text lines (packets, flows). */
  length?: number | null;
  /** sha256 of the whole line, when what is kept of it was cut. */
  sha256?: string | null;
}

/** Bytes kept of one rejected line. */
export const KEEP = 64 * 1024;

/** Readable text of raw bytes: printable ASCII kept, other bytes as \xNN, capped at KEEP bytes. */
export function escapeBytes(b: Buffer): string {
  let out = '';
  const n = Math.min(b.length, KEEP);
  for (let i = 0; i < n; i++) {
    const c = b[i];
    out += c >= 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : c === 0x5c ? '\\\\' : '\\x' + c.toString(16).padStart(2, '0');
  }
  return b.length > n ? out + ` …[${b.length - n} more bytes not kept]` : out;
}

/** Text of the first bytes of a UTF-8 line, without a character cut in half at the end. */
export function headText(head: Buffer): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(head, { stream: true });
}

/**
 * The row as stored: at most KEEP bytes of the line, copied (a view would keep its whole read chunk
 * alive until the flush), with the length of the line and, when cut, the sha256 of all of it.
 */
export function capReject(r: RejectRow): RejectRow {
  if (r.length !== undefined) return r.raw ? { ...r, raw: Buffer.from(r.raw) } : r;
  const bytes = r.raw ?? (r.line.length > KEEP / 3 ? Buffer.from(r.line, 'utf8') : null);
  const length = bytes ? bytes.length : Buffer.byteLength(r.line, 'utf8');
  if (length <= KEEP) return { ...r, raw: r.raw ? Buffer.from(r.raw) : null, length };
  const head = Buffer.from(bytes!.subarray(0, KEEP));
  const line = r.raw ? escapeBytes(head) : headText(head);
  return { ...r, line, raw: head, length, sha256: createHash('sha256').update(bytes!).digest('hex') };
}

export async function appendRejects(db: CaseDb, rows: RejectRow[]): Promise<void> {
  const app = await db.conn.createAppender('rejects');
  try {
    for (const r of rows) {
      app.appendInteger(r.sourceId);
      app.appendBigInt(BigInt(r.lineNo));
      app.appendBigInt(BigInt(r.byteOff));
      app.appendVarchar(r.reason);
      app.appendVarchar(r.line);
      if (r.raw) app.appendBlob(r.raw);
      else app.appendNull();
      if (r.length == null) app.appendNull();
      else app.appendBigInt(BigInt(r.length));
      if (r.sha256) app.appendVarchar(r.sha256);
      else app.appendNull();
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}

/** A source's rejects per reason, most frequent first, with the first `examples` lines of each. */
export async function rejectGroupRows(db: SqlRunner, sourceId: number, examples: number) {
  const groups = await db.all(
    `SELECT reason, count(*)::DOUBLE n FROM rejects WHERE source_id = $1 GROUP BY reason ORDER BY n DESC, reason LIMIT 200`,
    [sourceId],
  );
  const lines = await db.all(
    `SELECT source_id, line_no::DOUBLE line_no, byte_off::DOUBLE byte_off, reason, line FROM rejects WHERE source_id = $1
      QUALIFY row_number() OVER (PARTITION BY reason ORDER BY line_no, byte_off) <= $2 ORDER BY reason, line_no`,
    [sourceId, examples],
  );
  return { groups, lines };
}
