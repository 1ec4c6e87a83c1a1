// User SQL on the command line is checked like the app's: one read-only statement, in a READ ONLY
// transaction — `fwlens query` and `rules block --sql` write nothing, attach nothing, set nothing.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, linkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fwlensResult, ROOT, tempDir } from '../helpers.ts';

const t = tempDir();
const kase = join(t.dir, 'case.duckdb');
const other = join(t.dir, 'other.duckdb');
beforeAll(() => {
  for (const c of [kase, other]) expect(fwlensResult('import', c, join(ROOT, 'test/fixtures/visual/flows-small.log'), '--quiet', '--no-enrich').code).toBe(0);
});
afterAll(() => t.cleanup());

const count = (c: string) => JSON.parse(fwlensResult('query', c, 'SELECT count(*) AS n FROM sources', '--json').out)[0].n;

describe('fwlens query and rules block --sql are read-only', () => {
  it.each([
    [`SELECT 1; COPY (SELECT 43) TO '${join(t.dir, 'x.csv')}'`, /one statement at a time/],
    [`EXPORT DATABASE '${join(t.dir, 'dump')}'`, /only queries may run here/],
    [`SET threads = 1`, /only queries may run here/],
    [`PRAGMA enable_profiling`, /not allowed here: it is not read-only/],
    [`CREATE TEMP TABLE x AS SELECT 1`, /only queries may run here/],
    [`CALL pragma_version()`, /only queries may run here/],
    [`ATTACH '${other}' AS o (READ_WRITE); DELETE FROM o.sources`, /only queries may run here/],
  ])('refuses %s', (sql, why) => {
    const r = fwlensResult('query', kase, sql);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(why);
  });

  it('nothing was written: no file, no dump, the other case untouched', () => {
    expect(existsSync(join(t.dir, 'x.csv'))).toBe(false);
    expect(existsSync(join(t.dir, 'dump'))).toBe(false);
    expect(count(other)).toBe(1);
  });

  it('a hard link to the case cannot be used to change it either', () => {
    const link = join(t.dir, 'link.duckdb');
    linkSync(kase, link);
    const r = fwlensResult('rules', 'block', kase, '--format', 'nft', '--sql', `SELECT 1; DELETE FROM sources`);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/one statement at a time/);
    expect(count(link)).toBe(1);
  });

  it('a trailing comment is fine, and PRAGMA show says what to use instead', () => {
    const ok = fwlensResult('query', kase, 'SELECT 1 AS one; -- trailing comment', '--json');
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toEqual([{ one: 1 }]);
    const p = fwlensResult('query', kase, `PRAGMA show('events')`);
    expect(p.code).toBe(1);
    expect(p.err).toMatch(/DESCRIBE events/);
  });

  it('a new case file is readable by its owner only', () => {
    expect(statSync(kase).mode & 0o077).toBe(0);
  });
});
