// Writing rejected lines: the reason, the line as readable text, and the exact bytes when the text
// cannot carry them (invalid UTF-8, NUL bytes, over-long lines).
import type { CaseDb } from './case-db.ts';
import type { RejectRow as RejectView } from '../shared/api.ts';

/** A rejected line as the app shows it, plus the exact bytes when the text cannot carry them. */
export interface RejectRow extends RejectView {
  raw: Buffer | null;
}

const TEXT_CAP = 64 * 1024;

/** Readable text of raw bytes: valid UTF-8 kept, other bytes as \xNN, capped for display. */
export function escapeBytes(b: Buffer): string {
  let out = '';
  const n = Math.min(b.length, TEXT_CAP);
  for (let i = 0; i < n; i++) {
    const c = b[i];
    out += c >= 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : c === 0x5c ? '\\\\' : '\\x' + c.toString(16).padStart(2, '0');
  }
  return b.length > n ? out + ` …[${b.length - n} more bytes in raw]` : out;
}

export async function appendRejects(db: CaseDb, rows: RejectRow[]): Promise<void> {
  const app = await db.conn.createAppender('rejects');
  try {
    for (const r of rows) {
      app.appendInteger(r.sourceId);
      app.appendBigInt(BigInt(r.lineNo));
      app.appendBigInt(BigInt(r.byteOff));
      app.appendVarchar(r.reason);
      app.appendVarchar(r.line.length > TEXT_CAP ? r.line.slice(0, TEXT_CAP) + ' …[cut]' : r.line);
      const raw = r.raw ?? (r.line.length > TEXT_CAP ? Buffer.from(r.line, 'utf8') : null);
      if (raw) app.appendBlob(raw);
      else app.appendNull();
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}
