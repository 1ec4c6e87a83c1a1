// TRACE paths from the hand-written fixture and the mozilla TRACE line (third-party fixture), through the import and the CLI.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { packetTraces } from '../../src-main/trace/packet-traces.ts';
import { stepText } from '../../src-main/trace/trace-paths.ts';
import { THIRD_PARTY, ROOT } from '../helpers.ts';
import { t, db, releaseCase, reopenCase } from '../fresh-case.ts';

const FIXTURE = join(ROOT, 'test/fixtures/trace/interleaved.log');
const MOZ = join(THIRD_PARTY, 'mozilla-lua_sandbox_extensions/kernel-netfilter-lines.log');
const PREFIX = ['raw:PREROUTING:policy:2', 'mangle:PREROUTING:policy:1', 'nat:PREROUTING:policy:1', 'mangle:INPUT:policy:1', 'filter:INPUT:rule:1', 'filter:f2b-sshd:return:2'];

describe('TRACE paths', () => {
  it('separates the two interleaved packets and the IPv6 one, with their verdicts', async () => {
    await importSource(db, FIXTURE, { tz: 'UTC' });
    const tr = await packetTraces(db);
    expect(tr.map((x) => ({ id: x.trace_id, line: x.line_no, src: x.src, dport: x.dport, verdict: x.verdict }))).toEqual([
      { id: 1, line: 1, src: '198.51.100.7', dport: 22, verdict: 'rule 4' },
      { id: 2, line: 2, src: '198.51.100.8', dport: 80, verdict: 'policy' },
      { id: 3, line: 15, src: '2001:db8::7', dport: null, verdict: 'rule 2' },
    ]);
    expect(tr[0].steps.map(stepText)).toEqual([...PREFIX, 'filter:INPUT:rule:4']);
    expect(tr[0].steps.map((s) => s.line_no)).toEqual([1, 3, 5, 7, 9, 11, 13]);
    expect(tr[1].steps.map(stepText)).toEqual([...PREFIX, 'filter:INPUT:policy:6']);
    expect(tr[1].steps.map((s) => s.line_no)).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(tr[2].steps.map(stepText)).toEqual(['raw:PREROUTING:policy:2', 'mangle:PREROUTING:policy:1', 'mangle:INPUT:policy:1', 'filter:INPUT:rule:2']);
  });

  it('reads the mozilla TRACE line (uptime stamp only) as a one-step trace', async () => {
    await importSource(db, MOZ, { tz: 'UTC' });
    const tr = await packetTraces(db);
    expect(tr).toHaveLength(1);
    expect(tr[0]).toMatchObject({ src: '192.168.8.103', dst: '217.23.9.18', proto: 'ICMP', dport: null, verdict: 'policy', line_no: 3 });
    expect(tr[0].steps).toEqual([{ table: 'raw', chain: 'PREROUTING', type: 'policy', rule: 3, line_no: 3 }]);
  });

  it('fwlens trace prints the paths as a table and as JSON', async () => {
    await importSource(db, FIXTURE, { tz: 'UTC' });
    releaseCase();
    const kase = join(t.dir, 'case.duckdb');
    const run = (...a: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'trace', kase, ...a], { encoding: 'utf8' });
    const text = run();
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^trace_id\s+line_no\s+src/);
    expect(text.stdout).toContain('raw:PREROUTING:policy:2 > mangle:PREROUTING:policy:1');
    const json = JSON.parse(run('--json').stdout);
    expect(json.map((x: { verdict: string }) => x.verdict)).toEqual(['rule 4', 'policy', 'rule 2']);
    expect(run('--trace-window', 'x').status).toBe(2);
    await reopenCase(kase);
  });
});
