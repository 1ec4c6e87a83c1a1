// `fwlens rules`: block lists from the scan findings of a case (on the SYN scan written for fwlens), and TRACE paths.
import { describe, it, expect, afterAll } from 'vitest';
import { join } from 'node:path';
import { OWN, tempDir, runFwlens } from '../helpers.ts';

const t = tempDir();
afterAll(() => t.cleanup());
const fwlens = runFwlens;

describe('findings feed the block export', () => {
  const kase = join(t.dir, 'case.duckdb');

  it('--from-findings blocks each scanning source, with the finding as the reason', () => {
    // The scan: ports 1000..1500 from 10.20.30.40 (501 distinct ports); the pings are no finding.
    expect(fwlens('import', kase, join(OWN, 'scans/syn-scan-1000-1500.log'), join(OWN, 'scans/ping.log')).status).toBe(0);
    const r = fwlens('rules', 'block', kase, '--format', 'nft', '--from-findings', '--include-internal');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/10\.20\.30\.40\/32 comment "fwlens: finding port_scan: 501 distinct ports/);
    expect(r.stderr).toMatch(/1 IPv4 and 0 IPv6 block/);
    // Without --include-internal the (internal) scanner is left out, and said so.
    const kept = fwlens('rules', 'block', kase, '--format', 'nft', '--from-findings');
    expect(kept.stderr).toMatch(/left out 10\.20\.30\.40: internal/);
  });

  it('rules trace is the TRACE paths with their rule text', () => {
    const r = fwlens('rules', 'trace', kase);
    expect(r.status, r.stderr).toBe(0);
    const direct = fwlens('ruleset', 'trace', kase);
    expect(r.stdout).toBe(direct.stdout);
    expect(fwlens('rules', 'frobnicate', kase).status).toBe(2);
  });
});
