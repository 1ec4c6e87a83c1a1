// The app's replayRuleset operation through FwlensService on the hand-made replay case: pasted dumps, the
// imported ruleset, an allow model, and refusals.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { importRuleset } from '../../src-main/ruleset/ruleset-import.ts';
import type { FwlensService } from '../../src-main/app/service.ts';
import type { ReplayResult } from '../../src-main/shared/api.ts';
import { REPLAY_CONNTRACK, REPLAY_LOG } from '../replay-case.ts';
import { ROOT, tempDir } from '../helpers.ts';
import { buildCase, serviceOn, value } from '../service-case.ts';

const FIX = join(ROOT, 'test/fixtures/replay');
let t: ReturnType<typeof tempDir>;
let svc: FwlensService;
let casePath = '';

const counts = (r: ReplayResult) => [r.accept, r.drop, r.reject, r.unknown].map((c) => `${c.groups}/${c.records}`);

async function caseWith(files: Record<string, string>, ruleset?: string): Promise<void> {
  await buildCase(casePath, async (db) => {
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(t.dir, name), text);
      await importSource(db, join(t.dir, name), { tz: 'UTC' });
    }
    if (ruleset) await importRuleset(db, ruleset);
  });
}

beforeAll(async () => {
  t = tempDir();
  casePath = join(t.dir, 'case.duckdb');
  await caseWith({ 'fw.log': REPLAY_LOG, 'ct.txt': REPLAY_CONNTRACK }, join(FIX, 'small-nft-list.txt'));
  svc = await serviceOn(casePath, t.dir);
});
afterAll(() => {
  svc?.close();
  t?.cleanup();
});

describe('replayRuleset (app)', () => {
  it('a pasted iptables-save dump: verdict counts, the blocked traffic with its rule, every rule with its hits', async () => {
    const r = value(await svc.replayRuleset({ source: 'text', text: readFileSync(join(FIX, 'small.rules'), 'utf8'), hook: null, table: null }));
    expect(r.kind).toBe('ruleset');
    expect(counts(r)).toEqual(['7/12', '3/4', '1/2', '1/1']);
    expect(r.blocked.map((b) => `${b.src}>${b.dst} ${b.proto}/${b.dport} ${b.via} ${b.verdict}`)).toEqual([
      '192.168.1.10>9.9.9.9 tcp/443 -→eth0 drop', '198.51.100.7>192.168.1.10 tcp/23 eth0→- reject',
      '192.168.1.50>10.0.5.5 tcp/445 eth1→eth2 drop', '198.51.100.7>192.168.1.10 tcp/22 eth0→- drop',
    ]);
    expect(r.blocked[0].rule).toBe('-A OUTPUT -d 9.9.9.9/32 -j DROP');
    expect(r.undecided).toEqual([expect.objectContaining({ dst: '8.8.4.4', via: 'conntrack', hook: null, why: expect.stringContaining('choose where traffic without interfaces goes') })]);
    expect(r.rules.find((x) => x.where === 'ip filter SSH #1')).toMatchObject({ records: 4, groups: 1 });
  });

  it('the imported ruleset, with conntrack traffic sent to output', async () => {
    const r = value(await svc.replayRuleset({ source: 'imported', text: null, hook: 'output', table: null }));
    expect(counts(r)).toEqual(['8/13', '3/4', '1/2', '0/0']);
    expect(r.rules.some((x) => x.where === 'inet filter ssh #1' && x.text === 'ip saddr 203.0.113.0/24 accept')).toBe(true);
  });

  it('an allow model (rules JSON from allowScript) replays over the outbound flows', async () => {
    const allow = value(await svc.allowScript({ format: 'nft', group: 'host', dest: 'address', acceptedOnly: true }));
    const r = value(await svc.replayRuleset({ source: 'text', text: allow.rulesJson, hook: null, table: null }));
    expect(r.kind).toBe('allow-model');
    // Accepted-only keeps 8.8.4.4 (answered) and .12 → 8.8.8.8 (ACCEPT prefix); four outbound groups are not allowed.
    expect(r.blocked.map((b) => `${b.src}>${b.dst}`).sort()).toEqual(['192.168.1.10>8.8.8.8', '192.168.1.10>9.9.9.9', '192.168.1.11>8.8.8.8', '192.168.1.50>1.1.1.1']);
    expect(r.rules.map((x) => x.records)).toEqual([1, 1]);
  });

  it('refuses what it cannot read, and says how to get a ruleset in', async () => {
    const bad = await svc.replayRuleset({ source: 'text', text: 'hello world', hook: null, table: null });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT', message: expect.stringContaining('not a ruleset fwlens reads') } });
    expect(await svc.replayRuleset({ source: 'text', text: '{"kind":"x"}', hook: null, table: null })).toMatchObject({ ok: false, error: { message: expect.stringContaining('not an allow model') } });
    expect(await svc.replayRuleset({ source: 'text', text: 'x', hook: 'prerouting', table: null } as never)).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    expect(await svc.replayRuleset({ source: 'imported', text: null, hook: null, table: null, extra: 1 } as never)).toMatchObject({ ok: false, error: { message: expect.stringContaining('unknown request field') } });
  });

  it('a case without an imported ruleset says so', async () => {
    svc.close();
    casePath = join(t.dir, 'bare.duckdb');
    await caseWith({ 'fw.log': REPLAY_LOG });
    svc = await serviceOn(casePath, t.dir);
    expect(await svc.replayRuleset({ source: 'imported', text: null, hook: null, table: null })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('ruleset import') } });
  });

  it('importRuleset loads a pasted dump as the ruleset in force, once, and refuses what is not a dump', async () => {
    const text = readFileSync(join(FIX, 'small.rules'), 'utf8');
    expect(value(await svc.importRuleset(text, 'fw1 rules', null))).toMatchObject({ format: 'iptables-save', rules: 10, policies: 3, added: true });
    expect(value(await svc.importRuleset(text, 'again', null))).toMatchObject({ added: false });
    const r = value(await svc.replayRuleset({ source: 'imported', text: null, hook: null, table: null }));
    // The bare case has no conntrack entry: the same verdicts as the pasted dump, less the undecided group.
    expect(counts(r)).toEqual(['7/12', '3/4', '1/2', '0/0']);
    expect(await svc.importRuleset('hello', 'x', null)).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT', message: expect.stringContaining('x: not iptables-save') } });
    expect(await svc.importRuleset(text, 'x', 'nat')).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
  });

  it('an empty case replays to zeros, and an over-long paste is refused before any work', async () => {
    svc.close();
    casePath = join(t.dir, 'empty.duckdb');
    await caseWith({});
    svc = await serviceOn(casePath, t.dir);
    const r = value(await svc.replayRuleset({ source: 'text', text: readFileSync(join(FIX, 'small.rules'), 'utf8'), hook: 'input', table: null }));
    expect([r.total, r.blocked, r.undecided, r.rules.every((x) => x.records === 0)]).toEqual([{ groups: 0, records: 0 }, [], [], true]);
    const nat = value(await svc.replayRuleset({ source: 'text', text: '*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.5\nCOMMIT\n', hook: null, table: null }));
    expect(nat.notes).toContain('the ruleset has no chain on the input, output or forward hook: everything is accepted');
    const huge = await svc.replayRuleset({ source: 'text', text: '#'.repeat(20 * 1024 * 1024 + 1), hook: null, table: null });
    expect(huge).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT', message: expect.stringMatching(/text/) } });
  });
});
