// How the Import view words a source's time span and how its times were read (both shown in UTC, as the rest of the app).
import type { ImportSummary } from '../../src-main/shared/api.ts';

const short = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** `2024-03-14 08:00:01 → 2024-03-14 09:59:58 UTC`, or null without times. */
export function spanText(first: string | null | undefined, last: string | null | undefined): string | null {
  if (!first) return null;
  return `${short(first)} → ${short(last ?? first)} UTC`;
}

/** `year 2024 from file date 2024-06-01 · zone UTC`: the effective choice of an import. */
export function basisText(s: ImportSummary): string | null {
  if (s.outcome !== 'imported' || s.tz === undefined) return null;
  const year = s.year != null ? `year ${s.year} (given)` : s.fileDate ? `year from file date ${s.fileDate.slice(0, 10)}` : 'year from file date';
  return `${year} · zone ${s.tz}`;
}
