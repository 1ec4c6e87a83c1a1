// Explore's own query path on a real case (the bundled sample, enriched): keyset paging and jumps
// give every row once in the grid's order, the count apart, addresses in numeric order, no history.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { discoverFiles } from '../../src-main/import/discover.ts';
import { importSource } from '../../src-main/import/import-source.ts';
import { FwlensService } from '../../src-main/app/service.ts';
import type { Cell, Result } from '../../src-main/shared/api.ts';
import { exploreSort, orderBySql, type ExplorePage } from '../../src-main/shared/explore.ts';
import { ROOT, tempDir } from '../helpers.ts';
import { buildCase, serviceOn, value } from '../service-case.ts';

let t: ReturnType<typeof tempDir>;
let svc: FwlensService;
const COLS = ['source_id', 'line_no', 'ts', 'src', 'dst', 'dport', 'prefix', 'country'];

beforeAll(async () => {
  t = tempDir();
  const casePath = join(t.dir, 'sample.duckdb');
  await buildCase(casePath, async (db) => {
    for (const f of discoverFiles([join(ROOT, 'resources/sample')])) await importSource(db, f);
  });
  svc = await serviceOn(casePath, t.dir, 'browser');
});
afterAll(() => {
  svc?.close();
  t?.cleanup();
});

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const id = (r: Cell[]) => `${r[0]}:${r[1]}`;

/** The expected order, from one plain SQL statement over the whole result (runQuery, no paging tricks). */
async function reference(where: string, orderBy: string | null, desc: boolean): Promise<string[]> {
  const sql = `SELECT source_id, line_no FROM events_enriched WHERE ${where} ORDER BY ${orderBySql(exploreSort(orderBy, desc))}`;
  const out: string[] = [];
  for (let offset = 0; ; offset += 10_000) {
    const page = value(await svc.runQuery({ sql, offset, limit: 10_000 }));
    out.push(...page.rows.map(id));
    if (out.length >= page.total) return out;
  }
}

/** Every row by following lastKey from page to page. */
async function pageThrough(where: string, orderBy: string | null, desc: boolean, limit: number): Promise<string[]> {
  return (await rowsThrough(where, orderBy, desc, limit)).map(id);
}

async function rowsThrough(where: string, orderBy: string | null, desc: boolean, limit: number): Promise<Cell[][]> {
  const out: Cell[][] = [];
  let after: Array<string | null> | null = null;
  for (let offset = 0; ; offset += limit) {
    const p: ExplorePage = value(await svc.explorePage({ where, columns: COLS, orderBy, desc, offset, limit, after }));
    out.push(...p.rows);
    if (p.end) return out;
    expect(p.lastKey).not.toBeNull();
    after = p.lastKey;
  }
}

describe('Explore paging', () => {
  const sorts: Array<[string | null, boolean]> = [[null, false], ['src', false], ['src', true], ['dport', true], ['prefix', false], ['country', true]];
  for (const [orderBy, desc] of sorts) {
    it(`pages through every row exactly once, in order, sorted by ${orderBy ?? 'time'} ${desc ? 'descending' : 'ascending'}`, async () => {
      const want = await reference('TRUE', orderBy, desc);
      expect(want.length).toBeGreaterThan(1000);
      const got = await pageThrough('TRUE', orderBy, desc, 997);
      expect(new Set(got).size).toBe(got.length);
      expect(got).toEqual(want);
    });
  }

  it('jumps to any position and gives the same rows as the full result there', async () => {
    const where = `(dport = 53 OR sport = 53 OR country IS NOT NULL)`;
    for (const [orderBy, desc] of [[null, false], ['dst', true], ['dport', false]] as const) {
      const want = await reference(where, orderBy, desc);
      for (const offset of [1, Math.floor(want.length / 2), want.length - 5, want.length + 10]) {
        const p = value(await svc.explorePage({ where, columns: COLS, orderBy, desc, offset, limit: 20 }));
        expect(p.rows.map(id), `${orderBy} at ${offset}`).toEqual(want.slice(offset, offset + 20));
      }
    }
  });

  it('counts what the filter keeps, apart from the pages', async () => {
    for (const where of ['TRUE', 'dport = 53', `country IS NOT NULL AND src_scope = 'internal'`]) {
      const want = (await reference(where, null, false)).length;
      expect(value(await svc.exploreCount({ where })).total).toBe(want);
    }
  });

  it('sorts addresses by family, then as numbers, not as text', async () => {
    const rows = await rowsThrough('TRUE', 'dst', false, 2000);
    const dsts = rows.map((r) => r[COLS.indexOf('dst')] as string | null).filter((d): d is string => d !== null);
    const v4 = dsts.filter((d) => !d.includes(':'));
    const num = (a: string) => a.split('.').reduce((n, x) => n * 256 + Number(x), 0);
    for (let i = 1; i < v4.length; i++) expect(num(v4[i]), `${v4[i - 1]} before ${v4[i]}`).toBeGreaterThanOrEqual(num(v4[i - 1]));
    // IPv6 after every IPv4 address, and the sample has addresses whose text order differs.
    expect(dsts.findIndex((d) => d.includes(':'))).toBeGreaterThanOrEqual(v4.length === dsts.length ? -1 : v4.length);
    expect([...v4].sort()).not.toEqual(v4);
  });

  it('is not written to SQL History', async () => {
    const before = value(await svc.queryHistory(50));
    value(await svc.explorePage({ where: 'dport = 22', columns: COLS, offset: 0, limit: 10 }));
    value(await svc.exploreCount({ where: 'dport = 22' }));
    expect(value(await svc.queryHistory(50))).toEqual(before);
  });

  it('refuses a filter that is not one condition, unknown columns and bad names', async () => {
    expect(code(await svc.explorePage({ where: '1=1) UNION ALL (SELECT 1', columns: COLS, offset: 0, limit: 10 }))).toBe('BAD_ARGUMENT');
    expect(code(await svc.exploreCount({ where: 'TRUE; DROP TABLE sources' }))).toBe('BAD_ARGUMENT');
    expect(code(await svc.explorePage({ where: 'TRUE', columns: ['no_such_column'], offset: 0, limit: 10 }))).not.toBe('ok');
    expect(code(await svc.explorePage({ where: 'TRUE', columns: ['src"; --'], offset: 0, limit: 10 }))).toBe('BAD_ARGUMENT');
    expect(code(await svc.explorePage({ where: 'TRUE', columns: COLS, orderBy: 'len"', offset: 0, limit: 10 }))).toBe('BAD_ARGUMENT');
    expect(code(await svc.explorePage({ where: 'TRUE', columns: COLS, orderBy: 'no_such_column', offset: 0, limit: 10 }))).not.toBe('ok');
    expect(code(await svc.explorePage({ where: 'TRUE', columns: COLS, offset: 0, limit: 10, after: [{}] as never }))).toBe('BAD_ARGUMENT');
  });
});
