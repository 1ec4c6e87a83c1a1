// The one client interface the views use, whatever carries it (Electron IPC or browser WebSocket).
import type { CaseChange, CaseFileMode, FwlensApi, ProgressEvent, Result } from '../../src-main/shared/api.ts';

import type { UploadOptions } from './upload-xhr.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface FwlensClient extends FwlensApi {
  readonly transport: 'ipc' | 'ws';
  /** Subscribes to ProgressEvent; returns the unsubscribe function. */
  onProgress(cb: (e: ProgressEvent) => void): () => void;
  /** Subscribes to CaseChange (the open case's data changed); returns the unsubscribe function. */
  onCaseChanged(cb: (e: CaseChange) => void): () => void;
  /** Connection state changes (IPC is always open). */
  onConnection(cb: (s: ConnectionState) => void): () => void;
  /** Browser mode: sends a picked file to the server, answering its server-side path. */
  upload(file: File, o?: UploadOptions): Promise<Result<string>>;
  /** Browser mode: deletes uploads the page will not import after all (a cancel, the page closing); Electron: nothing to do. */
  discardUploads(paths: string[]): Promise<void>;
  /** Electron only: the native dialog for a case file (null when cancelled). Absent in browser mode: the page types a path or a name instead. */
  chooseCaseFile?: (mode: CaseFileMode) => Promise<string | null>;
}

export function failure<T>(message: string, code: 'INTERNAL' | 'INPUT' = 'INTERNAL'): Result<T> {
  return { ok: false, error: { code, message } };
}

/** An id for a long operation, for progress events and cancel(opId). */
export function newOpId(prefix = 'op'): string {
  const rnd = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : Math.random().toString(36).slice(2);
  return `${prefix}-${rnd}`;
}
