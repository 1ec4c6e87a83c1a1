// Damaged and hostile input (junk bytes, NUL, CRLF, huge lines, cut gzip), time inference, case files and empty
// files, around the good lines of test/fixtures/own/drop-input.log.
import { describe, it, expect } from 'vitest';
import { writeFileSync, readFileSync, utimesSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { CaseDb, CaseError } from '../../src-main/db/case-db.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src-main/db/migrations.ts';
import { importSource } from '../../src-main/import/import-source.ts';
import { discoverFiles, InputError } from '../../src-main/import/discover.ts';
import { rng } from '../../src-main/gen/synth-day.ts';
import { OWN, scalar } from '../helpers.ts';
import { t, db, reopenCase } from '../fresh-case.ts';

// Ten netfilter lines of Jan 8, the first at 03:37:09 (test/fixtures/own/README.md).
const good = readFileSync(join(OWN, 'drop-input.log'), 'utf8').split('\n').filter(Boolean);

async function reconcile(path: string) {
  const r = await importSource(db, path);
  expect(r.lines).toBe(r.events + r.rejects + r.skipped + r.blank);
  expect(await scalar(db, 'SELECT count(*)::INTEGER FROM rejects WHERE source_id = $1', [r.sourceId])).toBe(r.rejects);
  return r;
}

describe('damaged and hostile input gives rejects, never a crash', () => {
  it('random bytes between good lines: good lines are events, the rest rejects with reasons and their raw bytes', async () => {
    const r = rng(7);
    const junk = Buffer.from(Array.from({ length: 5000 }, () => Math.floor(r() * 256)));
    const f = join(t.dir, 'mixed.log');
    writeFileSync(f, Buffer.concat([Buffer.from(good.slice(0, 5).join('\n') + '\n'), junk, Buffer.from('\n' + good.slice(5, 10).join('\n') + '\n')]));
    const res = await reconcile(f);
    expect(res.events).toBe(10);
    expect(res.rejects).toBeGreaterThan(0);
    const rows = await db.all('SELECT reason, line, raw FROM rejects');
    for (const row of rows) expect((row.reason as string).length).toBeGreaterThan(3);
    // The kept bytes are exactly the file's bytes for those lines.
    const kept = rows.filter((x) => x.raw).map((x) => x.raw as Buffer);
    expect(kept.length).toBeGreaterThan(0);
    for (const k of kept) expect(junk.includes(k)).toBe(true);
  });

  it('a NUL-damaged line and CRLF endings: CRLF lines are events, the NUL line a reject', async () => {
    const f = join(t.dir, 'crlf.log');
    writeFileSync(f, good[0] + '\r\n' + '\0\0\0\0' + good[1] + '\r\n' + good[2] + '\r\n');
    const res = await reconcile(f);
    expect(res.events).toBe(2);
    expect(res.rejects).toBe(1);
    const [rej] = await db.all('SELECT reason, raw FROM rejects');
    expect(rej.reason).toMatch(/NUL/);
    expect((rej.raw as Buffer).subarray(0, 4)).toEqual(Buffer.alloc(4));
    const [ev] = await db.all('SELECT extra, urgp FROM events ORDER BY line_no LIMIT 1');
    expect(ev.extra ?? '').not.toMatch(/\r/);
  });

  it('a 10 MB line is one reject with its reason, and the lines around it still import', async () => {
    const f = join(t.dir, 'long.log');
    writeFileSync(f, good[0] + '\n' + 'A'.repeat(10 * 1024 * 1024) + '\n' + good[1] + '\n');
    const res = await reconcile(f);
    expect(res.events).toBe(2);
    expect(res.rejects).toBe(1);
    const [rej] = await db.all('SELECT reason, octet_length(raw)::INTEGER n, length::INTEGER len, line_no FROM rejects');
    expect(rej.reason).toBe('line longer than 1 MiB (10485760 bytes)');
    // Only its first 64 KiB are kept, with its length (and sha256): whole lines once broke the case.
    expect(rej.n).toBe(64 * 1024);
    expect(rej.len).toBe(10 * 1024 * 1024);
    expect(rej.line_no).toBe(2n);
  });

  it('a truncated .gz keeps every line before the damage and marks the source damaged', async () => {
    const body = good.join('\n') + '\n';
    const gz = gzipSync(Buffer.from(body.repeat(40)));
    const f = join(t.dir, 'kern.log.2.gz');
    writeFileSync(f, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const res = await reconcile(f);
    expect(res.status).toBe('damaged');
    expect(res.message).toMatch(/gzip/);
    expect(res.events).toBeGreaterThan(good.length);
    const [src] = await db.all('SELECT status, message FROM sources');
    expect(src.status).toBe('damaged');
  });

  it('another program\'s syslog line is skipped (counted under its program), not rejected; blank lines are counted apart', async () => {
    const f = join(t.dir, 'syslog');
    writeFileSync(f, `Jan  8 03:37:09 example-host systemd[1]: Started Daily apt download activity.\n\n   \n${good[0]}\n`);
    const res = await reconcile(f);
    expect(res).toMatchObject({ lines: 4, events: 1, rejects: 0, skipped: 1, blank: 2, status: 'ok' });
    expect(await db.all('SELECT program, lines::INTEGER lines FROM skipped_programs')).toEqual([{ program: 'systemd', lines: 1 }]);
    expect(await scalar(db, 'SELECT count(*)::INTEGER FROM rejects')).toBe(0);
  });

  it('a file of an unknown format is refused with a message naming it, and the case is unchanged', async () => {
    const f = join(t.dir, 'photo.jpg');
    writeFileSync(f, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    await expect(importSource(db, f)).rejects.toThrow(/photo\.jpg: unknown format/);
    expect(await scalar(db, 'SELECT count(*)::INTEGER FROM sources')).toBe(0);
  });
});

describe('time and order', () => {
  it('year-less stamps take the year of the file mtime; December lines in a January file go to the year before', async () => {
    const f = join(t.dir, 'kern.log');
    const dec = good[0].replace(/^Jan  8/, 'Dec 31');
    writeFileSync(f, dec + '\n' + good[1] + '\n');
    const mtime = new Date('2025-01-08T12:00:00Z');
    utimesSync(f, mtime, mtime);
    await importSource(db, f, { tz: 'UTC' });
    const rows = await db.all('SELECT year(ts)::INTEGER y, month(ts)::INTEGER m FROM events ORDER BY line_no');
    expect(rows).toEqual([{ y: 2024, m: 12 }, { y: 2025, m: 1 }]);
  });

  it('--year and --tz override the inference', async () => {
    const f = join(t.dir, 'kern.log');
    writeFileSync(f, good[0] + '\n');
    await importSource(db, f, { year: 2019, tz: 'Europe/Berlin' });
    const [row] = await db.all(`SELECT strftime(ts, '%Y-%m-%d %H:%M:%S') t FROM events`);
    expect(row.t).toBe('2019-01-08 02:37:09'); // 03:37:09 in Berlin (UTC+1 in January)
  });

  it('a folder imports oldest rotation first, compressed rotations included', () => {
    const d = join(t.dir, 'logs');
    mkdirSync(d);
    for (const n of ['kern.log', 'kern.log.1', 'kern.log.2.gz', 'kern.log.10.gz', 'ufw.log', 'ufw.log-20240102.gz', 'ufw.log-20240101.gz']) writeFileSync(join(d, n), '');
    expect(discoverFiles([d]).map((p) => p.slice(d.length + 1))).toEqual([
      'kern.log.10.gz', 'kern.log.2.gz', 'kern.log.1', 'kern.log', 'ufw.log-20240101.gz', 'ufw.log-20240102.gz', 'ufw.log',
    ]);
    expect(() => discoverFiles([join(d, 'missing.log')])).toThrow(InputError);
  });
});

describe('case files', () => {
  it('refuses a file that is not a fwlens case, and a DuckDB database of something else', async () => {
    const notDb = join(t.dir, 'notes.txt');
    writeFileSync(notDb, 'hello');
    await expect(CaseDb.open(notDb)).rejects.toThrow(/not a fwlens case/);
    const other = join(t.dir, 'other.duckdb');
    const o = await CaseDb.open(join(t.dir, 'tmp.duckdb'), { create: true });
    o.close();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(other);
    const c = await inst.connect();
    await c.run('CREATE TABLE x (a INTEGER)');
    c.closeSync();
    inst.closeSync();
    await expect(CaseDb.open(other)).rejects.toThrow(/not a fwlens case/);
    await expect(CaseDb.open(join(t.dir, 'nope.duckdb'))).rejects.toBeInstanceOf(CaseError);
  });

  it('migrations run once: reopening a case keeps its data and schema version', async () => {
    await importSource(db, join(OWN, 'scans/syn-sweep-port-22.log'));
    const n = await scalar(db, 'SELECT count(*)::INTEGER FROM events');
    await reopenCase();
    expect(await db.meta('schema_version')).toBe(String(SCHEMA_VERSION));
    expect(await scalar(db, 'SELECT count(*)::INTEGER FROM events')).toBe(n);
  });

  it('a case made by an older schema is upgraded on open, keeping its data', async () => {
    const old = join(t.dir, 'v1.duckdb');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(old);
    const c = await inst.connect();
    await c.run(`CREATE TABLE fwlens_meta (key VARCHAR PRIMARY KEY, value VARCHAR)`);
    await c.run(`INSERT INTO fwlens_meta VALUES ('app', 'fwlens-case'), ('schema_version', '1')`);
    for (const sql of MIGRATIONS[0].sql) await c.run(sql);
    await c.run(`INSERT INTO rejects VALUES (1, 1, 0, 'kept', 'x', NULL)`);
    c.closeSync();
    inst.closeSync();
    const up = await CaseDb.open(old);
    try {
      expect(await up.meta('schema_version')).toBe(String(SCHEMA_VERSION));
      expect(await scalar(up, 'SELECT count(*)::INTEGER FROM conntrack')).toBe(0);
      expect(await scalar(up, `SELECT reason FROM rejects`)).toBe('kept');
    } finally {
      up.close();
    }
  });
});

describe('one process, one instance per case', () => {
  it('refuses to open a case twice in the same process, and allows it again once closed', async () => {
    const p = join(t.dir, 'case.duckdb');
    await expect(CaseDb.open(p)).rejects.toThrow(/already open in this fwlens process/);
    await reopenCase(p);
    expect(await db.meta('app')).toBe('fwlens-case');
  });
});

describe('empty files', () => {
  it('an empty file or an empty gzip imports nothing, is said to be empty, and is not an error', async () => {
    const plain = join(t.dir, 'kern.log');
    const gz = join(t.dir, 'kern.log.1.gz');
    writeFileSync(plain, '');
    writeFileSync(gz, gzipSync(Buffer.alloc(0)));
    for (const f of [plain, gz]) {
      const r = await importSource(db, f);
      expect(r).toMatchObject({ outcome: 'empty', lines: 0, events: 0, rejects: 0 });
      expect(r.message).toMatch(/empty file/);
    }
    expect(await scalar(db, 'SELECT count(*)::INTEGER FROM sources')).toBe(0);
    // A damaged gzip is still damage, not emptiness.
    const bad = join(t.dir, 'kern.log.2.gz');
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    await expect(importSource(db, bad)).rejects.toThrow(/unknown format/);
  });

  it('the CLI imports a folder of rotated logs with empty members and exits 0', async () => {
    const { spawnSync } = await import('node:child_process');
    const { ROOT } = await import('../helpers.ts');
    const d = join(t.dir, 'logs');
    mkdirSync(d);
    writeFileSync(join(d, 'kern.log'), '');
    writeFileSync(join(d, 'kern.log.1'), good.join('\n') + '\n');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'import', join(t.dir, 'cli.duckdb'), d, '--no-enrich'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/kern\.log: empty file: nothing to import/);
    expect(r.stdout).toMatch(/kern\.log\.1: netfilter-log, \d+ lines/);
  });
});
