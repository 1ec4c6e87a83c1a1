// Import as a browser-mode user meets it, over real sockets: an upload keeps its file's date (the year of
// year-less stamps) and name, year and zone given with the import, a duplicate found by sha256 before an
// upload, rejects grouped by reason, re-import after a cancel, and cases created by name under the data folder.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../src-main/server/server.ts';
import { writeSynthDay } from '../../src-main/gen/write-synth.ts';
import { tempDir } from '../helpers.ts';
import { BROKEN, inYear, writeYearLessLog } from '../year-less-log.ts';

let t: ReturnType<typeof tempDir>;
let s: RunningServer;
let ws: WebSocket;
let nextId = 1;

beforeAll(async () => {
  t = tempDir();
  s = await startServer({ casePath: join(t.dir, 'case.duckdb'), create: true, port: 0, dataDir: t.dir });
  ws = await new Promise<WebSocket>((ok, fail) => {
    const w = new WebSocket(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`);
    w.once('open', () => ok(w));
    w.once('error', fail);
  });
});
afterAll(async () => {
  ws?.close();
  await s?.close();
  t?.cleanup();
});

type Reply = { ok: boolean; value?: any; error?: { code: string; message: string } };

function call(method: string, args: unknown[], onEvent?: (e: any) => void): Promise<Reply> {
  const id = nextId++;
  return new Promise((ok) => {
    const onMsg = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString());
      if (m.event === 'progress') onEvent?.(m.data);
      if (m.id !== id) return;
      ws.off('message', onMsg);
      ok(m.result);
    };
    ws.on('message', onMsg);
    ws.send(JSON.stringify({ id, method, args }));
  });
}

function upload(file: string, name: string, mtimeMs?: number): Promise<string> {
  const q = `/upload?token=${s.token}&name=${encodeURIComponent(name)}${mtimeMs === undefined ? '' : `&mtime=${mtimeMs}`}`;
  const body = readFileSync(file);
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: s.port, path: q, method: 'POST', headers: { 'Content-Length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? ok(JSON.parse(Buffer.concat(chunks).toString()).path) : fail(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', fail);
    req.end(body);
  });
}

async function query(sql: string): Promise<any[][]> {
  const r = await call('runQuery', [{ sql, limit: 1000 }]);
  if (!r.ok) throw new Error(r.error!.message);
  return r.value.rows;
}

const JUNE_2024 = Date.UTC(2024, 5, 1, 12);

describe('import through uploads', () => {
  it('an upload keeps its date and name: "Mar 14" lines of a file dated 2024-06-01 become 2024-03-14', async () => {
    const file = join(t.dir, 'gw-kern.log');
    const { days, good } = writeYearLessLog(file, 200, new Date(JUNE_2024));
    const path = await upload(file, 'gw kern.log', JUNE_2024);
    // The server's copy carries the original's date before anything reads it.
    expect(statSync(path).mtimeMs).toBe(JUNE_2024);
    const r = await call('importPaths', [[path], 'imp-mtime', { year: null, tz: 'UTC' }]);
    expect(r.ok, r.error?.message).toBe(true);
    const [sum] = r.value;
    expect(sum).toMatchObject({ outcome: 'imported', name: 'gw kern.log', events: good, year: null, tz: 'UTC' });
    expect(sum.fileDate.slice(0, 10)).toBe('2024-06-01');
    expect(sum.firstTs.slice(0, 10)).toBe(inYear(days, 2024)[0]);
    const got = await query(`SELECT DISTINCT strftime(ts, '%Y-%m-%d') FROM events WHERE source_id = ${sum.sourceId} ORDER BY 1`);
    expect(got.map((r) => r[0])).toEqual(inYear(days, 2024));
    const [src] = await query(`SELECT path, name, strftime(mtime, '%Y-%m-%d') FROM sources WHERE id = ${sum.sourceId}`);
    expect(src).toEqual(['upload:gw kern.log', 'gw kern.log', '2024-06-01']);
    const listed = (await call('listSources', [])).value.find((x: any) => x.id === sum.sourceId);
    expect([listed.firstTs, listed.lastTs]).toEqual([sum.firstTs, sum.lastTs]);
  });

  it('a year given with the import wins over the file date; a bad year or zone is refused like the CLI refuses it', async () => {
    const file = join(t.dir, 'other.log');
    const { days } = writeYearLessLog(file, 50, new Date(JUNE_2024));
    const bad1 = await call('importPaths', [[file], 'imp-bad1', { year: 1969, tz: null }]);
    const bad2 = await call('importPaths', [[file], 'imp-bad2', { year: null, tz: 'Mars/Olympus' }]);
    expect([bad1.error?.code, bad2.error?.code]).toEqual(['BAD_ARGUMENT', 'BAD_ARGUMENT']);
    expect(bad2.error?.message).toMatch(/not a time zone/);
    const r = await call('importPaths', [[file], 'imp-year', { year: 2021, tz: '+02:00' }]);
    const [sum] = r.value;
    expect(sum).toMatchObject({ outcome: 'imported', year: 2021, tz: '+02:00' });
    const got = await query(`SELECT DISTINCT strftime(ts + INTERVAL 2 HOUR, '%Y-%m-%d') FROM events WHERE source_id = ${sum.sourceId} ORDER BY 1`);
    expect(got.map((r) => r[0])).toEqual(inYear(days, 2021));
  });

  it('finds a source by the sha256 of its bytes, so a page need not upload a file the case holds', async () => {
    const bytes = readFileSync(join(t.dir, 'gw-kern.log'));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const hit = await call('sourceBySha', [sha]);
    expect(hit.value).toMatchObject({ name: 'gw kern.log' });
    const miss = await call('sourceBySha', [createHash('sha256').update('not imported').digest('hex')]);
    expect(miss).toEqual({ ok: true, value: null });
    expect((await call('sourceBySha', ['../etc/passwd'])).error?.code).toBe('BAD_ARGUMENT');
  });

  it('groups a source\'s rejects by reason with counts that add up to its rejected lines', async () => {
    const [src] = await query(`SELECT id, rejects FROM sources WHERE name = 'gw kern.log'`);
    expect(src[1]).toBe(BROKEN.length);
    const groups = (await call('rejectGroups', [src[0]])).value as Array<{ reason: string; count: number; examples: any[] }>;
    const all = (await call('listRejects', [src[0], 0, 1000])).value.rows as Array<{ reason: string; line: string }>;
    const byReason = new Map<string, number>();
    for (const r of all) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
    expect(new Map(groups.map((g) => [g.reason, g.count]))).toEqual(byReason);
    expect(groups.map((g) => g.count)).toEqual([...groups.map((g) => g.count)].sort((a, b) => b - a));
    for (const g of groups) expect(g.examples.every((e) => e.reason === g.reason)).toBe(true);
    expect(groups.flatMap((g) => g.examples.map((e) => e.line)).sort()).toEqual([...BROKEN].sort());
  });

  it('after a cancelled import the same file imports again, and a cancel names what it kept', async () => {
    const big = join(t.dir, 'big.log');
    await writeSynthDay(big, { lines: 120_000, seed: 11, stamp: 'iso' });
    const small = join(t.dir, 'small.log');
    writeYearLessLog(small, 30, new Date(JUNE_2024));
    const before = (await call('listSources', [])).value.length;
    const p1 = [await upload(small, 'small.log', JUNE_2024), await upload(big, 'big.log')];
    let asked = false;
    const started = performance.now();
    let cancelMs = 0;
    const r = await call('importPaths', [p1, 'imp-cancel', null], (e) => {
      if (asked || e.opId !== 'imp-cancel' || !e.label.startsWith('big.log') || e.done === 0) return;
      asked = true;
      cancelMs = performance.now();
      void call('cancel', ['imp-cancel']);
    });
    const answeredMs = performance.now();
    expect(r.error?.code).toBe('CANCELLED');
    // The small file finished before the cancel: it stays, and the message says so by name.
    expect(r.error?.message).toMatch(/kept: small\.log \(source \d+\)/);
    const afterCancel = (await call('listSources', [])).value;
    expect(afterCancel.length).toBe(before + 1);
    const p2 = [await upload(small, 'small.log', JUNE_2024), await upload(big, 'big.log')];
    const again = await call('importPaths', [p2, 'imp-again', null]);
    expect(again.value.map((x: any) => [x.name, x.outcome])).toEqual([['small.log', 'duplicate'], ['big.log', 'imported']]);
    expect((await call('listSources', [])).value.length).toBe(before + 2);
    console.log(`cancel answered ${Math.round(answeredMs - cancelMs)} ms after it was asked (${Math.round(cancelMs - started)} ms into the import)`);
  });

  it('creates a case by name under the data folder, and refuses folders, odd names and an existing case', async () => {
    for (const bad of ['../evil', '/tmp/x', '.hidden', 'a/b', '']) expect((await call('newCase', [bad])).error?.code, bad).toBe('BAD_ARGUMENT');
    const r = await call('newCase', ['incident 42']);
    expect(r.ok, r.error?.message).toBe(true);
    expect(r.value.path).toBe(join(t.dir, 'cases', 'incident 42.duckdb'));
    expect(existsSync(r.value.path)).toBe(true);
    expect((await call('newCase', ['incident 42'])).error?.message).toMatch(/exists already/);
    const info = (await call('appInfo', [])).value;
    expect(info).toMatchObject({ casePath: r.value.path, sampleCase: false, casesDir: join(t.dir, 'cases') });
  });
});
