// What a source format plugs into the importer: how to recognise it and how to read it.
import type { CaseDb } from '../db/case-db.ts';
import type { LineBatch } from './line-split.ts';
import type { ImportSink } from './sink.ts';

export interface Sample {
  /** First bytes of the (decompressed) content. */
  head: Buffer;
  /** Its complete lines, decoded as UTF-8. */
  lines: string[];
  gz: boolean;
  /** The file holds no data at all (0 bytes, or a gzip of nothing): nothing to import, nothing wrong. */
  empty: boolean;
}

/** Counts every format keeps: units read = evidence + rejects + skipped (other programs' lines, in the sink) + blank (or ignorable). */
export interface UnitCounts {
  lines: number;
  blank: number;
}

export interface FormatContext {
  db: CaseDb;
  sink: ImportSink;
  sourceId: number;
  counts: UnitCounts;
  /** The file's mtime: the reference for year-less stamps and the time of dumps without one. */
  mtimeMs: number;
  year?: number;
  tz?: string;
  /** Time to give entries of a dump that carries none (µs since epoch). */
  dumpTimeUs: number;
}

export interface FormatProbe {
  id: string;
  /** What users call it, for messages and the README. */
  label: string;
  /** What `sources.lines` counts: text lines, packets (captures) or flow elements (conntrack XML). */
  unit: 'line' | 'packet' | 'flow';
  detect(s: Sample): boolean;
  /** Text formats: a handler for batches of lines. */
  lines?: (ctx: FormatContext) => (batch: LineBatch) => void;
  /** Binary formats: reads the whole (decompressed) stream. */
  stream?: (ctx: FormatContext, data: AsyncIterable<Buffer>, onUnit: () => Promise<void>) => Promise<void>;
  /** The table its evidence goes to. */
  table: string;
}
