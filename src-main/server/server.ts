// Browser mode: an HTTP server on 127.0.0.1 only, serving the built renderer, the contract over a
// WebSocket, uploads and one-time downloads — every request guarded by a random token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { rmSync } from 'node:fs';
import { ownerOnlyFiles, workSubdir } from '../app/work-dir.ts';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { UPLOAD_PATH } from '../shared/api.ts';
import { FwlensService } from '../app/service.ts';
import { RecentCases } from '../app/recent-cases.ts';
import { dataDir as defaultDataDir, ensureSampleCase } from '../app/data-dir.ts';
import { rendererDir, sendText, serveStatic } from './static-files.ts';
import { Downloads, Uploads } from './transfers.ts';
import { MAX_FRAME_BYTES, serveSocket } from './ws-rpc.ts';

export interface ServerOptions {
  /** The case to open; default the most recent case, else the bundled sample. */
  casePath?: string | null;
  create?: boolean;
  /** 0 picks a free port. */
  port?: number;
  dataDir?: string;
  /** The built renderer (default out/renderer). */
  rendererDir?: string;
  maxUploadBytes?: number;
  /** All uploads waiting for import together (default 4 × maxUploadBytes). */
  maxUploadTotalBytes?: number;
  /** A query, picture or export running longer is stopped (default 5 minutes; 0 for none). */
  queryTimeoutMs?: number;
  /** Told what the server is doing before it listens (the sample's import on a first start takes a while). */
  onStatus?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  casePath: string;
  service: FwlensService;
  /** The http.Server, for tests (address()). */
  server: ReturnType<typeof createServer>;
  /** Where uploads wait for their import (for tests: it is empty once they are imported or given up). */
  uploadDir: string;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
export const WS_PATH = '/ws';
const COOKIE = (port: number) => `fwlens_token_${port}`;

/** Constant-time comparison, so the token cannot be guessed a byte at a time. */
function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function headerToken(req: IncomingMessage): string | null {
  const h = req.headers['x-fwlens-token'];
  if (typeof h === 'string') return h;
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7) : null;
}

async function pickCase(o: ServerOptions, dir: string): Promise<{ path: string; create: boolean }> {
  if (o.casePath) return { path: o.casePath, create: !!o.create };
  const recent = new RecentCases(dir).existing()[0];
  return { path: recent ?? (await ensureSampleCase(dir, undefined, o.onStatus)), create: false };
}

export async function startServer(o: ServerOptions = {}): Promise<RunningServer> {
  ownerOnlyFiles();
  const dir = o.dataDir ?? defaultDataDir();
  const token = randomBytes(32).toString('hex');
  const root = o.rendererDir ?? rendererDir();
  const work = workSubdir('serve-');
  const uploads = new Uploads(work, o.maxUploadBytes ?? 8 * 1024 ** 3, o.maxUploadTotalBytes);
  const downloads = new Downloads();
  const service = new FwlensService({
    shell: 'browser', dataDir: dir, queryTimeoutMs: o.queryTimeoutMs ?? 5 * 60_000,
    publishDownload: (file, name) => downloads.publish(file, name, token),
    isUpload: (p) => uploads.owns(p),
    uploadName: (p) => uploads.origin(p)?.name ?? null,
    // An uploaded file is the page's copy of the user's file: once imported it is not kept.
    afterImport: (paths) => { for (const p of paths) uploads.forget(p); },
  });
  const cleanup = () => {
    downloads.close();
    uploads.close();
    service.close();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const chosen = await pickCase(o, dir);
    await service.open(chosen.path, chosen.create);
  } catch (e) {
    cleanup();
    throw e;
  }
  let port = 0;
  const hostOk = (req: IncomingMessage) => req.headers.host === `${HOST}:${port}` || req.headers.host === `localhost:${port}`;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // DNS rebinding: a page on another name that resolves here is refused before the token is read.
    if (!hostOk(req)) return sendText(res, 421, 'wrong host');
    const viaUrl = sameToken(url.searchParams.get('token'), token) || sameToken(headerToken(req), token);
    // Asset requests of the page carry no query string: the page's first load sets a cookie for them.
    const viaCookie = req.method === 'GET' && sameToken(cookieToken(req, COOKIE(port)), token);
    if (!viaUrl && !viaCookie) return sendText(res, 401, 'unauthorized: open the URL fwlens printed (it carries ?token=)');
    if (url.pathname === UPLOAD_PATH && req.method === 'DELETE') return uploads.discard(res, url.searchParams.get('path'));
    if (url.pathname === UPLOAD_PATH) return void uploads.receive(req, res, url.searchParams.get('name'), url.searchParams.get('mtime'));
    if (url.pathname.startsWith('/download/')) return downloads.serve(res, url.pathname.slice('/download/'.length));
    const cookie: Record<string, string> = viaUrl ? { 'Set-Cookie': `${COOKIE(port)}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {};
    serveStatic(root, port, req, res, url.pathname, cookie);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const origin = req.headers.origin;
    // A page from another port of this host would send the cookie, so the socket takes only the
    // URL/header token, and a browser's Origin must be this server.
    const originOk = !origin || origin === `http://${HOST}:${port}` || origin === `http://localhost:${port}`;
    const authorised = sameToken(url.searchParams.get('token'), token) || sameToken(headerToken(req), token);
    if (url.pathname !== WS_PATH || !hostOk(req) || !originOk || !authorised) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, service));
  });

  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(o.port ?? 0, HOST, () => ok());
    });
  } catch (e) {
    // EADDRINUSE and the like: nothing of this server is left behind.
    cleanup();
    throw e;
  }
  port = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${port}/?token=${token}`;
  return {
    url, port, token, casePath: service.casePath!, service, server, uploadDir: work,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      // The pages' queries were cancelled with their sockets: the case closes once they have let go.
      await service.closeWhenSettled();
      cleanup();
    },
  };
}
