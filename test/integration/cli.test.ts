import { createRequire } from 'node:module';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, OWN, tempDir, fwlensResult } from '../helpers.ts';
const require = createRequire(import.meta.url);

const fwlens = fwlensResult;

let t: ReturnType<typeof tempDir>;
let kase: string;
beforeAll(() => {
  t = tempDir();
  kase = join(t.dir, 'case.duckdb');
});
afterAll(() => t.cleanup());

describe('fwlens CLI', () => {
  it('import prints a per-source summary whose counts add up', () => {
    // A folder of scan logs (one summary line per file) and one more log.
    const scans = join(OWN, 'scans');
    const r = fwlens('import', kase, scans, join(OWN, 'drop-input.log'));
    expect(r.code, r.err).toBe(0);
    const all = r.out.trim().split('\n');
    expect(all[all.length - 1]).toMatch(/^enriched \d+ addresses with scope, country, ASN and organisation/);
    const lines = all.slice(0, -1);
    expect(lines.length).toBe(readdirSync(scans).length + 1);
    for (const l of lines) {
      const m = /(\d+) lines = (\d+) events \+ (\d+) rejects \+ (\d+) skipped \+ (\d+) blank/.exec(l);
      expect(m, l).not.toBeNull();
      expect(Number(m![1])).toBe(Number(m![2]) + Number(m![3]) + Number(m![4]) + Number(m![5]));
    }
  });

  it('import of the same file again says it is already imported', () => {
    const r = fwlens('import', kase, join(OWN, 'drop-input.log'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/already imported as source \d+: nothing changed/);
  });

  it('query prints an aligned table, CSV and JSON of the same rows', () => {
    const sql = 'SELECT dport, count(*) AS n FROM events WHERE dport IS NOT NULL GROUP BY dport ORDER BY n DESC, dport LIMIT 3';
    const table = fwlens('query', kase, sql);
    expect(table.code, table.err).toBe(0);
    const [head, rule, ...rows] = table.out.trim().split('\n');
    expect(head).toMatch(/^\s*dport\s+n$/);
    expect(rule).toMatch(/^-+\s+-+$/);
    expect(rows.slice(0, 3).every((r) => /^\s*\d+\s+\d+$/.test(r))).toBe(true);
    const csv = fwlens('query', kase, sql, '--csv');
    const csvRows = csv.out.trim().split('\r\n');
    expect(csvRows[0]).toBe('dport,n');
    const json = JSON.parse(fwlens('query', kase, sql, '--json').out) as Array<{ dport: number; n: number }>;
    expect(json).toHaveLength(3);
    expect(csvRows.slice(1)).toEqual(json.map((r) => `${r.dport},${r.n}`));
    expect(rows.slice(0, 3).map((r) => r.trim().split(/\s+/).map(Number))).toEqual(json.map((r) => [r.dport, r.n]));
  });

  it('summary answers the first questions: protocols, ports with service names, talkers, time span', () => {
    const r = fwlens('summary', kase);
    expect(r.code, r.err).toBe(0);
    for (const h of ['By protocol', 'By destination port', 'Top sources', 'Top destinations', 'By action']) expect(r.out).toContain(h);
    expect(r.out).toMatch(/^\s+TCP\s+\d+\s+\d+/m);
    const json = JSON.parse(fwlens('summary', kase, '--json', '--top', '2000').out);
    const port = (p: number) => json.byDport.find((x: { dport: number; proto: string }) => x.dport === p && x.proto === 'TCP');
    expect(port(1433).service).toBe('ms-sql');
    expect(port(22).service).toBe('ssh');
    expect(port(1083).service).toBeNull();
    expect(json.totals.events).toBeGreaterThan(1000);
    expect(json.byProto.map((x: { proto: string }) => x.proto)).toContain('ICMPv6');
  });

  it('errors are one line naming what and where, with a non-zero exit', () => {
    const missing = fwlens('import', kase, join(t.dir, 'nope.log'));
    expect(missing.code).toBe(1);
    expect(missing.err.trim()).toBe(`fwlens: ${join(t.dir, 'nope.log')}: no such file or folder`);
    const junk = join(t.dir, 'junk.bin');
    writeFileSync(junk, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131) % 256)));
    const unknown = fwlens('import', kase, junk);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/junk\.bin: unknown format/);
    const notCase = fwlens('query', junk, 'SELECT 1');
    expect(notCase.code).toBe(1);
    expect(notCase.err.trim().split('\n')).toHaveLength(1);
    expect(notCase.err).toMatch(/junk\.bin: not a fwlens case/);
    const badSql = fwlens('query', kase, 'SELEC 1');
    expect(badSql.code).toBe(1);
    // The same checker as the app: a statement that is not a query (a typo'd keyword, too) is named.
    expect(badSql.err).toMatch(/^fwlens: only queries may run here .*not SELEC\n$/);
    const usage = fwlens('frobnicate');
    expect(usage.code).toBe(2);
  });

  it('config shows the settings and which databases answer, with their build date and credit', () => {
    const set = fwlens('config', kase, 'internal_networks', '198.51.100.0/24');
    expect(set.code, set.err).toBe(0);
    expect(set.out).toContain('internal_networks = 198.51.100.0/24');
    const r = fwlens('config', kase);
    expect(r.out).toMatch(/^database country: .*built \d{4}-\d{2}-\d{2}.*DB-IP/m);
    expect(r.out).toMatch(/^database asn ranges: ip-location-db \S+/m);
    const bad = fwlens('config', kase, 'internal_networks', 'not-a-cidr');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/not valid/);
  });

  it('generate writes the same day for the same seed', () => {
    const a = join(t.dir, 'a.log');
    const b = join(t.dir, 'b.log');
    expect(fwlens('generate', a, '--lines', '2000', '--seed', '5').code).toBe(0);
    expect(fwlens('generate', b, '--lines', '2000', '--seed', '5').code).toBe(0);
    const text = readFileSync(a, 'utf8');
    expect(text).toBe(readFileSync(b, 'utf8'));
    expect(text.split('\n').filter(Boolean)).toHaveLength(2000);
    expect(text).toMatch(/PROTO=ICMPv6/);
    expect(text).toMatch(/TYPE=3 CODE=\d+ \[SRC=/);
  });
});

describe('docs/case-file.md', () => {
  it('documents every column of events, conntrack, pcap_flows, names and ip_info in docs/case-file.md', async () => {
    const { EVENT_COLUMNS } = await import('../../src-main/db/event-columns.ts');
    const { CONNTRACK_COLUMNS, PCAP_FLOW_COLUMNS, NAME_COLUMNS } = await import('../../src-main/db/flow-columns.ts');
    const readme = readFileSync(join(ROOT, 'docs/case-file.md'), 'utf8');
    const { IP_INFO_COLUMNS } = await import('../../src-main/db/ip-info-columns.ts');
    for (const [table, cols] of [['events', EVENT_COLUMNS], ['conntrack', CONNTRACK_COLUMNS], ['pcap_flows', PCAP_FLOW_COLUMNS], ['names', NAME_COLUMNS], ['ip_info', IP_INFO_COLUMNS]] as const) {
      const section = readme.slice(readme.indexOf(`### \`${table}\` columns`));
      for (const c of cols) expect(section, `${table}.${c.name}`).toContain(`| \`${c.name}\` |`);
    }
  });
});

describe('fwlens whois', () => {
  it('follows referrals from IANA to the registry and prints the normalised record', async () => {
    const { startWhois, fixture } = await import('../fixtures/whois/fake-whois-server.ts');
    const iana = await startWhois(fixture('iana-192.txt'));
    const arin = await startWhois(fixture('arin-192-87-ripe.txt'));
    const ripe = await startWhois(fixture('ripe-192-87.txt'));
    try {
      const env = {
        ...process.env, FWLENS_MIN_INTERVAL_MS: '0',
        FWLENS_WHOIS_SERVERS: `whois.iana.org=127.0.0.1:${iana.port},whois.arin.net=127.0.0.1:${arin.port},whois.ripe.net=127.0.0.1:${ripe.port}`,
      };
      const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const { spawn } = require('node:child_process') as typeof import('node:child_process');
        const p = spawn(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'whois', '192.87.106.101'], { env });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('close', (code) => resolve({ code, out }));
      });
      expect(r.code).toBe(0);
      expect(r.out).toContain('via: whois.iana.org:43 -> whois.arin.net:43 -> whois.ripe.net:43');
      expect(r.out).toContain('netname: EXAMPLE-LAB-NET');
      expect(r.out).toContain('abuse: abuse@example-lab.nl');
      expect(arin.queries).toEqual(['n + 192.87.106.101']);
    } finally {
      await Promise.all([iana.close(), arin.close(), ripe.close()]);
    }
  });

  it('with no network the answer is a quick "offline" or "refused" and exit code 1', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'whois', '8.8.8.8'], {
      encoding: 'utf8', timeout: 60_000, env: { ...process.env, FWLENS_WHOIS_SERVERS: 'whois.iana.org=127.0.0.1:9', FWLENS_NET_TIMEOUT_MS: '1000' },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^status: (offline|refused)/);
  });
});
