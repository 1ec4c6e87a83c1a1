// conntrack as a view over conntrack_store (db/conntrack-store.ts): a case made before, whose conntrack
// was a table, is moved on open with every value kept, and the import writes rows the view reads back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ROOT, tempDir } from '../helpers.ts';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src-main/db/migrations.ts';
import { importSource } from '../../src-main/import/import-source.ts';
import { CONNTRACK_COLUMNS } from '../../src-main/db/flow-columns.ts';
import { INSERT_CONNTRACK, writeConntrack } from '../../src-main/db/conntrack-store.ts';
import { EXACT_MARK, exactCsv } from '../../src-main/db/tsv-table.ts';
import { ConntrackRecord } from '../../src-main/conntrack/conntrack-record.ts';
import { conntrackWriterContext } from '../../src-main/import/format-conntrack.ts';
import type { FormatContext } from '../../src-main/import/format-types.ts';

let t: ReturnType<typeof tempDir>;
beforeAll(() => { t = tempDir(); });
afterAll(() => t.cleanup());

const FIXTURES = join(ROOT, 'test/fixtures/conntrack');
const text = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
// As text in SQL, so the two readers (node-api here, CaseDb there) give the same JS values.
const ALL = `SELECT COLUMNS(*)::VARCHAR FROM conntrack ORDER BY source_id, line_no, byte_off, id, src, reply_src`;

// Values the view must give back exactly: quotes, backslashes, non-ASCII and control characters in the
// texts, the edges of the number types, a double that prints with an exponent.
const TRICKY = `INSERT INTO conntrack (source_id, line_no, byte_off, ts, family, proto, proto_num, src, dst, icmp_type, icmp_code, icmp_id,
    mark, "use", secctx, labels, active_since, extra, replied)
  VALUES (99, 1, 0, TIMESTAMP '2024-03-14 10:00:00', 4, 'icmp', 1, '192.0.2.1', '198.51.100.2', 65535, 0, 4294967295,
    18446744073709551615, 2147483647, 'system_u:object_r:"unlabeled"_t\\s0', 'ünïcode label', 1e21, 'tab\there "quoted" \\N', true),
  (99, 2, 10, NULL, 6, 'tcp', 6, '2001:db8::1', '2001:db8::2', NULL, NULL, NULL, 0, 0, '', NULL, 0.1, NULL, false)`;

describe('conntrack_store and the conntrack view', () => {
  it('keeps every column of a case made before, when conntrack was a table', async () => {
    // Today's import of the fixtures: the rows the view gives.
    const fresh = join(t.dir, 'fresh.duckdb');
    const db = await CaseDb.open(fresh, { create: true });
    try {
      for (const f of readdirSync(FIXTURES).filter((f) => !f.endsWith('.md'))) await importSource(db, join(FIXTURES, f), { dumpTime: new Date('2024-03-14T12:00:00Z') });
      expect(await db.all(`SELECT count(*)::INTEGER n FROM conntrack WHERE mark IS NOT NULL OR "use" IS NOT NULL OR icmp_type IS NOT NULL`)).not.toEqual([{ n: 0 }]);
    } finally {
      db.close();
    }

    // The same rows, and the tricky ones, in a case at schema 12.
    const old = join(t.dir, 'v12.duckdb');
    const inst = await DuckDBInstance.create(old);
    const c = await inst.connect();
    await c.run(`CREATE TABLE fwlens_meta (key VARCHAR PRIMARY KEY, value VARCHAR)`);
    await c.run(`INSERT INTO fwlens_meta VALUES ('app', 'fwlens-case'), ('schema_version', '12')`);
    for (const m of MIGRATIONS.filter((m) => m.version <= 12)) for (const sql of m.sql) await c.run(sql);
    expect((await (await c.run(`SELECT table_type FROM information_schema.tables WHERE table_name = 'conntrack'`)).getRowObjects())[0].table_type).toBe('BASE TABLE');
    await c.run(`ATTACH '${fresh}' AS f (READ_ONLY)`);
    await c.run(`INSERT INTO conntrack SELECT * FROM f.conntrack`);
    await c.run(TRICKY);
    const before = text(await (await c.run(ALL)).getRowObjects());
    // The fresh import's rows read the same through its view as they did written to the old table.
    const freshRows = text(await (await c.run(ALL.replace('FROM conntrack', 'FROM f.conntrack'))).getRowObjects());
    c.closeSync();
    inst.closeSync();
    expect(before.length).toBe(freshRows.length + 2);

    // Read-only, it is not upgraded: the refusal says why and how.
    await expect(CaseDb.open(old, { readOnly: true })).rejects.toThrow(/older fwlens \(schema 12 < \d+\); open it once for writing .*fwlens enrich/);
    const up = await CaseDb.open(old);
    try {
      expect(await up.meta('schema_version')).toBe(String(SCHEMA_VERSION));
      const after = text(await up.all(ALL));
      expect(after.length).toBe(before.length);
      for (let i = 0; i < after.length; i++) expect(after[i], `row ${i}`).toBe(before[i]);
      // The view has the table's columns, names and types, in order.
      const cols = await up.all(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'conntrack' ORDER BY ordinal_position`);
      expect(cols.map((x) => x.column_name)).toEqual(CONNTRACK_COLUMNS.map((x) => x.name));
      // The fields few entries have are not columns of the store.
      const store = (await up.all(`SELECT column_name FROM information_schema.columns WHERE table_name = 'conntrack_store'`)).map((x) => x.column_name);
      for (const gone of ['mark', 'use', 'secctx', 'labels', 'icmp_type', 'active_since', 'extra']) expect(store).not.toContain(gone);
      expect(store).toContain('detail');
      // The views over conntrack read the view now.
      expect((await up.all(`SELECT count(*)::INTEGER n FROM flows WHERE origin = 'conntrack'`))[0].n).toBeGreaterThan(0);
    } finally {
      up.close();
    }
  });

  it('reads back the fields the import keeps in detail, whatever their text', async () => {
    const db = await CaseDb.open(join(t.dir, 'detail.duckdb'), { create: true });
    try {
      const c = conntrackWriterContext({ sourceId: 5, dumpTimeUs: 1710410400e6 } as FormatContext);
      const rec = new ConntrackRecord();
      Object.assign(rec, { family: 4, proto: 'icmp', proto_num: 1, src: '192.0.2.1', dst: '198.51.100.2', ts: 1710410400123456,
        icmp_type: 65535, icmp_code: 0, icmp_id: 4294967295, mark: 4294967295, use: 2147483647, secctx: 'u:r:"x"_t\\s0 ü',
        labels: 'a\tb', active_since: 0.1, extra: 'helper="ftp" x=1' });
      const line = writeConntrack(rec, c);
      const exact = line.startsWith(EXACT_MARK);
      const file = join(t.dir, 'row.tsv');
      writeFileSync(file, exact ? line.slice(EXACT_MARK.length) : line);
      await db.run(exact ? exactCsv(INSERT_CONNTRACK) : INSERT_CONNTRACK, [file]);
      const [row] = await db.all(`SELECT icmp_type, icmp_code, icmp_id, mark::VARCHAR mark, "use", secctx, labels, active_since, extra FROM conntrack`);
      expect(row).toEqual({ icmp_type: 65535, icmp_code: 0, icmp_id: 4294967295, mark: '4294967295', use: 2147483647, secctx: 'u:r:"x"_t\\s0 ü',
        labels: 'a\tb', active_since: 0.1, extra: 'helper="ftp" x=1' });
    } finally {
      db.close();
    }
  });
});
