// Browser mode holds up under hostile and careless use, through the real WebSocket: huge results and
// messages, a query during an import, abandoned and endless queries, SQL that reaches for files or the
// network; after each the server still answers `SELECT 1`. And it leaves no temp files behind.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../src-main/server/server.ts';
import { Downloads } from '../../src-main/server/transfers.ts';
import { workDir } from '../../src-main/app/work-dir.ts';
import { ROOT, tempDir } from '../helpers.ts';

type Answer = { id: number; result: { ok: boolean; value?: any; error?: { code: string; message: string } } };

let t: ReturnType<typeof tempDir>;
let s: RunningServer;
let nextId = 1;

function call(ws: WebSocket, method: string, args: unknown[]): Promise<Answer> {
  const id = nextId++;
  return send(ws, id, JSON.stringify({ id, method, args }));
}

function send(ws: WebSocket, id: number, text: string): Promise<Answer> {
  return new Promise((ok, fail) => {
    const onMsg = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString()) as Answer;
      if (m.id === id) {
        ws.off('message', onMsg);
        ok(m);
      }
    };
    ws.on('message', onMsg);
    ws.once('close', (code) => fail(new Error(`socket closed (${code})`)));
    ws.send(text);
  });
}

const open = (server = s) => new Promise<WebSocket>((ok, fail) => {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  ws.once('open', () => ok(ws));
  ws.once('error', fail);
});

/** The server still answers: a fresh socket runs SELECT 1. */
async function alive(server = s): Promise<void> {
  const ws = await open(server);
  const r = await call(ws, 'runQuery', [{ sql: 'SELECT 1 AS one' }]);
  expect(r.result).toMatchObject({ ok: true, value: { rows: [[1]] } });
  ws.close();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Line i of a generated day: inbound SSH drops from 250 senders to 200 hosts. */
const line = (i: number) => `2024-03-14T01:00:${String(i % 60).padStart(2, '0')}+00:00 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.${i % 250} DST=192.168.1.${i % 200} LEN=60 PROTO=TCP SPT=${1024 + (i % 60000)} DPT=22`;

beforeAll(async () => {
  t = tempDir();
  s = await startServer({ casePath: join(t.dir, 'case.duckdb'), create: true, port: 0, dataDir: t.dir, rendererDir: t.dir, queryTimeoutMs: 4000 });
});
afterAll(async () => {
  await s?.close();
  t?.cleanup();
});

describe('serve mode never dies or stalls', () => {
  it('a result with 30 MB cells comes back cut, with each whole length and a way to read it in parts', async () => {
    const ws = await open();
    const r = await call(ws, 'runQuery', [{ sql: `SELECT i, repeat('x', 30000000) AS s FROM range(4) t(i)` }]);
    expect(r.result.ok).toBe(true);
    const cell = r.result.value.rows[0][1];
    expect(cell.$length).toBe(30_000_000);
    expect(cell.$truncated).toHaveLength(16 * 1024);
    const part = await call(ws, 'cellText', [`SELECT i, repeat('x', 30000000) AS s FROM range(4) t(i)`, 2, 1, 29_999_991, 100]);
    expect(part.result.value).toEqual({ text: 'x'.repeat(10), length: 30_000_000 });
    ws.close();
    await alive();
  });

  it('a request over 2 MiB is answered with a clear error, a frame over 64 MiB closes only its socket', async () => {
    const ws = await open();
    const big = JSON.stringify({ id: 77, method: 'replayRuleset', args: [{ source: 'text', text: '#'.repeat(3 * 1024 * 1024), hook: null, table: null }] });
    const r = await send(ws, 77, big);
    expect(r.result.error?.code).toBe('TOO_LARGE');
    expect(r.result.error?.message).toMatch(/over the 2\.0 MiB one message may carry: send large inputs as a file/);
    const closed = new Promise<number>((ok) => ws.once('close', ok));
    ws.send('x'.repeat(65 * 1024 * 1024));
    expect(await closed).toBe(1009);
    await alive();
  });

  it('a query during an import gets all its memory and threads, and both finish', async () => {
    const f = join(t.dir, 'day.log');
    writeFileSync(f, Array.from({ length: 200_000 }, (_, i) => line(i)).join('\n') + '\n');
    const ws = await open();
    const before = await call(ws, 'runQuery', [{ sql: `SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t` }]);
    const imp = call(ws, 'importPaths', [[f], 'imp-1']);
    await sleep(100);
    const during = await call(ws, 'runQuery', [{ sql: `SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t` }]);
    const heavy = await call(ws, 'runQuery', [{ sql: `SELECT count(DISTINCT i::VARCHAR) AS n FROM range(2000000) t(i)` }]);
    expect(during.result.value.rows).toEqual(before.result.value.rows);
    expect(heavy.result).toMatchObject({ ok: true, value: { rows: [[2_000_000]] } });
    expect((await imp).result).toMatchObject({ ok: true, value: [{ outcome: 'imported', events: 200_000 }] });
    ws.close();
    await alive();
  });

  it('queries of a closed page are cancelled, and a query past the time limit is stopped', async () => {
    const ws = await open();
    const endless = `SELECT sum(i) FROM range(1000000000000) t(i)`;
    for (const id of ['gone-1', 'gone-2', 'gone-3', 'gone-4']) ws.send(JSON.stringify({ id: nextId++, method: 'runQuery', args: [{ sql: endless, opId: id }] }));
    await sleep(300);
    ws.close();
    // Each is gone once cancel() of its id finds nothing running.
    const other = await open();
    for (const id of ['gone-1', 'gone-2', 'gone-3', 'gone-4']) {
      await expect.poll(async () => (await call(other, 'cancel', [id])).result.value, { timeout: 20_000 }).toBe(false);
    }
    const slow = await call(other, 'runQuery', [{ sql: endless }]);
    expect(slow.result.error?.code).toBe('TIMEOUT');
    expect(slow.result.error?.message).toMatch(/stopped after 4 s/);
    other.close();
    await alive();
  });

  it('a server stopped while its page still asks lets go of the case: a command opens it right after, whole', async () => {
    const d = tempDir();
    try {
      const casePath = join(d.dir, 'case.duckdb');
      const f = join(d.dir, 'day.log');
      writeFileSync(f, Array.from({ length: 300_000 }, (_, i) => line(i)).join('\n') + '\n');
      for (let round = 0; round < 4; round++) {
        const s2 = await startServer({ casePath, create: round === 0, port: 0, dataDir: d.dir, rendererDir: d.dir });
        const ws = await open(s2);
        ws.on('error', () => undefined);
        const send = (method: string, args: unknown[]) => ws.send(JSON.stringify({ id: nextId++, method, args }));
        // Still asking when the server goes: an import (first round), queries, an export, views, writes.
        if (round === 0) send('importPaths', [[f], 'stop-imp']);
        for (let k = 0; k < 3; k++) {
          send('runQuery', [{ sql: `SELECT src, dst, dport, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC LIMIT 50`, opId: `q${round}-${k}` }]);
          send('runQuery', [{ sql: `SELECT sum(i) FROM range(1000000000000) t(i)`, opId: `endless${round}-${k}` }]);
          send('exportResult', ['SELECT * FROM events', 'csv', null]);
          send('overview', [{ where: 'TRUE' }, `ov${round}-${k}`]);
          send('setUiState', [`k${k}`, { round }]);
        }
        await sleep(round * 150);
        await s2.close();
        // Another process opens it at once (a command waits at most 3 s for a case being let go).
        const cli = spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'query', casePath, 'SELECT count(*) AS n FROM events', '--csv'], { encoding: 'utf8' });
        expect(cli.status, `round ${round}: ${cli.stderr}`).toBe(0);
        // The import in round 0 was cancelled whole or had finished: never half a source.
        expect(['n\r\n0\r\n', 'n\r\n300000\r\n'], `round ${round}`).toContain(cli.stdout);
      }
    } finally {
      d.cleanup();
    }
  });

  it('SQL in browser mode reads no file outside the case and reaches no network', async () => {
    const ws = await open();
    for (const sql of [`SELECT * FROM read_text('/etc/hostname')`, `SELECT * FROM glob('/root/*')`, `SELECT * FROM read_csv('https://example.com/x.csv')`, `SELECT * FROM read_csv('${t.dir}/day.log')`]) {
      const r = await call(ws, 'runQuery', [{ sql }]);
      expect(r.result.ok, sql).toBe(false);
      expect(r.result.error?.message, sql).toMatch(/disabled by configuration|Permission Error/);
    }
    expect(existsSync(join(homedir(), '.duckdb/extensions'))).toBe(false);
    // The app's own work still reads and writes its files: an export.
    const ex = await call(ws, 'exportResult', ['SELECT 42 AS answer', 'parquet', null]);
    expect(ex.result.ok).toBe(true);
    ws.close();
  });
});

describe('large inputs go as files', () => {
  /** POST /upload as the page does; answers the server path. */
  async function upload(name: string, body: string): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${s.port}/upload?token=${s.token}&name=${name}`, { method: 'POST', body });
    expect(res.status).toBe(200);
    return ((await res.json()) as { path: string }).path;
  }

  it('a 3.4 MB pasted ruleset is replayed and imported through an upload; no other path is read', async () => {
    // 2,000 rules with long comments: the size of a real big dump, without a slow replay.
    const note = 'n'.repeat(1700);
    const rules = Array.from({ length: 2_000 }, (_, i) => `-A INPUT -s 10.9.${(i >> 8) & 255}.${i & 255}/32 -m comment --comment "${note}" -j DROP`);
    const dump = `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${rules.join('\n')}\nCOMMIT\n`;
    expect(dump.length).toBeGreaterThan(3 * 1024 * 1024);
    const ws = await open();
    const replayed = await call(ws, 'replayRuleset', [{ source: 'upload', text: null, upload: await upload('big.rules', dump), hook: null, table: null }]);
    expect(replayed.result.ok, JSON.stringify(replayed.result.error)).toBe(true);
    expect(replayed.result.value.rules.length).toBeGreaterThanOrEqual(2_000);
    const imported = await call(ws, 'importRuleset', [null, 'big.rules', null, await upload('big.rules', dump)]);
    expect(imported.result.value).toMatchObject({ rules: 2_000, added: true });
    for (const path of ['/etc/passwd', join(t.dir, 'day.log')]) {
      const r = await call(ws, 'replayRuleset', [{ source: 'upload', text: null, upload: path, hook: null, table: null }]);
      expect(r.result.error?.message).toMatch(/upload must be a path this server answered/);
    }
    ws.close();
    await alive();
  });
});

describe('temp files and modes', () => {
  it('the case, its spill folder and recent-cases.json are the owner\'s only', () => {
    expect(statSync(s.casePath).mode & 0o077).toBe(0);
    expect(statSync(join(t.dir, 'recent-cases.json')).mode & 0o077).toBe(0);
    expect(statSync(workDir()).mode & 0o077).toBe(0);
  });

  it('a failed export leaves no file, a port in use leaves no folder, and a download not fetched is deleted', async () => {
    const ws = await open();
    const before = readdirSync(workDir()).length;
    const r = await call(ws, 'exportResult', [`SELECT error('boom') AS x FROM range(3)`, 'csv', null]);
    expect(r.result.ok).toBe(false);
    expect(readdirSync(workDir()).length).toBe(before);
    ws.close();

    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', () => ok()));
    const port = (blocker.address() as { port: number }).port;
    const dirs = readdirSync(workDir()).length;
    const u = tempDir();
    await expect(startServer({ casePath: join(u.dir, 'c.duckdb'), create: true, port, dataDir: u.dir, rendererDir: u.dir })).rejects.toThrow(/EADDRINUSE/);
    expect(readdirSync(workDir()).length).toBe(dirs);
    blocker.close();
    u.cleanup();

    const d = new Downloads(50);
    const file = join(workDir(), 'dl-test');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(file);
    writeFileSync(join(file, 'x.csv'), 'a');
    d.publish(join(file, 'x.csv'), 'x.csv', 'tok');
    await expect.poll(() => existsSync(file)).toBe(false);
  });
});
