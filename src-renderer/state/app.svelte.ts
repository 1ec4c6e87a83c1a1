// App-wide state: the client, app/case info, the current view, errors, running operations and progress.
import type { AppInfo, CaseInfo, ProgressEvent, Result } from '../../src-main/shared/api.ts';
import { createClient, type ConnectionState, type FwlensClient } from '../client/index.ts';

export type View = 'overview' | 'cases' | 'import' | 'explore' | 'flows' | 'sql' | 'rules';

export interface AppError { id: number; message: string }

let client: FwlensClient | null = null;

export const app = $state({
  /** A case opens on its Overview. */
  view: 'overview' as View,
  info: null as AppInfo | null,
  caseInfo: null as CaseInfo | null,
  connection: 'connecting' as ConnectionState,
  errors: [] as AppError[],
  /** opIds of running cancellable operations, newest last (Esc cancels the newest). */
  running: [] as string[],
  progress: {} as Record<string, ProgressEvent>,
  showShortcuts: false,
  /** Grows when the open case's data changes (a source committed, enrichment, a case switch): views that show case data watch it and reload. */
  dataVersion: 0,
  /** Grows when only the case's block list changed (in this page or another tab or window): its views reload it. */
  blocklistVersion: 0,
});

let nextError = 1;

export function api(): FwlensClient {
  if (client === null) throw new Error('client not started');
  return client;
}

export function reportError(message: string): void {
  app.errors = [...app.errors.slice(-4), { id: nextError++, message }];
}

export function dismissError(id: number): void {
  app.errors = app.errors.filter((e) => e.id !== id);
}

/** The value of a Result, or null after reporting its error (unless quiet). */
export function unwrap<T>(r: Result<T>, quiet = false): T | null {
  if (r.ok) return r.value;
  if (!quiet && r.error.code !== 'CANCELLED') reportError(r.error.message);
  return null;
}

export function opStarted(opId: string): void {
  app.running = [...app.running, opId];
}

export function opEnded(opId: string): void {
  app.running = app.running.filter((x) => x !== opId);
  const { [opId]: _, ...rest } = app.progress;
  app.progress = rest;
}

/** Cancels the newest running operation (Esc). */
export async function cancelNewest(): Promise<void> {
  const opId = app.running.at(-1);
  if (opId !== undefined) await api().cancel(opId);
}

export async function refreshCase(): Promise<void> {
  const info = await api().appInfo();
  if (info.ok) app.info = info.value;
  if (info.ok && info.value.casePath === null) {
    app.caseInfo = null;
    return;
  }
  const ci = await api().caseInfo();
  app.caseInfo = ci.ok ? ci.value : null;
}

export function startApp(): void {
  client = createClient();
  client.onConnection((s) => {
    const was = app.connection;
    app.connection = s;
    if (s === 'open' && was !== 'open') void refreshCase();
  });
  client.onProgress((e) => {
    app.progress = { ...app.progress, [e.opId]: e };
  });
  client.onCaseChanged((e) => {
    if (e.reason === 'blocklist') app.blocklistVersion++;
    else caseChanged();
  });
}

let changeTimer: ReturnType<typeof setTimeout> | undefined;

/** Several sources committing in a row are one refresh: the counts first, then every view. */
function caseChanged(): void {
  clearTimeout(changeTimer);
  changeTimer = setTimeout(() => {
    void refreshCase().then(() => app.dataVersion++);
  }, 150);
}

/** Handlers the views register for the global shortcuts (plain object: not reactive). */
export const shortcuts: { runSql?: () => void; focusFilter?: () => void; openFiles?: () => void } = {};
