// Owns the import's time options as the app takes them (year and zone, checked like the CLI's --year and
// --tz) and what an import reports about how it read a file's times.
import type { ImportOptions } from '../shared/api.ts';
import { statSync } from 'node:fs';
import type { CaseDb } from '../db/case-db.ts';
import { sourceSpan } from '../db/sources.ts';
import { AppError, iso } from './result.ts';

export const MIN_YEAR = 1970;
export const MAX_YEAR = 2200;

/** Why `tz` is not a zone the importer reads, or null when it is (an IANA name, UTC, or ±HH:MM). */
export function zoneProblem(tz: string): string | null {
  if (/^[+-]\d{2}:?\d{2}$/.test(tz) || tz === 'UTC') return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return null;
  } catch {
    return `"${tz}" is not a time zone (use an IANA name like Europe/Berlin, UTC, or +02:00)`;
  }
}

/** The zone stamps without an offset are read in when none is given: this machine's. */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The renderer's options: absent or null fields keep the defaults. */
export function checkImportOptions(v: unknown): { year?: number; tz?: string } {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new AppError('BAD_ARGUMENT', 'options must be an object');
  const o = v as Partial<Record<keyof ImportOptions, unknown>>;
  const out: { year?: number; tz?: string } = {};
  if (o.year !== undefined && o.year !== null) {
    if (typeof o.year !== 'number' || !Number.isInteger(o.year) || o.year < MIN_YEAR || o.year > MAX_YEAR) {
      throw new AppError('BAD_ARGUMENT', `year must be a whole number from ${MIN_YEAR} to ${MAX_YEAR}`);
    }
    out.year = o.year;
  }
  if (o.tz !== undefined && o.tz !== null) {
    if (typeof o.tz !== 'string' || o.tz.length > 64) throw new AppError('BAD_ARGUMENT', 'tz must be a zone name');
    const tz = o.tz.trim();
    if (tz) {
      const why = zoneProblem(tz);
      if (why) throw new AppError('BAD_ARGUMENT', `tz ${why}`);
      out.tz = tz;
    }
  }
  return out;
}

/** What the summary tells about how a file's times were read, and the span its evidence covers. */
export async function timeBasis(db: CaseDb, path: string, sourceId: number, req: { year?: number; tz?: string }) {
  let fileDate: string | null = null;
  try {
    fileDate = statSync(path).mtime.toISOString();
  } catch {
    // Gone already (an upload another request forgot): the span still says what was read.
  }
  const span = sourceId > 0 ? await sourceSpan(db, sourceId) : { firstTs: null, lastTs: null };
  return { year: req.year ?? null, fileDate, tz: req.tz ?? machineZone(), firstTs: iso(span.firstTs), lastTs: iso(span.lastTs) };
}
