// FwlensService against a real case made from the bundled sample: every operation, its argument
// checks, paging, read-only refusal, cancel, import outcomes and exports.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { discoverFiles } from '../../src-main/import/discover.ts';
import { importSource } from '../../src-main/import/import-source.ts';
import { runQuery as cliQuery } from '../../src-main/db/query.ts';
import { formatCsv } from '../../src-main/shared/format-table.ts';
import { FwlensService } from '../../src-main/app/service.ts';
import type { ProgressEvent, Result } from '../../src-main/shared/api.ts';
import { ROOT, tempDir } from '../helpers.ts';
import { buildCase, serviceOn, value } from '../service-case.ts';

const SAMPLE = join(ROOT, 'resources/sample');
let t: ReturnType<typeof tempDir>;
let svc: FwlensService;
let casePath: string;

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

beforeAll(async () => {
  t = tempDir();
  casePath = join(t.dir, 'sample.duckdb');
  await buildCase(casePath, async (db) => {
    for (const f of discoverFiles([SAMPLE])) await importSource(db, f);
  });
  svc = await serviceOn(casePath, t.dir, 'electron');
});
afterAll(() => {
  svc?.close();
  t?.cleanup();
});

describe('FwlensService', () => {
  it('answers appInfo with the DB-IP credit, caseInfo, sources and recent cases', async () => {
    const info = value(await svc.appInfo());
    expect(info.casePath).toBe(casePath);
    expect(info.credits.join(' ')).toMatch(/DB-IP/);
    const c = value(await svc.caseInfo());
    expect(c.events).toBeGreaterThan(1000);
    expect(c.sources).toBe(2);
    expect(c.firstTs).toMatch(/^\d{4}-/);
    const sources = value(await svc.listSources());
    expect(sources).toHaveLength(2);
    expect(value(await svc.recentCases())[0]).toBe(casePath);
    const rej = value(await svc.listRejects(sources[0].id, 0, 5));
    expect(rej.total).toBeGreaterThanOrEqual(rej.rows.length);
    const schema = value(await svc.schema());
    expect(schema.find((s) => s.name === 'events')?.kind).toBe('view');
    expect(schema.find((s) => s.name === 'events')?.columns.some((c) => c.name === 'dport')).toBe(true);
  });

  it('refuses bad arguments', async () => {
    expect(code(await svc.openCase(42 as never, false))).toBe('BAD_ARGUMENT');
    expect(code(await svc.openCase('x.duckdb', 'yes' as never))).toBe('BAD_ARGUMENT');
    expect(code(await svc.listRejects(1, -1, 10))).toBe('BAD_ARGUMENT');
    expect(code(await svc.listRejects(1, 0, 1.5))).toBe('BAD_ARGUMENT');
    expect(code(await svc.runQuery({ sql: 'SELECT 1', limit: 0 }))).toBe('BAD_ARGUMENT');
    expect(code(await svc.runQuery({ sql: 'x'.repeat(1024 * 1024 + 1) }))).toBe('BAD_ARGUMENT');
    expect(code(await svc.runQuery({ sql: 'SELECT 1', opId: 'bad id!' }))).toBe('BAD_ARGUMENT');
    expect(code(await svc.runQuery(null as never))).toBe('BAD_ARGUMENT');
    expect(code(await svc.importPaths('not-a-list' as never, 'op1'))).toBe('BAD_ARGUMENT');
    expect(code(await svc.cancel('x'.repeat(65)))).toBe('BAD_ARGUMENT');
    expect(code(await svc.exportResult('SELECT 1', 'xlsx' as never, join(t.dir, 'x')))).toBe('BAD_ARGUMENT');
    expect(code(await svc.addressDetails('not an address'))).toBe('BAD_ARGUMENT');
    expect(code(await svc.queryHistory(0))).toBe('BAD_ARGUMENT');
    expect(code(await svc.saveQuery('', 'SELECT 1'))).toBe('BAD_ARGUMENT');
  });

  it('pages a query and counts its total', async () => {
    const total = value(await svc.caseInfo()).events;
    const p1 = value(await svc.runQuery({ sql: 'SELECT line_no, ts, flags, src_num FROM events ORDER BY source_id, line_no', limit: 50 }));
    expect(p1.rows).toHaveLength(50);
    expect(p1.total).toBe(total);
    expect(p1.types).toEqual(['BIGINT', 'TIMESTAMP', 'VARCHAR[]', 'UHUGEINT']);
    expect(typeof p1.rows[0][0]).toBe('number');
    expect(p1.rows[0][1]).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    const p2 = value(await svc.runQuery({ sql: 'SELECT line_no FROM events ORDER BY source_id, line_no -- trailing comment', offset: total - 3, limit: 50 }));
    expect(p2.rows).toHaveLength(3);
    expect(p2.total).toBe(total);
    const small = value(await svc.runQuery({ sql: 'SELECT action, count(*) n FROM events GROUP BY ALL;' }));
    expect(small.total).toBe(small.rows.length);
    expect(value(await svc.runQuery({ sql: "PRAGMA table_info('sources')" })).rows.length).toBeGreaterThan(5);
    expect(value(await svc.runQuery({ sql: 'DESCRIBE events' })).total).toBeGreaterThan(50);
    expect(code(await svc.runQuery({ sql: 'SELEC 1' }))).toBe('BAD_ARGUMENT');
    expect(code(await svc.runQuery({ sql: 'SELECT nope FROM events' }))).toBe('SQL');
    const hist = value(await svc.queryHistory(5));
    expect(hist[0].sql).toBe('DESCRIBE events');
  });

  it('refuses statements that would change the case', async () => {
    const before = value(await svc.caseInfo()).events;
    for (const sql of [
      'DELETE FROM events_store', 'DROP TABLE sources', "UPDATE sources SET name = 'x'", 'INSERT INTO services VALUES (1, 2, 3)',
      '/* hi */ CREATE TABLE x AS SELECT 1', 'SELECT 1; DELETE FROM events_store', 'WITH d AS (SELECT 1) DELETE FROM events_store',
      "COPY sources TO '/tmp/x.csv'", 'ATTACH ":memory:" AS m', 'PRAGMA enable_profiling', 'EXPLAIN ANALYZE DELETE FROM events_store', 'CHECKPOINT',
    ]) {
      expect(code(await svc.runQuery({ sql })), sql).toBe('BAD_ARGUMENT');
    }
    expect(value(await svc.caseInfo()).events).toBe(before);
  });

  it('cancels a long query quickly and the case still works', async () => {
    const started = performance.now();
    const running = svc.runQuery({ sql: 'SELECT count(*) FROM range(100000000) a, range(1000000) b WHERE a.range + b.range = 3', opId: 'long-1' });
    await new Promise((r) => setTimeout(r, 300));
    expect(value(await svc.cancel('long-1'))).toBe(true);
    const r = await running;
    expect(code(r)).toBe('CANCELLED');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(value(await svc.cancel('long-1'))).toBe(false);
    expect(value(await svc.runQuery({ sql: 'SELECT count(*) n FROM events' })).rows[0][0]).toBeGreaterThan(0);
  });

  it('every ready question runs and returns rows on the sample', async () => {
    const qs = value(await svc.readyQuestions());
    expect(qs.length).toBeGreaterThanOrEqual(9);
    for (const q of qs) {
      const page = value(await svc.runQuery({ sql: q.sql, limit: 10 }));
      expect(page.rows.length, q.id).toBeGreaterThan(0);
    }
  });

  it('saves, lists and deletes queries', async () => {
    const s = value(await svc.saveQuery('drops', "SELECT * FROM events WHERE action = 'DROP'"));
    expect(s.id).toBeGreaterThan(0);
    const again = value(await svc.saveQuery('drops', 'SELECT 2'));
    expect(again.id).toBe(s.id);
    expect(value(await svc.savedQueries()).map((q) => q.sql)).toEqual(['SELECT 2']);
    expect(value(await svc.deleteSavedQuery(s.id))).toBe(true);
    expect(value(await svc.deleteSavedQuery(s.id))).toBe(false);
  });

  it('keeps per-case UI state as JSON by key, in the case file, and refuses odd keys and oversized values', async () => {
    expect(value(await svc.uiState('explore.columns'))).toBe(null);
    value(await svc.setUiState('explore.columns', { shown: ['ts', 'src'], widths: { src: 140 } }));
    expect(value(await svc.uiState('explore.columns'))).toEqual({ shown: ['ts', 'src'], widths: { src: 140 } });
    expect(code(await svc.setUiState('../etc', 1))).toBe('BAD_ARGUMENT');
    expect(code(await svc.uiState(''))).toBe('BAD_ARGUMENT');
    expect(code(await svc.setUiState('big', 'x'.repeat(300 * 1024)))).toBe('TOO_LARGE');
    // It is in the case: another service opening the same file reads it.
    svc.close();
    const other = await serviceOn(casePath, t.dir, 'electron');
    expect(value(await other.uiState('explore.columns'))).toEqual({ shown: ['ts', 'src'], widths: { src: 140 } });
    value(await other.setUiState('explore.columns', null));
    expect(value(await other.uiState('explore.columns'))).toBe(null);
    other.close();
    svc = await serviceOn(casePath, t.dir, 'electron');
  });

  it('gives the details of a busy address', async () => {
    const busiest = value(await svc.runQuery({ sql: 'SELECT dst FROM events GROUP BY dst ORDER BY count(*) DESC LIMIT 1' })).rows[0][0] as string;
    const d = value(await svc.addressDetails(busiest));
    expect(d.address).toBe(busiest);
    expect(d.counts.asDestination).toBeGreaterThan(10);
    expect(d.scope).not.toBeNull();
    expect(d.peers.length).toBeGreaterThan(0);
    expect(d.ports.length).toBeGreaterThan(0);
    expect(d.firstSeen).toMatch(/Z$/);
    expect(code(await svc.addressDetails('192.0.2.254'))).toBe('NOT_FOUND');
  });

  it('exports CSV byte-identical to fwlens query --csv, JSON, and Parquet DuckDB reads back', async () => {
    const sql = "SELECT src, dst, dport, flags, ts FROM events WHERE proto = 'TCP' ORDER BY source_id, line_no";
    const csv = value(await svc.exportResult(sql, 'csv', join(t.dir, 'out.csv')));
    const all = value(await svc.runQuery({ sql: `SELECT count(*) FROM (${sql})` })).rows[0][0];
    expect(csv.rows).toBe(all);
    const text = readFileSync(join(t.dir, 'out.csv'), 'utf8');
    // Same bytes as `fwlens query --csv`: formatCsv over the rows the CLI's runQuery reads.
    svc.close();
    const cli = await CaseDb.open(casePath, { readOnly: true });
    const { columns, rows } = await cliQuery(cli, sql);
    cli.close();
    expect(text).toBe(formatCsv(columns, rows));
    value(await svc.openCase(casePath, false));
    const json = value(await svc.exportResult(sql, 'json', join(t.dir, 'out.json')));
    const parsed = JSON.parse(readFileSync(join(t.dir, 'out.json'), 'utf8')) as unknown[];
    expect(parsed).toHaveLength(json.rows);
    const pq = value(await svc.exportResult(sql, 'parquet', join(t.dir, "o'ut.parquet")));
    expect(pq.rows).toBe(all);
    const back = value(await svc.runQuery({ sql: `SELECT count(*) FROM read_parquet('${join(t.dir, "o''ut.parquet")}')` }));
    expect(back.rows[0][0]).toBe(all);
  });

  it('imports with progress and summaries; a bad file fails alone; a cancel leaves the case unchanged', async () => {
    const events: ProgressEvent[] = [];
    const off = svc.onProgress((e) => events.push(e));
    const dir = join(t.dir, 'in');
    (await import('node:fs')).mkdirSync(dir);
    copyFileSync(join(SAMPLE, 'kern.log'), join(dir, 'kern.log'));
    writeFileSync(join(dir, 'notes.txt'), 'this is not a firewall log\nat all\n');
    const before = value(await svc.caseInfo());
    const sums = value(await svc.importPaths([dir, join(t.dir, 'missing.log')], 'imp-1'));
    expect(sums.map((s) => [s.outcome, s.path.split('/').pop()])).toEqual([['duplicate', 'kern.log'], ['failed', 'notes.txt'], ['failed', 'missing.log']]);
    expect(sums[1].message).toMatch(/unknown format/);
    expect(value(await svc.caseInfo()).events).toBe(before.events);

    // A new file (different bytes) imports with progress events carrying bytes, rate and ETA.
    const lines = readFileSync(join(SAMPLE, 'kern.log'), 'utf8').split('\n').slice(0, 2000).join('\n') + '\n';
    writeFileSync(join(dir, 'part.log'), lines);
    const sums2 = value(await svc.importPaths([join(dir, 'part.log')], 'imp-2'));
    expect(sums2[0].outcome).toBe('imported');
    const prog = events.filter((e) => e.opId === 'imp-2' && e.kind === 'import');
    expect(prog.length).toBeGreaterThan(0);
    expect(prog.at(-1)!.done).toBe(prog.at(-1)!.total);
    expect(events.some((e) => e.opId === 'imp-2' && e.kind === 'enrich')).toBe(true);
    const mid = value(await svc.caseInfo());
    expect(mid.events).toBe(before.events + sums2[0].events);

    // Cancelled as soon as the first progress event arrives: nothing of it lands.
    const big = Array.from({ length: 40 }, () => readFileSync(join(SAMPLE, 'kern.log'), 'utf8')).join('').replace(/SPT=/g, 'SPT=1');
    writeFileSync(join(dir, 'big.log'), big);
    const offCancel = svc.onProgress((e) => { if (e.opId === 'imp-3') void svc.cancel('imp-3'); });
    const r = await svc.importPaths([join(dir, 'big.log')], 'imp-3');
    offCancel();
    off();
    expect(code(r)).toBe('CANCELLED');
    const after = value(await svc.caseInfo());
    expect(after.events).toBe(mid.events);
    expect(after.sources).toBe(mid.sources);
    expect(value(await svc.runQuery({ sql: 'SELECT count(*) FROM sources' })).rows[0][0]).toBe(mid.sources);
    expect(existsSync(casePath)).toBe(true);
  });
});
