// State that lasts, on real case files: the SQL history searched and pinned (pins survive trimming), and
// the change notifications the core sends when a case's data changes (per committed source, enrichment, case switch).
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { join } from 'node:path';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { addHistory } from '../../src-main/db/saved-queries.ts';
import { pinQuery, searchHistory } from '../../src-main/db/history-pins.ts';
import { FwlensService } from '../../src-main/app/service.ts';
import { writeSynthDay } from '../../src-main/gen/write-synth.ts';
import type { CaseChange, QueryPage, Result } from '../../src-main/shared/api.ts';
import { tempDir } from '../helpers.ts';
import { value } from '../service-case.ts';

let t: ReturnType<typeof tempDir>;
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('SQL history: search and pins', () => {
  it('finds runs by any part of their text, in any case, newest first', async () => {
    const svc = new FwlensService({ shell: 'browser', dataDir: t.dir });
    try {
      value(await svc.openCase(join(t.dir, 'h.duckdb'), true));
      const asked = ['SELECT 1 AS alpha', 'SELECT 2 AS beta', 'select 3 as Alpha_two', 'SELECT 4 AS gamma'];
      for (const sql of asked) value(await svc.runQuery({ sql }));
      const all = value(await svc.queryHistory(50));
      expect(all.map((h) => h.sql)).toEqual([...asked].reverse());
      const found = value(await svc.queryHistory(50, 'ALPHA'));
      expect(found.map((h) => h.sql)).toEqual(asked.filter((s) => /alpha/i.test(s)).reverse());
      // Characters LIKE would treat as wildcards are plain text here.
      expect(value(await svc.queryHistory(50, '%'))).toEqual([]);
      expect(value(await svc.queryHistory(50, 'AS _'))).toEqual([]);
      expect(code(await svc.queryHistory(50, 7 as never))).toBe('BAD_ARGUMENT');
      expect(code(await svc.pinQuery('', true))).toBe('BAD_ARGUMENT');
      expect(code(await svc.pinQuery('SELECT 1', 'yes' as never))).toBe('BAD_ARGUMENT');
    } finally {
      svc.close();
    }
  });

  it('keeps a pinned query on top, and pinned, when the history is trimmed past it', async () => {
    const db = await CaseDb.open(join(t.dir, 'pins.duckdb'), { create: true });
    try {
      const keep = 3;
      await addHistory(db, 'SELECT pinned_one', keep);
      expect(await pinQuery(db, 'SELECT pinned_one', true)).toBe(true);
      expect(await pinQuery(db, 'SELECT pinned_one', true)).toBe(false);
      const later = ['SELECT a', 'SELECT b', 'SELECT c', 'SELECT d', 'SELECT e'];
      for (const sql of later) await addHistory(db, sql, keep);
      const rows = await searchHistory(db, 50, '');
      // The trim kept the newest `keep` runs; the pinned one is still there, first and marked.
      expect(rows.map((r) => [r.sql, r.pinned])).toEqual([['SELECT pinned_one', true], ...later.slice(-keep).reverse().map((s) => [s, false])]);
      expect((await db.all(`SELECT count(*)::INTEGER AS n FROM query_history WHERE sql = 'SELECT pinned_one'`))[0].n).toBe(0);
      // A search that matches only the pin finds it; one that does not leaves it out.
      expect((await searchHistory(db, 50, 'PINNED')).map((r) => r.sql)).toEqual(['SELECT pinned_one']);
      expect((await searchHistory(db, 50, 'select e')).map((r) => r.sql)).toEqual(['SELECT e']);
      // Unpinned, it is gone with its runs.
      expect(await pinQuery(db, 'SELECT pinned_one', false)).toBe(true);
      expect((await searchHistory(db, 50, '')).some((r) => r.sql === 'SELECT pinned_one')).toBe(false);
    } finally {
      db.close();
    }
  });

  it('lists a pinned query once, with its last run, above newer unpinned runs', async () => {
    const svc = new FwlensService({ shell: 'browser', dataDir: t.dir });
    try {
      value(await svc.openCase(join(t.dir, 'p.duckdb'), true));
      for (const sql of ['SELECT 10', 'SELECT 11', 'SELECT 10', 'SELECT 12']) value(await svc.runQuery({ sql }));
      expect(value(await svc.pinQuery('SELECT 10', true))).toBe(true);
      const h = value(await svc.queryHistory(50));
      expect(h.map((x) => [x.sql, x.pinned])).toEqual([['SELECT 10', true], ['SELECT 12', false], ['SELECT 11', false]]);
      // Pins belong to the case file: they are there when it is opened again.
      svc.close();
      value(await svc.openCase(join(t.dir, 'p.duckdb'), false));
      expect(value(await svc.queryHistory(1))).toEqual([expect.objectContaining({ sql: 'SELECT 10', pinned: true })]);
    } finally {
      svc.close();
    }
  });
});

describe('case change notifications', () => {
  it('tells every listener when each source commits, after enrichment, and when another case opens', async () => {
    const [a, b] = [join(t.dir, 'a.log'), join(t.dir, 'b.log')];
    await writeSynthDay(a, { lines: 3_000, seed: 1, stamp: 'iso' });
    await writeSynthDay(b, { lines: 2_000, seed: 2, stamp: 'iso' });
    const svc = new FwlensService({ shell: 'browser', dataDir: t.dir });
    const seen: CaseChange[] = [];
    const other: CaseChange[] = [];
    const counts: Array<Promise<Result<QueryPage>>> = [];
    try {
      const casePath = join(t.dir, 'c.duckdb');
      svc.onCaseChanged((e) => {
        seen.push(e);
        // What a view reloading on this notification would read at that moment.
        if (e.reason === 'import') counts.push(svc.runQuery({ sql: 'SELECT count(*)::INTEGER AS n FROM events' }));
      });
      const off = svc.onCaseChanged((e) => other.push(e));
      value(await svc.openCase(casePath, true));
      const summaries = value(await svc.importPaths([a, b], 'import-notify'));
      expect(summaries.map((s) => s.outcome)).toEqual(['imported', 'imported']);
      expect(seen.map((e) => e.reason)).toEqual(['open', 'import', 'import', 'enrich']);
      expect(seen.every((e) => e.casePath === casePath)).toBe(true);
      expect(seen.map((e) => e.version)).toEqual([...seen.map((e) => e.version)].sort((x, y) => x - y));
      expect(new Set(seen.map((e) => e.version)).size).toBe(seen.length);
      // Each notification came after its source was committed: a reader starting then saw at least that source
      // (the next one may have committed too by the time the read ran).
      const n = await Promise.all(counts.map(async (p) => Number(value(await p).rows[0][0])));
      expect(n[0]).toBeGreaterThanOrEqual(summaries[0].events);
      expect(n[1]).toBe(summaries[0].events + summaries[1].events);
      expect(other).toEqual(seen);

      // A duplicate changes nothing: no notification.
      const before = seen.length;
      value(await svc.importPaths([a], 'import-again'));
      expect(seen.length).toBe(before);

      off();
      const second = join(t.dir, 'd.duckdb');
      value(await svc.openCase(second, true));
      expect(seen.at(-1)).toMatchObject({ casePath: second, reason: 'open' });
      expect(other.length).toBe(before);
    } finally {
      svc.close();
    }
  });
});
