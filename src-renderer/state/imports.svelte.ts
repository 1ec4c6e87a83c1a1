// The running import as app state, not view state: its upload, opId, progress, Cancel and this session's summaries outlive the Import view.
import type { ImportSummary, ProgressEvent } from '../../src-main/shared/api.ts';
import { newOpId } from '../client/index.ts';
import { api, app, opEnded, opStarted, refreshCase, reportError } from './app.svelte.ts';
import { cancelUploads, discardWaiting, importOptions, uploadPicked, waitingUploads, type Uploaded } from './import-prep.svelte.ts';

export const imports = $state({
  /** The running import's opId (progress events and cancel), or null. */
  opId: null as string | null,
  /** Browser mode: the file being uploaded before the import starts, or null. */
  uploading: null as string | null,
  /** How many paths the running import was given (the indicator says "Importing 2 files"). */
  count: 0,
  /** Cancel was asked for and the import has not answered yet. */
  cancelling: false,
  /** What the last import's end said that is not a summary row (a cancel and what it kept), or null. */
  notice: null as string | null,
  /** This session's import summaries, newest first. */
  summaries: [] as ImportSummary[],
  /** Bumped when an import ends, so whoever lists the case's sources reloads them. */
  ended: 0,
});

/** Server-side upload paths → the names the user picked, for summaries and messages. */
const names = new Map<string, string>();

export function rememberName(path: string, name: string): void {
  names.set(path, name);
}

/** `text` with upload paths replaced by the names the user picked. */
export function shown(text: string): string {
  return [...names].reduce((t, [path, name]) => t.split(path).join(name), text);
}

export function importBusy(): boolean {
  return imports.opId !== null || imports.uploading !== null;
}

/** The running import's progress events (one per file or phase), empty when none is running. */
export function importProgress(): ProgressEvent[] {
  const id = imports.opId;
  return id ? Object.values(app.progress).filter((e) => e.opId === id) : [];
}

export async function cancelImport(): Promise<void> {
  const id = imports.opId;
  if (!id) return;
  imports.cancelling = true;
  cancelUploads();
  await api().cancel(id);
}

export async function importPaths(paths: string[]): Promise<void> {
  if (paths.length === 0 || imports.opId !== null) return;
  const id = newOpId('import');
  imports.opId = id;
  imports.count = paths.length;
  imports.cancelling = false;
  opStarted(id);
  try {
    imports.notice = null;
    const r = await api().importPaths(paths, id, importOptions());
    if (r.ok) {
      // Failures are rows of the summary (status and message), listed once: no banner per file.
      imports.summaries = [...r.value, ...imports.summaries];
    } else if (r.error.code === 'CANCELLED') {
      // The core says what a cancel kept (files finished before it): "unchanged" is not always true.
      imports.notice = shown(r.error.message.replace(/^import cancelled/, 'Import cancelled'));
    } else {
      reportError(shown(r.error.message));
    }
  } finally {
    opEnded(id);
    imports.opId = null;
    imports.cancelling = false;
    imports.ended++;
  }
  await refreshCase();
}

/** Uploads picked files one by one (browser mode; Electron answers their paths) and imports them. */
export async function importFiles(list: FileList | File[] | null): Promise<void> {
  const picked = Array.from(list ?? []);
  if (picked.length === 0 || importBusy()) return;
  let up: Uploaded;
  imports.notice = null;
  try {
    imports.uploading = picked.length > 1 ? `${picked.length} files` : picked[0]!.name;
    // Duplicates (found by sha256 before sending) and failed uploads go straight to the summary.
    up = await uploadPicked(picked);
    for (const p of up.paths) rememberName(p.path, p.name);
    if (up.rows.length) imports.summaries = [...up.rows, ...imports.summaries];
  } finally {
    imports.uploading = null;
  }
  const paths = up.paths.map((p) => p.path);
  if (up.cancelled) {
    // The files sent before the cancel would wait on the server until it stops.
    await discardWaiting(paths);
    const sent = paths.length === 1 ? 'the file already sent was' : `the ${paths.length} files already sent were`;
    imports.notice = `Upload cancelled: nothing was imported${paths.length ? `; ${sent} deleted from the server` : ''}.`;
    return;
  }
  // From here the import owns them: the server deletes them when it ends, cancelled or not.
  for (const p of paths) waitingUploads.delete(p);
  await importPaths(paths);
}
