// Text fidelity (issue 12, item 13): what a log carries is stored exactly — a field that is `\N`, tabs,
// newlines and other control characters — and `fwlens query` shows control and bidi characters
// escaped in its table, while CSV and JSON stay exact.
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { formatTable } from '../../src-main/shared/format-table.ts';
import { fwlensResult } from '../helpers.ts';
import { t, db, releaseCase } from '../fresh-case.ts';

const NF = 'IN=eth0 OUT= SRC=203.0.113.36 DST=192.168.1.10 LEN=52 TTL=115 ID=1 PROTO=TCP SPT=1 DPT=445 WINDOW=8192 SYN URGP=0';
const CT = 'tcp      6 431999 ESTABLISHED src=2001:db8::10 dst=2001:db8:1::80 sport=40000 dport=443 src=2001:db8:1::80 dst=2001:db8::10 sport=443 dport=40000 [ASSURED] mark=0 use=1';

describe('stored exactly', () => {
  it('a syslog host that is exactly \\N is that text, not NULL; a missing host is NULL', async () => {
    const f = join(t.dir, 'kern.log');
    writeFileSync(f, `Jan  8 03:37:09 \\N kernel: DROP ${NF}\n[158144.383443] DROP ${NF}\n`);
    const r = await importSource(db, f);
    expect(r.events).toBe(2);
    const rows = await db.all('SELECT host, host IS NULL AS missing FROM events ORDER BY line_no');
    expect(rows).toEqual([{ host: '\\N', missing: false }, { host: null, missing: true }]);
  });

  it('a log line with a bare carriage return inside imports, the CR kept (it once failed the whole file)', async () => {
    const f = join(t.dir, 'cr.log');
    // The first row that needs quoting has a CR before any LF: DuckDB took CR for the line end.
    writeFileSync(f, `Jan  8 03:37:09 fw1 ker\rnel: DROP ${NF}\nJan  8 03:37:10 fw1 kernel: D\rROP ${NF}\nJan  8 03:37:11 fw1 kernel: DROP ${NF}\n`);
    const r = await importSource(db, f);
    expect(r).toMatchObject({ events: 3, rejects: 0, status: 'ok' });
    const rows = await db.all('SELECT prefix FROM events ORDER BY line_no');
    expect(rows.map((x) => x.prefix)).toEqual(['ker\rnel: DROP', 'D\rROP', 'DROP']);
  });

  it('ulogd JSON strings with tabs, newlines, ESC and a value of \\N keep every character', async () => {
    const f = join(t.dir, 'ulogd.json');
    const prefixes = ['cr\rfirst', 'D\tX', 'two\nlines\rend', 'esc\u001b[31m', '\\N', 'quote "q" and \\x09', 'nul\u0000byte'];
    writeFileSync(f, prefixes.map((p, i) => JSON.stringify({ timestamp: '2024-03-14T10:00:01+0000', 'oob.prefix': p, src_ip: '203.0.113.9', dest_ip: '192.0.2.1', 'ip.protocol': 17, src_port: 1000 + i, dest_port: 53 })).join('\n') + '\n');
    const r = await importSource(db, f);
    expect(r).toMatchObject({ format: 'ulogd-json', events: prefixes.length, rejects: 0 });
    const rows = await db.all('SELECT prefix FROM events ORDER BY line_no');
    expect(rows.map((x) => x.prefix)).toEqual(prefixes);
  });

  it('conntrack: tabs between unrecognised tokens stay tabs in extra, and a \\N token stays text', async () => {
    const f = join(t.dir, 'conntrack.txt');
    writeFileSync(f, `${CT} foo=a\tbar=\\N\t\tweird\n${CT.replace('40000', '40001')} secctx=\\N\n`);
    const r = await importSource(db, f);
    expect(r).toMatchObject({ events: 2, rejects: 0 });
    const rows = await db.all('SELECT extra, secctx FROM conntrack ORDER BY line_no');
    expect(rows).toEqual([{ extra: 'foo=a\tbar=\\N\t\tweird', secctx: null }, { extra: null, secctx: '\\N' }]);
  });
});

describe('fwlens query shows control characters escaped in its table only', () => {
  it('formatTable escapes C0/C1 controls, DEL, bidi and zero-width characters, keeping alignment', () => {
    const out = formatTable(['s', 'n'], [['a\u202eb', 1], ['t\tn\nr\re\u001b[0m', 22], ['\u200b\u2066x\u2069\u0085\u007f', null]]);
    const cells = ['a\\u202eb', 't\\tn\\nr\\re\\x1b[0m', '\\u200b\\u2066x\\u2069\\x85\\x7f'];
    const w = Math.max(...cells.map((c) => c.length));
    expect(out.split('\n')).toEqual([
      's'.padEnd(w) + '   n',
      '-'.repeat(w) + '  --',
      cells[0].padEnd(w) + '   1',
      cells[1].padEnd(w) + '  22',
      cells[2],
    ]);
  });

  it('the CLI table escapes, CSV and JSON give the exact text', async () => {
    releaseCase();
    const c = join(t.dir, 'case.duckdb');
    const sql = `SELECT 'evil' || chr(8238) || 'txt.exe' AS name, 'a' || chr(9) || 'b' AS tab, chr(27) || '[2J' AS esc`;
    const table = fwlensResult('query', c, sql);
    expect(table.code, table.err).toBe(0);
    expect(table.out).toContain('evil\\u202etxt.exe  a\\tb  \\x1b[2J');
    expect(table.out).not.toMatch(/[\u202e\u001b\t]/);
    const csv = fwlensResult('query', c, sql, '--csv');
    expect(csv.out).toBe('name,tab,esc\r\nevil\u202etxt.exe,a\tb,\u001b[2J\r\n');
    const json = JSON.parse(fwlensResult('query', c, sql, '--json').out);
    expect(json).toEqual([{ name: 'evil\u202etxt.exe', tab: 'a\tb', esc: '\u001b[2J' }]);
  });
});
