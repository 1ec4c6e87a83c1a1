// Scan findings over the scan logs written for fwlens (test/fixtures/own/scans) and over conntrack events; counts
// come from the files and from how they were built (psad's own logs: test/conformance/psad-findings.test.ts).
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { scanFindings } from '../../src-main/findings/scan-findings.ts';
import { OWN } from '../helpers.ts';
import { t, db } from '../fresh-case.ts';

const SCANS = join(OWN, 'scans');
const SCANNER = '10.20.30.40';

const lines = (name: string) => readFileSync(join(SCANS, name), 'utf8').split('\n').filter((l) => l.trim());
const field = (l: string, k: string) => new RegExp(`\\b${k}=(\\S+)`).exec(l)?.[1];
/** The TCP flag words a LOG line carries, between RES= and URGP=. */
const flagsOf = (l: string) => (/ RES=0x[0-9a-f]+ (.*?)URGP=/.exec(l)?.[1] ?? '').trim().split(/\s+/).filter(Boolean).sort().join('+');
const distinct = (xs: (string | undefined)[]) => new Set(xs.filter((x) => x !== undefined)).size;

async function findingsOf(name: string) {
  await importSource(db, join(SCANS, name), { tz: 'UTC' });
  return scanFindings(db);
}

describe('scan findings on the scan logs written for fwlens', () => {
  it('a SYN scan of ports 1000-1500 is one port scan by its source over every port it touched', async () => {
    const ls = lines('syn-scan-1000-1500.log');
    const f = await findingsOf('syn-scan-1000-1500.log');
    expect(f.map((x) => x.kind)).toEqual(['port_scan']);
    expect(f[0]).toMatchObject({
      src: SCANNER,
      family: 4,
      events: ls.length,
      ports: distinct(ls.map((l) => field(l, 'DPT'))),
      hosts: distinct(ls.map((l) => field(l, 'DST'))),
    });
    // Built as ports 1000..1500, each once, to one host.
    expect([f[0].events, f[0].ports, f[0].hosts]).toEqual([501, 501, 1]);
    expect(f[0].sample_ports).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009]);
    expect(f[0].first_seen?.toISOString()).toMatch(/T20:35:11/);
  });

  it('a higher port threshold turns the same scan into nothing', async () => {
    await importSource(db, join(SCANS, 'syn-scan-1000-1500.log'), { tz: 'UTC' });
    expect(await scanFindings(db, { portScanPorts: 1000 }, ['port_scan'])).toEqual([]);
  });

  for (const [file, kind, flags] of [
    ['null-scan-1000-1150.log', 'null_scan', ''],
    ['xmas-scan-1000-1150.log', 'xmas_scan', 'FIN+PSH+URG'],
    ['fin-scan-1000-1150.log', 'fin_scan', 'FIN'],
  ] as const) {
    it(`${file} is a ${kind} (and a port scan), with its packets counted`, async () => {
      const scan = lines(file).filter((l) => field(l, 'PROTO') === 'TCP' && flagsOf(l) === flags);
      const f = await findingsOf(file);
      expect(f.map((x) => x.kind).sort()).toEqual([kind, 'port_scan'].sort());
      const hit = f.find((x) => x.kind === kind)!;
      expect(hit).toMatchObject({
        src: SCANNER,
        events: scan.length,
        ports: distinct(scan.map((l) => field(l, 'DPT'))),
        hosts: distinct(scan.map((l) => field(l, 'DST'))),
      });
      // Built as ports 1000..1150 (151) probed twice.
      expect([scan.length, hit.ports]).toEqual([302, 151]);
    });
  }

  it('a SYN sweep of port 22 is a host sweep on one port', async () => {
    const ls = lines('syn-sweep-port-22.log');
    const f = await findingsOf('syn-sweep-port-22.log');
    expect(f.map((x) => x.kind)).toEqual(['host_sweep']);
    expect(f[0]).toMatchObject({ src: SCANNER, events: ls.length, ports: 1, hosts: distinct(ls.map((l) => field(l, 'DST'))) });
    // Built as 12 probes of 11 distinct hosts (one probed twice).
    expect([f[0].events, f[0].hosts]).toEqual([12, 11]);
    expect(f[0].sample_ports).toEqual([Number(field(ls[0], 'DPT'))]);
    expect(f[0].sample_ports).toEqual([22]);
  });

  it('five pings find nothing', async () => {
    expect(await findingsOf('ping.log')).toEqual([]);
  });

  it('--kind style filtering keeps only the asked kinds', async () => {
    await importSource(db, join(SCANS, 'null-scan-1000-1150.log'), { tz: 'UTC' });
    const f = await scanFindings(db, {}, ['null_scan']);
    expect(f.map((x) => x.kind)).toEqual(['null_scan']);
  });
});

describe('scan findings from conntrack', () => {
  it('conntrack -E attempts to many ports count as a port scan', async () => {
    const ev = Array.from({ length: 20 }, (_, i) =>
      `[${1710410400 + Math.floor(i / 4)}.${String((i % 4) * 250000).padStart(6, '0')}]     [NEW] tcp      6 120 SYN_SENT src=203.0.113.9 dst=192.0.2.1 sport=50000 dport=${2000 + i} [UNREPLIED] src=192.0.2.1 dst=203.0.113.9 sport=${2000 + i} dport=50000`);
    const f = join(t.dir, 'ct.log');
    writeFileSync(f, ev.join('\n') + '\n');
    await importSource(db, f);
    const found = await scanFindings(db);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'port_scan', src: '203.0.113.9', events: 20, ports: 20, hosts: 1 });
    expect(found[0].detail).toMatch(/20 rows from conntrack/);
  });
});

describe('port scan windows', () => {
  const line = (sec: number, dport: number) =>
    `2024-03-14T10:${String(Math.floor(sec / 60)).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}Z fw kernel: DROP IN=eth0 OUT= SRC=198.51.100.4 DST=192.0.2.1 LEN=44 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=4000 DPT=${dport} WINDOW=1024 RES=0x00 SYN URGP=0`;
  async function run(ls: string[]) {
    const f = join(t.dir, 'scan.log');
    writeFileSync(f, ls.join('\n') + '\n');
    await importSource(db, f);
    return scanFindings(db, {}, ['port_scan']);
  }

  it('a burst across a minute boundary is still one scan (windows overlap by half)', async () => {
    // 8 ports in the last seconds of minute 0 and 7 in the first of minute 1: fixed 60 s buckets see 8 and 7.
    const ls = [...Array.from({ length: 8 }, (_, i) => line(52 + i, 100 + i)), ...Array.from({ length: 7 }, (_, i) => line(60 + i, 200 + i))];
    const f = await run(ls);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ events: 15, ports: 15 });
  });

  it('15 ports spread over 15 minutes is not a scan at the default 60 s window', async () => {
    expect(await run(Array.from({ length: 15 }, (_, i) => line(i * 60, 100 + i)))).toEqual([]);
  });
});
