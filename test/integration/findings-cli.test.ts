// `fwlens findings`: table, JSON, --kind and threshold options, and usage errors.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { OWN, tempDir, fwlensResult } from '../helpers.ts';

const fwlens = fwlensResult;

let t: ReturnType<typeof tempDir>;
let kase: string;
beforeAll(() => {
  t = tempDir();
  kase = join(t.dir, 'case.duckdb');
  // An XMAS scan of ports 1000..1150 (151 ports, 302 packets) and a sweep of port 22 on 11 hosts (12 probes).
  const r = fwlens('import', kase, join(OWN, 'scans/xmas-scan-1000-1150.log'), join(OWN, 'scans/syn-sweep-port-22.log'), '--no-enrich', '--quiet', '--tz', 'UTC');
  expect(r.code, r.err).toBe(0);
});
afterAll(() => t.cleanup());

describe('fwlens findings', () => {
  it('prints an aligned table of every finding', () => {
    const r = fwlens('findings', kase);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^kind\s+src\s+first_seen\s+last_seen\s+events\s+ports\s+hosts\s+sample_ports\s+detail$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/)[0]).sort()).toEqual(['host_sweep', 'port_scan', 'xmas_scan']);
  });

  it('--json with --kind keeps the asked kinds', () => {
    const r = fwlens('findings', kase, '--json', '--kind', 'xmas_scan,host_sweep');
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as { kind: string; events: number; hosts: number }[];
    expect(rows.map((x) => x.kind).sort()).toEqual(['host_sweep', 'xmas_scan']);
    expect(rows.find((x) => x.kind === 'host_sweep')).toMatchObject({ events: 12, hosts: 11 });
  });

  it('threshold options change what is found', () => {
    const r = fwlens('findings', kase, '--json', '--min-hosts', '12', '--min-ports', '200');
    expect(JSON.parse(r.out).map((x: { kind: string }) => x.kind)).toEqual(['xmas_scan']);
  });

  it('refuses an unknown kind or a bad threshold with a usage error', () => {
    expect(fwlens('findings', kase, '--kind', 'nope').code).toBe(2);
    expect(fwlens('findings', kase, '--min-ports', '0').code).toBe(2);
    expect(fwlens('findings').code).toBe(2);
  });
});
