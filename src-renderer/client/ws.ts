// Browser-mode transport: one WebSocket to the fwlens server, calls matched by id, polite reconnects.
import { API_CHANNELS, UPLOAD_PATH, type ApiMethod, type CaseChange, type ProgressEvent, type Result } from '../../src-main/shared/api.ts';
import { decodeServer, discardUrl, encodeCall, uploadUrl, wsUrl } from './framing.ts';
import { failure, type ConnectionState, type FwlensClient } from './types.ts';
import { xhrUpload } from './upload-xhr.ts';

interface Pending { resolve: (r: Result<unknown>) => void; method: string }

const OPEN_WAIT_MS = 10_000;

export function createWsClient(loc: Location = window.location): FwlensClient {
  const url = wsUrl(loc);
  const pending = new Map<number, Pending>();
  const progress = new Set<(e: ProgressEvent) => void>();
  const changed = new Set<(e: CaseChange) => void>();
  const conn = new Set<(s: ConnectionState) => void>();
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'closed';
  let nextId = 1;
  let retryMs = 500;
  let waiters: Array<(ok: boolean) => void> = [];

  const setState = (s: ConnectionState) => {
    state = s;
    for (const cb of conn) cb(s);
    if (s !== 'connecting') {
      for (const w of waiters) w(s === 'open');
      waiters = [];
    }
  };

  const connect = () => {
    setState('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 500;
      setState('open');
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      const m = decodeServer(ev.data);
      if (m === null) return;
      if ('event' in m) {
        if (m.event === 'caseChanged') for (const cb of changed) cb(m.data);
        else for (const cb of progress) cb(m.data);
        return;
      }
      const p = pending.get(m.id);
      if (p) {
        pending.delete(m.id);
        p.resolve(m.result);
      }
    };
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = null;
      const why = ev.code === 1008 || ev.code === 4401 ? 'the server refused the token (open the URL fwlens serve printed)' : 'the connection to the fwlens server closed';
      for (const [, p] of pending) p.resolve(failure(`${p.method}: ${why} before it answered`));
      pending.clear();
      setState('closed');
      // Back off politely: 0.5 s, 1 s, 2 s … up to 15 s between attempts.
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 15_000);
    };
  };

  const whenOpen = (): Promise<boolean> => {
    if (state === 'open') return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), OPEN_WAIT_MS);
      waiters.push((ok) => {
        clearTimeout(t);
        resolve(ok);
      });
    });
  };

  const call = async (method: ApiMethod, args: unknown[]): Promise<Result<unknown>> => {
    if (!(await whenOpen()) || socket === null || socket.readyState !== WebSocket.OPEN) {
      return failure(`${method}: not connected to the fwlens server (is \`fwlens serve\` still running?)`);
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, { resolve, method });
      socket!.send(encodeCall(id, method, args));
    });
  };

  connect();

  const methods = Object.fromEntries(API_CHANNELS.map((m) => [m, (...args: unknown[]) => call(m, args)]));
  return {
    ...(methods as unknown as Omit<FwlensClient, 'transport' | 'onProgress' | 'onCaseChanged' | 'onConnection' | 'upload' | 'discardUploads' | 'chooseCaseFile'>),
    transport: 'ws',
    onProgress(cb) {
      progress.add(cb);
      return () => progress.delete(cb);
    },
    onCaseChanged(cb) {
      changed.add(cb);
      return () => changed.delete(cb);
    },
    onConnection(cb) {
      conn.add(cb);
      cb(state);
      return () => conn.delete(cb);
    },
    upload(file, o) {
      // The file's date goes along: the server's copy gets it, so year-less stamps get the right year.
      return xhrUpload(uploadUrl(UPLOAD_PATH, loc.search, file.name, file.lastModified), file, o);
    },
    discardUploads(paths) {
      // keepalive: the request still goes when the page is closing.
      const gone = paths.map((p) => fetch(discardUrl(UPLOAD_PATH, loc.search, p), { method: 'DELETE', keepalive: true }).catch(() => undefined));
      return Promise.all(gone).then(() => undefined);
    },
  };
}
