// The app's rules operations (scanFindings, allowScript, tracePaths) through FwlensService on a real case:
// the SYN scan written for fwlens, a hand-made outbound day, the TRACE fixture and the ruleset it walks.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { importSource } from '../../src-main/import/import-source.ts';
import { importRuleset } from '../../src-main/ruleset/ruleset-import.ts';
import { parseRuleset } from '../../src-main/rules/allow-model.ts';
import { FwlensService } from '../../src-main/app/service.ts';
import type { Result } from '../../src-main/shared/api.ts';
import { distinctColumnSql } from '../../src-renderer/lib/block-targets.ts';
import { OWN, ROOT, tempDir } from '../helpers.ts';
import { buildCase, serviceOn, value } from '../service-case.ts';

// Ports 1000..1500, each once, from 10.20.30.40 to one host (test/fixtures/own/README.md).
const SCAN = join(OWN, 'scans/syn-scan-1000-1500.log');
const SCANNER = '10.20.30.40';
const TRACE = join(ROOT, 'test/fixtures/trace/interleaved.log');
const RULES = join(ROOT, 'test/fixtures/ruleset/filter-v4.rules');

// Outbound traffic of two internal hosts (and one IPv6 host): 4 distinct (source, proto, port, destination),
// of which one (192.168.1.11 → 9.9.9.9) was dropped.
function line(min: number, prefix: string, src: string, dst: string, proto: 'TCP' | 'UDP', dport: number): string {
  const ip = src.includes(':') ? `LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=0` : `LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1`;
  const l4 = proto === 'TCP' ? `PROTO=TCP SPT=40000 DPT=${dport} WINDOW=64240 RES=0x00 SYN URGP=0` : `PROTO=UDP SPT=40000 DPT=${dport} LEN=40`;
  return `2024-03-14T10:${String(min).padStart(2, '0')}:00Z fw kernel: ${prefix} IN= OUT=eth0 SRC=${src} DST=${dst} ${ip} ${l4}`;
}
const OUTBOUND = [
  line(0, 'OUT-ACCEPT', '192.168.1.10', '8.8.8.8', 'TCP', 443),
  line(1, 'OUT-ACCEPT', '192.168.1.10', '8.8.8.8', 'TCP', 443),
  line(2, 'OUT-ACCEPT', '192.168.1.10', '1.1.1.1', 'UDP', 53),
  line(3, 'OUT-DROP', '192.168.1.11', '9.9.9.9', 'TCP', 443),
  line(4, 'OUT-ACCEPT', 'fd00::10', '2606:4700:4700::1111', 'TCP', 443),
];

let t: ReturnType<typeof tempDir>;
let svc: FwlensService;

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

beforeAll(async () => {
  t = tempDir();
  const casePath = join(t.dir, 'case.duckdb');
  const out = join(t.dir, 'outbound.log');
  writeFileSync(out, OUTBOUND.join('\n') + '\n');
  await buildCase(casePath, async (db) => {
    for (const f of [SCAN, TRACE, out]) await importSource(db, f, { tz: 'UTC', year: 2024 });
    await importRuleset(db, RULES);
  });
  svc = await serviceOn(casePath, t.dir);
});
afterAll(() => {
  svc?.close();
  t?.cleanup();
});

describe('scanFindings', () => {
  it('reports the SYN scan as one port scan over its 501 ports, its span as ISO text', async () => {
    const findings = value(await svc.scanFindings());
    const scans = findings.filter((f) => f.kind === 'port_scan');
    expect(scans).toHaveLength(1);
    const f = scans[0];
    expect(f).toMatchObject({ src: SCANNER, family: 4, ports: 501, hosts: 1, events: 501 });
    expect(f.samplePorts.every((p) => p >= 1000 && p <= 1500)).toBe(true);
    // The scan is one burst, so the finding spans exactly the scanner's events.
    const span = value(await svc.runQuery({ sql: `SELECT min(ts) AS a, max(ts) AS b, count(*) AS n FROM events WHERE src = '${SCANNER}'` }));
    const [a, b, n] = span.rows[0] as [string, string, number];
    expect(f.firstSeen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(Date.parse(f.firstSeen!)).toBe(Date.parse(a + (a.endsWith('Z') ? '' : 'Z')));
    expect(Date.parse(f.lastSeen!)).toBe(Date.parse(b + (b.endsWith('Z') ? '' : 'Z')));
    expect(f.events).toBe(n);
    // The outbound day and the traced packets are no scan.
    expect(findings.map((x) => x.src)).not.toContain('192.168.1.10');
  });
});

describe('allowScript', () => {
  it('allows each observed outbound (source, proto, port, destination) once, with rollback and the rules JSON', async () => {
    const a = value(await svc.allowScript({ format: 'nft', group: 'host', dest: 'address', acceptedOnly: false }));
    expect(a.rules).toBe(4);
    expect(a.skipped).toBe(0);
    expect(a.script).toContain('ip saddr 192.168.1.10/32 ip daddr 8.8.8.8/32 tcp dport 443 counter accept');
    expect(a.script).toContain('ip saddr 192.168.1.10/32 ip daddr 1.1.1.1/32 udp dport 53 counter accept');
    expect(a.script).toContain('ip6 saddr fd00::10/128 ip6 daddr 2606:4700:4700::1111/128 tcp dport 443');
    expect(a.rollback).toMatch(/delete table inet fwlens_allow/);
    // The JSON is the replayable model of exactly the rules in the script.
    const rs = parseRuleset(a.rulesJson);
    expect(rs.rules).toHaveLength(4);
    expect(rs).toMatchObject({ group: 'host', dest: 'address', default: 'drop' });
  });

  it('acceptedOnly leaves out the dropped flow; single-family formats count the other family as skipped', async () => {
    const acc = value(await svc.allowScript({ format: 'nft', group: 'host', dest: 'address', acceptedOnly: true }));
    expect(acc.rules).toBe(3);
    expect(acc.script).not.toContain('9.9.9.9');
    const v4 = value(await svc.allowScript({ format: 'iptables', group: 'host', dest: 'address', acceptedOnly: false }));
    expect(v4.skipped).toBe(1);
    expect(v4.script).toContain('-A FWLENS-ALLOW -s 192.168.1.11/32 -d 9.9.9.9/32 -p tcp --dport 443');
    const v6 = value(await svc.allowScript({ format: 'ip6tables', group: 'host', dest: 'address', acceptedOnly: false }));
    expect(v6.skipped).toBe(3);
    // Any source to any destination: only the distinct (family, proto, port) remain.
    const any = value(await svc.allowScript({ format: 'nft', group: 'any', dest: 'any', acceptedOnly: false }));
    expect(any.rules).toBe(3); // v4 tcp/443, v4 udp/53, v6 tcp/443
  });

  it('refuses a bad format, group, dest, flag or unknown field', async () => {
    const ok = { format: 'nft', group: 'host', dest: 'address', acceptedOnly: false };
    expect(code(await svc.allowScript({ ...ok, format: 'pf' } as never))).toBe('BAD_ARGUMENT');
    expect(code(await svc.allowScript({ ...ok, group: '/16' } as never))).toBe('BAD_ARGUMENT');
    expect(code(await svc.allowScript({ ...ok, dest: 'country' } as never))).toBe('BAD_ARGUMENT');
    expect(code(await svc.allowScript({ ...ok, acceptedOnly: 'yes' } as never))).toBe('BAD_ARGUMENT');
    expect(code(await svc.allowScript({ ...ok, out: '/etc/passwd' } as never))).toBe('BAD_ARGUMENT');
    expect(code(await svc.allowScript(null as never))).toBe('BAD_ARGUMENT');
    expect(code(await svc.allowScript(ok as never))).toBe('ok');
  });
});

describe('tracePaths', () => {
  it('gives each traced packet its ordered steps, verdict and the rule text of the imported ruleset', async () => {
    const tp = value(await svc.tracePaths());
    expect(tp.rulesets).toBe(1);
    expect(tp.total).toBe(3);
    expect(tp.traces.map((x) => [x.src, x.dport, x.verdict])).toEqual([['198.51.100.7', 22, 'rule 4'], ['198.51.100.8', 80, 'policy'], ['2001:db8::7', null, 'rule 2']]);
    const [ssh, web, v6] = tp.traces;
    expect(ssh.ts).toMatch(/^2024-03-14T10:00:01/);
    expect(ssh.steps.map((s) => s.step)).toEqual(['raw:PREROUTING:policy:2', 'mangle:PREROUTING:policy:1', 'nat:PREROUTING:policy:1',
      'mangle:INPUT:policy:1', 'filter:INPUT:rule:1', 'filter:f2b-sshd:return:2', 'filter:INPUT:rule:4']);
    // The ruleset is filter-only: raw/mangle/nat steps and the return have no text; rules 1 and 4 are the file's lines.
    const rules = readFileSync(RULES, 'utf8').split('\n').filter((l) => l.startsWith('-A INPUT'));
    expect(ssh.steps.map((s) => s.ruleText)).toEqual([null, null, null, null, rules[0], null, rules[3]]);
    expect(web.steps.at(-1)).toMatchObject({ step: 'filter:INPUT:policy:6', ruleText: 'policy DROP' });
    // An iptables (IPv4) ruleset says nothing about the IPv6 packet.
    expect(v6.steps.every((s) => s.ruleText === null)).toBe(true);
  });

  it('answers NO_CASE without an open case, and empty lists for a case without scans or TRACE lines', async () => {
    const d = tempDir();
    const other = new FwlensService({ shell: 'browser', dataDir: d.dir });
    try {
      expect(code(await other.scanFindings())).toBe('NO_CASE');
      expect(code(await other.tracePaths())).toBe('NO_CASE');
      expect(code(await other.allowScript({ format: 'nft', group: 'host', dest: 'address', acceptedOnly: false }))).toBe('NO_CASE');
      value(await other.openCase(join(d.dir, 'empty.duckdb'), true));
      expect(value(await other.scanFindings())).toEqual([]);
      expect(value(await other.tracePaths())).toEqual({ total: 0, traces: [], rulesets: 0 });
      const a = value(await other.allowScript({ format: 'nft', group: 'host', dest: 'address', acceptedOnly: true }));
      expect(a.rules).toBe(0);
      expect(a.notes.join(' ')).toMatch(/no outbound flow/);
    } finally {
      other.close();
      d.cleanup();
    }
  });
});

describe("the renderer's add-column query", () => {
  it('reads the distinct values of any column of the whole user query, odd names and trailing comments included', async () => {
    const user = `SELECT src AS "who ""really""", dport FROM events WHERE src = '${SCANNER}' -- the scanner;`;
    const who = value(await svc.runQuery({ sql: distinctColumnSql(user, 'who "really"'), limit: 10_000 }));
    expect(who.rows).toEqual([[SCANNER]]);
    // The scan touched ports 1000-1500, each once or more.
    const ports = value(await svc.runQuery({ sql: distinctColumnSql(user, 'dport'), limit: 10_000 }));
    expect(ports.total).toBe(501);
  });
});
