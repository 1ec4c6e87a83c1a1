import { describe, it, expect, afterAll } from 'vitest';
import { join } from 'node:path';
import { CORPUS, tempDir, runFwlens } from '../helpers.ts';

const t = tempDir();
afterAll(() => t.cleanup());
const fwlens = runFwlens;

describe('findings feed the block export', () => {
  const kase = join(t.dir, 'case.duckdb');

  it('--from-findings blocks each scanning source, with the finding as the reason', () => {
    expect(fwlens('import', kase, join(CORPUS, 'psad/syn_scan_1000_1500'), join(CORPUS, 'psad/ipv4_valid_ping')).status).toBe(0);
    const r = fwlens('rules', 'block', kase, '--format', 'nft', '--from-findings', '--include-internal');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/192\.168\.10\.55\/32 comment "fwlens: finding port_scan: 501 distinct ports/);
    expect(r.stderr).toMatch(/1 IPv4 and 0 IPv6 block/);
    // Without --include-internal the (internal) scanner is left out, and said so.
    const kept = fwlens('rules', 'block', kase, '--format', 'nft', '--from-findings');
    expect(kept.stderr).toMatch(/left out 192\.168\.10\.55: internal/);
  });

  it('rules trace is the TRACE paths with their rule text', () => {
    const r = fwlens('rules', 'trace', kase);
    expect(r.status, r.stderr).toBe(0);
    const direct = fwlens('ruleset', 'trace', kase);
    expect(r.stdout).toBe(direct.stdout);
    expect(fwlens('rules', 'frobnicate', kase).status).toBe(2);
  });
});
