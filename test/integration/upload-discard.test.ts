// Browser mode's `DELETE /upload?path=P` over a real server: an upload the page gives up on is deleted at once;
// only this server's uploads waiting for import can be deleted so.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src-main/server/server.ts';
import { tempDir } from '../helpers.ts';

let t: ReturnType<typeof tempDir>;
let s: RunningServer;

beforeAll(async () => {
  t = tempDir();
  s = await startServer({ casePath: join(t.dir, 'case.duckdb'), create: true, port: 0, dataDir: t.dir });
});
afterAll(async () => {
  await s?.close();
  t?.cleanup();
});

function send(method: string, query: string, body = ''): Promise<{ status: number; text: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: s.port, path: `/upload?token=${s.token}&${query}`, method, headers: { 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('deleting an upload the page gave up on', () => {
  it('deletes the uploaded file at once, and a second delete finds nothing', async () => {
    const up = await send('POST', 'name=kern.log', 'Mar 14 10:00:00 fw kernel: hello\n');
    expect(up.status).toBe(200);
    const path = JSON.parse(up.text).path as string;
    expect(existsSync(path)).toBe(true);
    expect((await send('DELETE', `path=${encodeURIComponent(path)}`)).status).toBe(204);
    expect(existsSync(path)).toBe(false);
    // Once gone it is no longer this server's upload: a second delete finds nothing.
    expect((await send('DELETE', `path=${encodeURIComponent(path)}`)).status).toBe(404);
  });

  it('touches nothing that is not an upload waiting for import', async () => {
    const other = join(t.dir, 'evidence.log');
    writeFileSync(other, 'keep me\n');
    expect((await send('DELETE', `path=${encodeURIComponent(other)}`)).status).toBe(404);
    expect((await send('DELETE', `path=${encodeURIComponent(s.casePath)}`)).status).toBe(404);
    expect((await send('DELETE', '')).status).toBe(404);
    expect(existsSync(other)).toBe(true);
    expect(existsSync(s.casePath)).toBe(true);
  });

  it('refuses a delete without the token', async () => {
    const r = await new Promise<number>((ok) => request({ host: '127.0.0.1', port: s.port, path: '/upload?path=x', method: 'DELETE' }, (res) => { res.resume(); ok(res.statusCode ?? 0); }).end());
    expect(r).toBe(401);
  });
});
