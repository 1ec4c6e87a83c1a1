// Conformance: scan findings over psad's scan logs (GPL, read in place from FWLENS_CORPUS); counts come from the files.
import { describe, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { scanFindings } from '../../src-main/findings/scan-findings.ts';
import { db } from '../fresh-case.ts';
import { requires } from '../requires.ts';
import { corpus, corpusNeed } from './corpus.ts';

const cit = requires(corpusNeed);
const PSAD = corpus('psad');

const lines = (name: string) => readFileSync(join(PSAD, name), 'utf8').split('\n').filter((l) => l.trim());
const field = (l: string, k: string) => new RegExp(`\\b${k}=(\\S+)`).exec(l)?.[1];
/** The TCP flag words a LOG line carries, between RES= and URGP=. */
const flagsOf = (l: string) => (/ RES=0x[0-9a-f]+ (.*?)URGP=/.exec(l)?.[1] ?? '').trim().split(/\s+/).filter(Boolean).sort().join('+');
const distinct = (xs: (string | undefined)[]) => new Set(xs.filter((x) => x !== undefined)).size;

async function findingsOf(name: string) {
  await importSource(db, join(PSAD, name), { tz: 'UTC' });
  return scanFindings(db);
}

describe('scan findings on the psad corpus', () => {
  cit('syn_scan_1000_1500 is a port scan by 192.168.10.55 over every port it touched', async () => {
    const ls = lines('syn_scan_1000_1500');
    const f = await findingsOf('syn_scan_1000_1500');
    expect(f.map((x) => x.kind)).toEqual(['port_scan']);
    expect(f[0]).toMatchObject({
      src: '192.168.10.55',
      family: 4,
      events: ls.length,
      ports: distinct(ls.map((l) => field(l, 'DPT'))),
      hosts: distinct(ls.map((l) => field(l, 'DST'))),
    });
    expect(f[0].ports).toBe(501);
    expect(f[0].sample_ports).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009]);
    expect(f[0].first_seen?.toISOString()).toMatch(/T20:35:11/);
  });

  cit('a higher port threshold turns the same scan into nothing', async () => {
    await importSource(db, join(PSAD, 'syn_scan_1000_1500'), { tz: 'UTC' });
    expect(await scanFindings(db, { portScanPorts: 1000 }, ['port_scan'])).toEqual([]);
  });

  for (const [file, kind, flags] of [
    ['null_scan_1000_1150', 'null_scan', ''],
    ['xmas_scan_1000_1150', 'xmas_scan', 'FIN+PSH+URG'],
    ['fin_scan_1000_1150', 'fin_scan', 'FIN'],
  ] as const) {
    cit(`${file} is a ${kind} (and a port scan), with its packets counted`, async () => {
      const scan = lines(file).filter((l) => field(l, 'PROTO') === 'TCP' && flagsOf(l) === flags);
      const f = await findingsOf(file);
      expect(f.map((x) => x.kind).sort()).toEqual([kind, 'port_scan'].sort());
      const hit = f.find((x) => x.kind === kind)!;
      expect(hit).toMatchObject({
        src: '192.168.10.55',
        events: scan.length,
        ports: distinct(scan.map((l) => field(l, 'DPT'))),
        hosts: distinct(scan.map((l) => field(l, 'DST'))),
      });
      expect(scan.length).toBeGreaterThan(300);
    });
  }

  cit('syn_sweep is a host sweep on one port', async () => {
    const ls = lines('syn_sweep');
    const f = await findingsOf('syn_sweep');
    expect(f.map((x) => x.kind)).toEqual(['host_sweep']);
    expect(f[0]).toMatchObject({ src: '192.168.10.55', events: ls.length, ports: 1, hosts: distinct(ls.map((l) => field(l, 'DST'))) });
    expect(f[0].hosts).toBe(11);
    expect(f[0].sample_ports).toEqual([Number(field(ls[0], 'DPT'))]);
  });

  cit('ipv4_valid_ping finds nothing', async () => {
    expect(await findingsOf('ipv4_valid_ping')).toEqual([]);
  });

  cit('--kind style filtering keeps only the asked kinds', async () => {
    await importSource(db, join(PSAD, 'null_scan_1000_1150'), { tz: 'UTC' });
    const f = await scanFindings(db, {}, ['null_scan']);
    expect(f.map((x) => x.kind)).toEqual(['null_scan']);
  });
});
