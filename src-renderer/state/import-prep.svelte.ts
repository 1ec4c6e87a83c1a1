// The Import view's preparation of picked files: the year and zone an import uses (kept in the case), what is
// detected per file before it is sent (its date, the year that gives, a duplicate), and each upload's bytes with Cancel.
import type { ImportOptions, ImportSummary } from '../../src-main/shared/api.ts';
import { api, app } from './app.svelte.ts';
import { loadCaseUi } from './case-ui.ts';
import { keptOrTyped } from '../lib/kept-or-typed.ts';

export type PickedState = 'checking' | 'waiting' | 'uploading' | 'uploaded' | 'duplicate' | 'failed' | 'cancelled';

export interface Picked {
  name: string;
  size: number;
  lastModified: number;
  state: PickedState;
  sent: number;
  /** The source already holding these bytes (found by sha256 before the upload). */
  duplicateOf: { id: number; name: string } | null;
  message: string | null;
}

export const prep = $state({
  /** The fields as typed: '' means the default (year from each file's date, the server's zone). */
  year: '',
  tz: '',
  picked: [] as Picked[],
  /** Cancel was pressed during the uploads: shown at once, before the transfer has stopped. */
  cancelling: false,
});

/** Files up to this size are hashed in the page to skip uploading one the case already holds. */
export const HASH_MAX_BYTES = 256 * 1024 ** 2;
const UI_KEY = 'import.options';

/** Why the fields cannot be used (shown next to them, Import disabled), or null. */
export function optionProblem(year = prep.year, tz = prep.tz): string | null {
  const y = year.trim();
  if (y && (!/^\d{4}$/.test(y) || Number(y) < 1970 || Number(y) > 2200)) return 'Year: a year from 1970 to 2200, or empty for each file\'s date';
  const z = tz.trim();
  if (z && !/^[+-]\d{2}:?\d{2}$/.test(z) && z !== 'UTC') {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: z });
    } catch {
      return `Time zone: "${z}" is not a zone (an IANA name like Europe/Berlin, UTC, or +02:00)`;
    }
  }
  return null;
}

export function importOptions(): ImportOptions {
  return { year: prep.year.trim() ? Number(prep.year.trim()) : null, tz: prep.tz.trim() || null };
}

/** The year year-less stamps of a file get, as the importer infers it: the file date's (earlier months than it: that year; later: the year before). */
export function detectedYear(lastModified: number): string {
  const given = prep.year.trim();
  if (given && !optionProblem(given, '')) return `${given} (given)`;
  const d = new Date(lastModified);
  const y = d.getUTCFullYear();
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${y} (file date ${d.toISOString().slice(0, 10)}; lines after ${month} ${d.getUTCDate()}: ${y - 1})`;
}

/** The zone stamps without an offset are read in. */
export function detectedZone(): string {
  return prep.tz.trim() || `${app.info?.timeZone ?? 'the server\'s'} (server's zone)`;
}

let loadedFor: string | null = null;

/** Reads the case's year and zone once per case opened: a refresh of the same case must not undo what is being typed. */
export async function loadImportOptions(casePath: string): Promise<void> {
  if (loadedFor === casePath) return;
  loadedFor = casePath;
  const before = { year: prep.year, tz: prep.tz };
  const o = await loadCaseUi(UI_KEY, { year: '', tz: '' }, (v): v is { year: string; tz: string } =>
    typeof v === 'object' && v !== null && typeof (v as { year?: unknown }).year === 'string' && typeof (v as { tz?: unknown }).tz === 'string');
  if (loadedFor !== casePath) return; // another case opened meanwhile: its own load decides
  prep.year = keptOrTyped(before.year, prep.year, o.year);
  prep.tz = keptOrTyped(before.tz, prep.tz, o.tz);
}

/** Written when a field is left (change), not per keystroke: a reload right after must find it. */
export function saveImportOptions(): void {
  void api().setUiState(UI_KEY, { year: prep.year, tz: prep.tz });
}

let abort: AbortController | null = null;

/** Browser mode: uploads sent but not yet handed to an import; the server keeps them until then, so a page giving up deletes them. */
export const waitingUploads = new Set<string>();

/** Deletes uploads the page will not import (a cancelled upload batch); the ones already imported are gone on the server. */
export async function discardWaiting(paths: string[]): Promise<void> {
  const mine = paths.filter((p) => waitingUploads.delete(p));
  if (mine.length) await api().discardUploads(mine);
}

// A page closed between upload and import leaves nothing behind (the request is sent with keepalive).
if (typeof window !== 'undefined') window.addEventListener('pagehide', () => void discardWaiting([...waitingUploads]));

/** Stops the upload under way and the ones after it. */
export function cancelUploads(): void {
  if (!abort) return;
  prep.cancelling = true;
  abort.abort();
}

async function sha256Hex(f: File): Promise<string | null> {
  if (f.size > HASH_MAX_BYTES || typeof crypto === 'undefined' || !crypto.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await f.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function duplicateRow(p: Picked, of: { id: number; name: string }): ImportSummary {
  return {
    path: p.name, name: p.name, sourceId: of.id, outcome: 'duplicate', format: null, lines: 0, events: 0, rejects: 0, skipped: 0, blank: 0, status: 'duplicate',
    message: `already imported as source ${of.id}${of.name !== p.name ? ` (${of.name})` : ''}: not uploaded, nothing changed`,
  };
}

export interface Uploaded {
  /** Server-side paths with the names the user picked. */
  paths: Array<{ path: string; name: string }>;
  /** Files the case already holds (not sent) and uploads that failed, for the summary. */
  rows: ImportSummary[];
  cancelled: boolean;
}

/** Checks each picked file against the case (browser mode), then sends the new ones with their bytes counted. */
export async function uploadPicked(files: File[]): Promise<Uploaded> {
  const out: Uploaded = { paths: [], rows: [], cancelled: false };
  const ctl = new AbortController();
  abort = ctl;
  prep.cancelling = false;
  prep.picked = files.map((f) => ({ name: f.webkitRelativePath || f.name, size: f.size, lastModified: f.lastModified, state: 'checking', sent: 0, duplicateOf: null, message: null }));
  const browser = api().transport === 'ws';
  try {
    for (const [i, f] of files.entries()) {
      const p = prep.picked[i]!;
      if (ctl.signal.aborted) {
        p.state = 'cancelled';
        continue;
      }
      const sha = browser ? await sha256Hex(f).catch(() => null) : null;
      const known = sha ? await api().sourceBySha(sha) : null;
      if (known?.ok && known.value) {
        p.state = 'duplicate';
        p.duplicateOf = known.value;
        out.rows.push(duplicateRow(p, known.value));
        continue;
      }
      p.state = 'uploading';
      const r = await api().upload(f, { signal: ctl.signal, onProgress: (sent) => (p.sent = sent) });
      if (r.ok) {
        p.state = 'uploaded';
        p.sent = f.size;
        out.paths.push({ path: r.value, name: p.name });
        waitingUploads.add(r.value);
      } else if (r.error.code === 'CANCELLED') {
        p.state = 'cancelled';
      } else {
        p.state = 'failed';
        p.message = r.error.message;
        out.rows.push({ path: p.name, name: p.name, sourceId: 0, outcome: 'failed', format: null, lines: 0, events: 0, rejects: 0, skipped: 0, blank: 0, status: 'failed', message: r.error.message });
      }
    }
  } finally {
    out.cancelled = ctl.signal.aborted;
    if (abort === ctl) abort = null;
    prep.cancelling = false;
  }
  return out;
}
