// Rule attribution: the TRACE fixture and a LOG line against the matching iptables-save fixture.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { importSource } from '../../src-main/import/import-source.ts';
import { importRuleset } from '../../src-main/ruleset/ruleset-import.ts';
import { attributedTraces, neverHit, rulesetHits } from '../../src-main/ruleset/rule-hits.ts';
import { ROOT, tempDir, freshCase } from '../helpers.ts';

const TRACE = join(ROOT, 'test/fixtures/trace/interleaved.log');
const LOGLINE = join(ROOT, 'test/fixtures/ruleset/drop-log.log');
const RULES = join(ROOT, 'test/fixtures/ruleset/filter-v4.rules');

let t: ReturnType<typeof tempDir>;
let db: CaseDb;
beforeEach(async () => {
  t = tempDir();
  db = await freshCase(t.dir);
  await importSource(db, TRACE, { tz: 'UTC' });
  await importSource(db, LOGLINE, { tz: 'UTC' });
});
afterEach(() => {
  db.close();
  t.cleanup();
});

describe('ruleset attribution', () => {
  it('imports once per file content', async () => {
    expect(await importRuleset(db, RULES)).toMatchObject({ version: 1, format: 'iptables-save', rules: 6, policies: 3, added: true });
    expect(await importRuleset(db, RULES)).toMatchObject({ version: 1, added: false });
  });

  it("gives each TRACE step its rule's text or its chain's policy", async () => {
    await importRuleset(db, RULES);
    const tr = await attributedTraces(db);
    const tail = (i: number) => tr[i].steps.filter((s) => s.table === 'filter').map((s) => [s.step, s.rule_text]);
    expect(tail(0)).toEqual([
      ['filter:INPUT:rule:1', '-A INPUT -p tcp -j f2b-sshd'],
      ['filter:f2b-sshd:return:2', null],
      ['filter:INPUT:rule:4', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'],
    ]);
    expect(tail(1)[2]).toEqual(['filter:INPUT:policy:6', 'policy DROP']);
    // The IPv6 packet: an iptables (IPv4) dump says nothing about ip6tables' rule 2.
    expect(tail(2)).toEqual([['filter:INPUT:rule:2', null]]);
    expect(tr[0].steps[0].rule_text).toBeNull(); // raw table: not in the dump
  });

  it('counts hits from TRACE steps and LOG prefixes; lists the rules never hit', async () => {
    await importRuleset(db, RULES);
    const hits = await rulesetHits(db);
    const at = (chain: string, kind: string, pos: number | null) => hits.find((h) => h.chain === chain && h.kind === kind && h.position === pos)!;
    expect([at('INPUT', 'rule', 1).trace_hits, at('INPUT', 'rule', 4).trace_hits, at('INPUT', 'policy', null).trace_hits]).toEqual([2, 1, 1]);
    expect([at('INPUT', 'rule', 5).trace_hits, at('INPUT', 'rule', 5).prefix_hits]).toEqual([0, 1]);
    expect(neverHit(hits).map((h) => [h.chain, h.position, h.counters])).toEqual([
      ['INPUT', 2, 'unknown'], ['INPUT', 3, 'unknown'], ['f2b-sshd', 1, 'unknown'],
    ]);
  });

  it('fwlens ruleset import / hits / unused', () => {
    db.close();
    const kase = join(t.dir, 'case.duckdb');
    const run = (...a: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'ruleset', ...a], { encoding: 'utf8' });
    const imp = run('import', kase, RULES);
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stdout).toContain('6 rules, 3 chain policies');
    const hits = JSON.parse(run('hits', kase, '--json').stdout);
    expect(hits.filter((h: { trace_hits: number }) => h.trace_hits > 0)).toHaveLength(3);
    const unused = run('unused', kase);
    expect(unused.status, unused.stderr).toBe(0);
    expect(unused.stdout).toContain('-A INPUT -i lo -j ACCEPT');
    expect(unused.stdout).not.toContain('--dport 22');
    db = { close() {} } as unknown as CaseDb;
  });
});
