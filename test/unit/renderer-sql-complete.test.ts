// The SQL editor's completion logic over the case's real schema, and error positions from DuckDB's real messages.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { FwlensService } from '../../src-main/app/service.ts';
import type { TableSchema } from '../../src-main/shared/api.ts';
import { blankLiterals, candidates, clauseAt, tablesInStatement } from '../../src-renderer/lib/sql-complete.ts';
import { errorMarkFor, sqlErrorPosition } from '../../src-renderer/lib/sql-error-pos.ts';
import { tempDir } from '../helpers.ts';
import { value } from '../service-case.ts';

let t: ReturnType<typeof tempDir>;
let svc: FwlensService;
let schema: TableSchema[];
let functions: string[];

beforeAll(async () => {
  t = tempDir();
  const casePath = join(t.dir, 'case.duckdb');
  (await CaseDb.open(casePath, { create: true })).close();
  svc = new FwlensService({ shell: 'browser', dataDir: t.dir });
  value(await svc.openCase(casePath, false));
  schema = value(await svc.schema());
  functions = value(await svc.sqlFunctions());
});
afterAll(() => {
  svc?.close();
  t?.cleanup();
});

/** Text with `|` marking the cursor. */
const at = (s: string) => ({ sql: s.replace('|', ''), pos: s.indexOf('|') });
const cols = (name: string) => schema.find((x) => x.name === name)!.columns.map((c) => c.name);
const labels = (s: string, type?: string) => { const c = at(s); return candidates(c.sql, c.pos, schema, functions).filter((x) => !type || x.type === type); };

describe('the clause at the cursor', () => {
  it('wants columns after SELECT, WHERE, GROUP BY, ORDER BY, HAVING and ON, tables after FROM and JOIN', () => {
    const kind = (s: string) => { const c = at(s); return clauseAt(c.sql, c.pos); };
    expect(kind('SELECT pr|')).toBe('column');
    expect(kind('SELECT * FROM events WHERE pr|')).toBe('column');
    expect(kind('SELECT count(*) FROM events GROUP BY pr|')).toBe('column');
    expect(kind('SELECT * FROM events ORDER BY t|')).toBe('column');
    expect(kind('SELECT * FROM events e JOIN ip_info i ON i.|')).toBe('column');
    expect(kind('SELECT * FROM ev|')).toBe('table');
    expect(kind('SELECT * FROM events, ip|')).toBe('table');
    expect(kind('SELECT * FROM events e LEFT JOIN ip|')).toBe('table');
    expect(kind('SELECT * FROM events ev|')).toBe('other');
    expect(kind('SELECT * FROM events e |')).toBe('other');
    expect(kind("SELECT * FROM events WHERE prefix = 'from x' AND pr|")).toBe('column');
    expect(kind('SELECT 1; SELECT * FROM ev|')).toBe('table');
  });

  it('finds the tables of the statement, with schema prefixes, aliases and quotes', () => {
    const tables = (s: string) => { const c = at(s); return tablesInStatement(c.sql, c.pos); };
    expect(tables('SELECT * FROM events WHERE |')).toEqual(['events']);
    expect(tables('SELECT | FROM main.events AS e JOIN "ip_info" i ON e.src = i.address')).toEqual(['events', 'ip_info']);
    expect(tables('SELECT | FROM events a, sources b')).toEqual(['events', 'sources']);
    expect(tables('SELECT * FROM sources; SELECT | FROM events')).toEqual(['events']);
    expect(blankLiterals("a 'b;c' -- d\ne")).toBe('a       ' + '    \ne');
  });
});

describe('the candidates', () => {
  it('offers the columns of the FROM table first, and only those, after WHERE', () => {
    const c = labels('SELECT * FROM ip_info WHERE |', 'property');
    expect(c.map((x) => x.label).sort()).toEqual([...new Set(cols('ip_info'))].sort());
    expect(c.every((x) => x.detail?.endsWith('· ip_info'))).toBe(true);
  });

  it('offers the columns of every table when the statement names none yet', () => {
    const c = labels('SELECT |', 'property').map((x) => x.label);
    const all = new Set(schema.flatMap((s) => s.columns.map((x) => x.name)));
    expect(new Set(c)).toEqual(all);
  });

  it('offers the union of the joined tables’ columns after GROUP BY and ORDER BY', () => {
    const c = labels('SELECT count(*) FROM events e JOIN ip_info i ON e.src = i.address GROUP BY |', 'property').map((x) => x.label);
    expect(new Set(c)).toEqual(new Set([...cols('events'), ...cols('ip_info')]));
    expect(labels('SELECT * FROM events ORDER BY |', 'property').map((x) => x.label).sort()).toEqual([...new Set(cols('events'))].sort());
  });

  it('offers DuckDB’s own function names, as DuckDB lists them', () => {
    expect(functions.length).toBeGreaterThan(300);
    expect(functions).toEqual(expect.arrayContaining(['count', 'date_trunc', 'regexp_matches', 'strftime']));
    expect(functions.every((f) => /^[A-Za-z_]\w*$/.test(f))).toBe(true);
    const f = labels('SELECT * FROM events WHERE |', 'function').map((x) => x.label);
    expect(f).toEqual(functions);
    // Columns rank above functions in a column clause.
    const c = labels('SELECT * FROM events WHERE |');
    expect(Math.min(...c.filter((x) => x.type === 'property').map((x) => x.boost))).toBeGreaterThan(Math.max(...c.filter((x) => x.type === 'function').map((x) => x.boost)));
  });

  it('offers tables and views after FROM', () => {
    const c = labels('SELECT * FROM |');
    expect(c.map((x) => x.label).sort()).toEqual(schema.map((s) => s.name).sort());
  });
});

describe('error positions from DuckDB', () => {
  async function errorOf(sql: string): Promise<string> {
    const r = await svc.runQuery({ sql });
    if (r.ok) throw new Error(`expected ${sql} to fail`);
    return r.error.where ? `${r.error.message}\n${r.error.where}` : r.error.message;
  }

  it('marks an unknown column at its line and column', async () => {
    const sql = 'SELECT action,\n       nosuch_col\n  FROM events';
    const p = sqlErrorPosition(await errorOf(sql), sql)!;
    expect(p).toMatchObject({ line: 2, col: 8 });
    expect(sql.slice(p.from, p.to)).toBe('nosuch_col');
  });

  it('marks a syntax error at the token DuckDB names', async () => {
    const sql = 'SELECT *\n  FORM events';
    const msg = await errorOf(sql);
    const p = sqlErrorPosition(msg, sql)!;
    expect(msg).toMatch(/syntax error/);
    expect(p.line).toBe(2);
    expect(sql.slice(p.from, p.to)).toBe('events');
  });

  it('maps a long line DuckDB shortened with "..." back to the right spot', async () => {
    const sql = `SELECT * FROM events WHERE ${Array.from({ length: 12 }, (_, i) => `proto = 'P${i}'`).join(' OR ')} OR missing_col = 1`;
    const p = sqlErrorPosition(await errorOf(sql), sql)!;
    expect(sql.slice(p.from, p.to)).toBe('missing_col');
  });

  it('marks a statement cut short at its end', async () => {
    const sql = 'SELECT 1 +';
    const p = sqlErrorPosition(await errorOf(sql), sql)!;
    expect(p.to).toBe(sql.length);
  });

  it('finds the spot in the editor’s own text, past leading blank lines, and not after an edit', async () => {
    const text = '\n\n  SELECT nosuch_col FROM events';
    const m = errorMarkFor(await errorOf(text.trim()), text, text)!;
    expect(m.line).toBe(3);
    expect(text.slice(m.from, m.to)).toBe('nosuch_col');
    expect(errorMarkFor(await errorOf(text.trim()), text, text + ' ')).toBeNull();
  });
});
