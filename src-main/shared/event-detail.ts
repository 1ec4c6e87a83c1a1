// The row detail's contract: every field of one event and its original line read back from the source file.
import type { Cell } from './api.ts';

/** The line as it is in the source file now, or why it cannot be shown. */
export type OriginalLine =
  | {
      status: 'ok';
      /** The line's bytes as text: control characters, invalid UTF-8, bidi controls and `\` escaped (`\xNN`, `\u{…}`, `\\`). */
      text: string;
      /** Bytes of the line shown (without the newline). */
      bytes: number;
      /** The line goes on past the 64 KiB read. */
      cut: boolean;
      /** How the file was found to be the one imported: its sha256, or (too large to re-hash) its size and mtime. */
      verified: 'sha256' | 'size-mtime';
    }
  | {
      /** gone: no file at the path; changed: not the file imported; too-far: the .gz offset is past what is decompressed for this; unreadable: any other error. */
      status: 'gone' | 'changed' | 'too-far' | 'unreadable';
      message: string;
    };

export interface EventDetail {
  sourceId: number;
  lineNo: number;
  byteOff: number;
  /** Every column of events_enriched for the event, in table order. */
  fields: Array<{ name: string; type: string; value: Cell }>;
  source: { path: string; name: string; format: string; size: number; mtime: string | null; sha256: string } | null;
  original: OriginalLine;
}
