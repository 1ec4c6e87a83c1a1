// Browser mode over real sockets: the token guards HTTP and the WebSocket, the server listens on
// 127.0.0.1 only, static files are confined to the renderer folder, and upload → import works.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../src-main/server/server.ts';
import { ROOT, tempDir } from '../helpers.ts';

let t: ReturnType<typeof tempDir>;
let s: RunningServer;

beforeAll(async () => {
  t = tempDir();
  const renderer = join(t.dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>fwlens</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(t.dir, 'secret.txt'), 'do not serve');
  s = await startServer({ casePath: join(t.dir, 'case.duckdb'), create: true, port: 0, dataDir: t.dir, rendererDir: renderer, maxUploadBytes: 4 * 1024 * 1024 });
});
afterAll(async () => {
  await s?.close();
  t?.cleanup();
});

/** A raw request, so paths are sent exactly as written (fetch would normalise `..`). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET', body?: Buffer): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: s.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

function call(ws: WebSocket, id: number, method: string, args: unknown[]): Promise<{ id: number; result: { ok: boolean; value?: any; error?: { code: string } } }> {
  return new Promise((ok) => {
    const onMsg = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString());
      if (m.id === id) {
        ws.off('message', onMsg);
        ok(m);
      }
    };
    ws.on('message', onMsg);
    ws.send(JSON.stringify({ id, method, args }));
  });
}

const open = (url: string, headers: Record<string, string> = {}) => new Promise<WebSocket>((ok, fail) => {
  const ws = new WebSocket(url, { headers });
  ws.once('open', () => ok(ws));
  ws.once('error', fail);
  ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
});

describe('fwlens serve', () => {
  it('listens on 127.0.0.1 only and prints a URL with a long random token', () => {
    const addr = s.server.address();
    expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1');
    expect(s.token).toMatch(/^[0-9a-f]{64}$/);
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/?token=${s.token}`);
  });

  it('answers 401 without the token and the page with CSP with it', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    const r = await get(`/?token=${s.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>fwlens</title>');
    expect(r.headers['content-security-policy']).toContain(`default-src 'self'; script-src 'self'; connect-src 'self' ws://127.0.0.1:${s.port};`);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    // The page's assets come with the cookie its first load set.
    const cookie = String(r.headers['set-cookie']).split(';')[0];
    expect((await get('/assets/app.js', { Cookie: cookie })).status).toBe(200);
    expect((await get('/assets/app.js', { 'X-Fwlens-Token': s.token })).status).toBe(200);
    expect((await get(`/?token=${s.token}`, { Host: 'evil.example:80' })).status).toBe(421);
  });

  it('refuses path traversal and lists no folders', async () => {
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/', '/assets', '/.hidden']) {
      const r = await get(`${p}${p.includes('?') ? '&' : '?'}token=${s.token}`);
      expect([400, 404], p).toContain(r.status);
      expect(r.body).not.toContain('do not serve');
    }
  });

  it('refuses a WebSocket without the token or from another origin, and carries calls with it', async () => {
    const base = `ws://127.0.0.1:${s.port}/ws`;
    await expect(open(base)).rejects.toThrow(/401/);
    await expect(open(`${base}?token=nope`)).rejects.toThrow(/401/);
    await expect(open(`${base}?token=${s.token}`, { Origin: 'http://127.0.0.1:1' })).rejects.toThrow(/401/);
    const ws = await open(`${base}?token=${s.token}`);
    try {
      const info = await call(ws, 1, 'appInfo', []);
      expect(info.result.ok).toBe(true);
      expect(info.result.value.shell).toBe('browser');
      expect((await call(ws, 2, 'constructor', [])).result.error?.code).toBe('BAD_ARGUMENT');
      expect((await call(ws, 3, 'runQuery', [{ sql: 'DROP TABLE sources' }])).result.error?.code).toBe('BAD_ARGUMENT');
    } finally {
      ws.close();
    }
  });

  it('uploads a file, imports it with progress over the socket, and exports through a one-time URL', async () => {
    const body = readFileSync(join(ROOT, 'resources/sample/kern.log'));
    expect((await get('/upload?name=kern.log', {}, 'POST', body)).status).toBe(401);
    expect((await get(`/upload?token=${s.token}&name=big.log`, {}, 'POST', Buffer.alloc(5 * 1024 * 1024))).status).toBe(413);
    const up = await get(`/upload?token=${s.token}&name=${encodeURIComponent('../../etc/kern.log')}`, {}, 'POST', body);
    expect(up.status).toBe(200);
    const { path } = JSON.parse(up.body) as { path: string };
    expect(path.endsWith('/kern.log')).toBe(true);
    expect(path).not.toContain('..');
    const ws = await open(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`);
    try {
      const progress: unknown[] = [];
      ws.on('message', (d) => { const m = JSON.parse(d.toString()); if (m.event === 'progress') progress.push(m.data); });
      const r = await call(ws, 10, 'importPaths', [[path], 'up-1']);
      expect(r.result.ok).toBe(true);
      expect(r.result.value[0].outcome).toBe('imported');
      expect(progress.length).toBeGreaterThan(0);
      const q = await call(ws, 11, 'runQuery', [{ sql: 'SELECT count(*) n FROM events' }]);
      expect(q.result.value.rows[0][0]).toBe(r.result.value[0].events);
      const ex = await call(ws, 12, 'exportResult', ['SELECT action, count(*) n FROM events GROUP BY ALL ORDER BY action', 'csv', null]);
      expect(ex.result.ok).toBe(true);
      const url = ex.result.value.url as string;
      const first = await get(url);
      expect(first.status).toBe(200);
      expect(first.body.split('\r\n')[0]).toBe('action,n');
      expect((await get(url)).status).toBe(404);
    } finally {
      ws.close();
    }
  });
});
