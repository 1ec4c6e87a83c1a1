// The row detail on a real case: every field of an event, and its original line read back from plain
// and .gz sources, refused when the file is gone or changed, and escaped when an attacker wrote it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { FwlensService } from '../../src-main/app/service.ts';
import { readSourceLine } from '../../src-main/app/source-line.ts';
import { sha256File } from '../../src-main/import/hash.ts';
import { tempDir } from '../helpers.ts';
import { buildCase, serviceOn, value } from '../service-case.ts';

const ESC = '\x1b';
const LINES = [
  'Mar 14 10:00:01 fw1 kernel: [100.000001] DROP-IN IN=eth0 OUT= SRC=203.0.113.9 DST=198.51.100.7 LEN=60 TTL=50 ID=1 PROTO=TCP SPT=40000 DPT=22 WINDOW=1024 SYN URGP=0',
  // An attacker-chosen prefix: a terminal colour escape, a bell, a bidi override and a backslash.
  `Mar 14 10:00:02 fw1 kernel: [100.000002] ${ESC}[31mEVIL\x07\u202e\\x41 IN=eth0 OUT= SRC=203.0.113.10 DST=198.51.100.7 LEN=60 TTL=50 ID=2 PROTO=TCP SPT=40001 DPT=23 WINDOW=1024 SYN URGP=0`,
  'Mar 14 10:00:03 fw1 kernel: [100.000003] DROP-IN IN=eth0 OUT= SRC=203.0.113.11 DST=198.51.100.7 LEN=60 TTL=50 ID=3 PROTO=UDP SPT=40002 DPT=53 LEN=40',
];

let t: ReturnType<typeof tempDir>;
let svc: FwlensService;
const file = (n: string) => join(t.dir, n);
/** Source id by file name, as the case recorded them. */
const ids = new Map<string, number>();

beforeAll(async () => {
  t = tempDir();
  const text = LINES.join('\n') + '\n';
  writeFileSync(file('plain.log'), text);
  writeFileSync(file('packed.log.gz'), gzipSync(Buffer.from(text)));
  // Different bytes per copy, so each is a new source (not a duplicate of plain.log).
  writeFileSync(file('gone.log'), text + '\n');
  writeFileSync(file('changed.log'), text + '\n\n');
  writeFileSync(file('grown.log'), text + '\n\n\n');
  await buildCase(file('case.duckdb'), async (db) => {
    for (const n of ['plain.log', 'packed.log.gz', 'gone.log', 'changed.log', 'grown.log']) {
      await importSource(db, file(n), { tz: 'UTC', year: 2024 });
      const rows = await db.all(`SELECT id FROM sources WHERE name = $1`, [n]);
      ids.set(n, Number(rows[0].id));
    }
  });
  svc = await serviceOn(file('case.duckdb'), t.dir);
});
afterAll(() => {
  svc?.close();
  t?.cleanup();
});

describe('eventDetail', () => {
  it('gives every field of the event and its original line from a plain file, by byte offset', async () => {
    for (let i = 0; i < LINES.length; i++) {
      const d = value(await svc.eventDetail(ids.get('plain.log')!, i + 1));
      const field = (n: string) => d.fields.find((f) => f.name === n);
      expect(field('line_no')?.value).toBe(i + 1);
      expect(field('dport')?.value).toBe(Number(/DPT=(\d+)/.exec(LINES[i])![1]));
      expect(field('src')?.type).toBeTruthy();
      expect(d.source?.path).toBe(file('plain.log'));
      expect(d.byteOff).toBe(Buffer.byteLength(LINES.slice(0, i).map((l) => l + '\n').join('')));
      expect(d.original).toMatchObject({ status: 'ok', verified: 'sha256', cut: false, bytes: Buffer.byteLength(LINES[i]) });
      if (i !== 1 && d.original.status === 'ok') expect(d.original.text).toBe(LINES[i]);
    }
  });

  it('shows an attacker-written line escaped: no control or bidi character reaches the text', async () => {
    const d = value(await svc.eventDetail(ids.get('plain.log')!, 2));
    if (d.original.status !== 'ok') throw new Error(d.original.message);
    expect(d.original.text).toContain('\\x1b[31mEVIL\\x07\\u{202e}\\\\x41 IN=eth0');
    expect(d.original.text).not.toMatch(/[\x00-\x1f\x7f\u202e]/);
  });

  it('reads the line back from a .gz source by its decompressed offset', async () => {
    for (let i = 0; i < LINES.length; i++) {
      const d = value(await svc.eventDetail(ids.get('packed.log.gz')!, i + 1));
      expect(d.original.status).toBe('ok');
      const plain = value(await svc.eventDetail(ids.get('plain.log')!, i + 1));
      if (d.original.status === 'ok' && plain.original.status === 'ok') expect(d.original.text).toBe(plain.original.text);
    }
  });

  it('says the file is gone when it was removed after import', async () => {
    rmSync(file('gone.log'));
    const d = value(await svc.eventDetail(ids.get('gone.log')!, 1));
    expect(d.original.status).toBe('gone');
    expect(d.fields.length).toBeGreaterThan(10);
  });

  it('refuses a changed file: same size with other bytes (sha256), or another size', async () => {
    const b = readFileSync(file('changed.log'));
    b[b.indexOf('DPT=22')] = 'X'.charCodeAt(0);
    writeFileSync(file('changed.log'), b);
    const same = value(await svc.eventDetail(ids.get('changed.log')!, 1));
    expect(same.original).toMatchObject({ status: 'changed' });
    if (same.original.status === 'changed') expect(same.original.message).toMatch(/sha256/);
    appendFileSync(file('grown.log'), 'more\n');
    const grown = value(await svc.eventDetail(ids.get('grown.log')!, 1));
    expect(grown.original).toMatchObject({ status: 'changed' });
    if (grown.original.status === 'changed') expect(grown.original.message).toMatch(/bytes now/);
  });

  it('checks its arguments and answers NOT_FOUND for a line that is no event', async () => {
    const r = await svc.eventDetail(ids.get('plain.log')!, 99);
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_FOUND');
    const bad = await svc.eventDetail('1' as unknown as number, 1);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('BAD_ARGUMENT');
  });
});

describe('readSourceLine limits', () => {
  it('cuts a line longer than the read, and bounds how far into a .gz it decompresses', async () => {
    const rec = { path: file('plain.log'), size: readFileSync(file('plain.log')).length, mtimeUs: null, sha256: await sha256File(file('plain.log')) };
    const cut = await readSourceLine(rec, 0, { lineBytes: 20 });
    expect(cut).toMatchObject({ status: 'ok', cut: true, bytes: 20, text: LINES[0].slice(0, 20) });
    const gz = { path: file('packed.log.gz'), size: readFileSync(file('packed.log.gz')).length, mtimeUs: null, sha256: await sha256File(file('packed.log.gz')) };
    const off = Buffer.byteLength(LINES[0]) + 1;
    expect(await readSourceLine(gz, off, { gzBytes: off - 1 })).toMatchObject({ status: 'too-far' });
    expect(await readSourceLine(gz, off, { gzBytes: off })).toMatchObject({ status: 'ok', text: LINES[1].replace(ESC, '\\x1b').replace('\x07', '\\x07').replace('\u202e', '\\u{202e}').replace('\\x41', '\\\\x41') });
  });

  it('checks a file too large to re-hash by size and mtime', async () => {
    const rec = { path: file('plain.log'), size: readFileSync(file('plain.log')).length, mtimeUs: 0, sha256: 'not-checked' };
    expect(await readSourceLine(rec, 0, { hashBytes: 0 })).toMatchObject({ status: 'changed' });
  });
});
