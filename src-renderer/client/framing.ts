// Browser-mode WebSocket message framing (JSON text frames); the server must match this exactly.
//   client → server  { "id": 7, "method": "runQuery", "args": [ { "sql": "…" } ] }
//   server → client  { "id": 7, "result": { "ok": true, "value": … } }        (one reply per call)
//   server → client  { "event": "progress", "data": ProgressEvent }           (unsolicited)
//   server → client  { "event": "caseChanged", "data": CaseChange }           (unsolicited)
// URL: ws(s)://<host>/ws?token=<token from the page URL's ?token=>
import { API_CHANNELS, type ApiMethod, type CaseChange, type ProgressEvent, type Result } from '../../src-main/shared/api.ts';

export interface CallMessage { id: number; method: ApiMethod; args: unknown[] }
export interface ReplyMessage { id: number; result: Result<unknown> }
export interface ProgressMessage { event: 'progress'; data: ProgressEvent }
export interface ChangeMessage { event: 'caseChanged'; data: CaseChange }
export type ServerMessage = ReplyMessage | ProgressMessage | ChangeMessage;

export const WS_PATH = '/ws';

export function encodeCall(id: number, method: ApiMethod, args: unknown[]): string {
  return JSON.stringify({ id, method, args } satisfies CallMessage);
}

function isResult(r: unknown): r is Result<unknown> {
  if (typeof r !== 'object' || r === null || !('ok' in r)) return false;
  const o = r as { ok: unknown; error?: { message?: unknown } };
  return o.ok === true || (o.ok === false && typeof o.error?.message === 'string');
}

/** A server frame, or null when it is not one this client understands. */
export function decodeServer(text: string): ServerMessage | null {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const o = m as Record<string, unknown>;
  if (o.event === 'progress' && typeof o.data === 'object' && o.data !== null) return { event: 'progress', data: o.data as ProgressEvent };
  if (o.event === 'caseChanged' && typeof o.data === 'object' && o.data !== null) return { event: 'caseChanged', data: o.data as CaseChange };
  if (typeof o.id === 'number' && isResult(o.result)) return { id: o.id, result: o.result };
  return null;
}

export function isApiMethod(m: string): m is ApiMethod {
  return (API_CHANNELS as readonly string[]).includes(m);
}

/** The page's token (`?token=…`), or ''. */
export function pageToken(search: string): string {
  return new URLSearchParams(search).get('token') ?? '';
}

export function wsUrl(loc: { protocol: string; host: string; search: string }): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}${WS_PATH}?token=${encodeURIComponent(pageToken(loc.search))}`;
}

/** `DELETE` on it drops an upload the page will not import (see Uploads.discard on the server). */
export function discardUrl(uploadPath: string, search: string, serverPath: string): string {
  return `${uploadPath}?token=${encodeURIComponent(pageToken(search))}&path=${encodeURIComponent(serverPath)}`;
}

export function uploadUrl(uploadPath: string, search: string, fileName: string, mtimeMs?: number): string {
  const mtime = mtimeMs !== undefined && Number.isFinite(mtimeMs) && mtimeMs > 0 ? `&mtime=${Math.round(mtimeMs)}` : '';
  return `${uploadPath}?token=${encodeURIComponent(pageToken(search))}&name=${encodeURIComponent(fileName)}${mtime}`;
}
