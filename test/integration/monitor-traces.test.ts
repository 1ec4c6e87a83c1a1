// nft monitor trace and xtables-monitor --trace output: imported into the TRACE model, then read back as
// trace paths (service and CLI) and attributed to the imported ruleset's rules.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { importRuleset } from '../../src-main/ruleset/ruleset-import.ts';
import { packetTraces } from '../../src-main/trace/packet-traces.ts';
import { stepText } from '../../src-main/trace/trace-paths.ts';
import { attributedTraces, neverHit, rulesetHits } from '../../src-main/ruleset/rule-hits.ts';
import { tracePaths } from '../../src-main/app/trace-service.ts';
import { checkTracesByReplay } from '../../src-main/trace/trace-replay-check.ts';
import { ROOT } from '../helpers.ts';
import { t, db, releaseCase, reopenCase } from '../fresh-case.ts';

const NFT = join(ROOT, 'test/fixtures/trace/nft-monitor.txt');
const NFT_RULES = join(ROOT, 'test/fixtures/trace/nft-ruleset.nft');
const XT = join(ROOT, 'test/fixtures/trace/xtables-monitor.txt');
const XT_RULES = join(ROOT, 'test/fixtures/ruleset/filter-v4.rules');

describe('nft monitor trace import', () => {
  it('counts blank lines and rejects a NUL-damaged line as the log import does', async () => {
    const lines = readFileSync(NFT, 'utf8').split('\n').filter((l) => l.trim() !== '').slice(0, 4);
    const f = join(t.dir, 'damaged-trace.txt');
    // CRLF, a tab-only and an empty line are blank; the NUL byte is damage, kept raw.
    writeFileSync(f, Buffer.concat([
      Buffer.from(lines[0] + '\r\n\t\r\n\n' + lines[1] + '\n'),
      Buffer.from('trace id 0badf00d ip filter input \0 packet\n'),
      Buffer.from(lines.slice(2).join('\n') + '\n'),
    ]));
    const r = await importSource(db, f, { tz: 'UTC' });
    expect(r).toMatchObject({ format: 'nft-trace', lines: 7, events: 4, rejects: 1, blank: 2 });
    expect(r.lines).toBe(r.events + r.rejects + r.skipped + r.blank);
    const [rej] = await db.all('SELECT line_no::INTEGER AS l, reason, raw IS NOT NULL AS has_raw FROM rejects');
    expect(rej).toEqual({ l: 5, reason: 'NUL bytes in the line (damaged file)', has_raw: true });
    expect(r.status).toBe('damaged');
  });

  it('stores every line as a TRACE row without a time, the cut last line as a truncated-line reject', async () => {
    const r = await importSource(db, NFT, { tz: 'UTC' });
    // 15 lines: 13 trace lines, one blank, one rule line cut before its verdict.
    expect(r).toMatchObject({ format: 'nft-trace', lines: 15, events: 13, rejects: 1, blank: 1 });
    expect(r.lines).toBe(r.events + r.rejects + r.blank);
    const [rej] = await db.all('SELECT line_no, reason FROM rejects');
    expect(rej).toMatchObject({ line_no: 15n, reason: expect.stringContaining('truncated line') });
    const rows = await db.all(`SELECT line_no::INTEGER AS l, ts, action, trace_id, trace_family, trace_table, trace_chain, trace_type,
        trace_handle::INTEGER AS h, trace_verdict, trace_text, src, dst, proto, sport, dport, in_if, out_if, family
      FROM events ORDER BY line_no`);
    expect(rows.every((x) => x.ts === null && x.action === 'LOG')).toBe(true);
    // A step borrows the packet fields of its trace id's dump, though another trace's lines come between.
    expect(rows.find((x) => x.l === 5)).toMatchObject({
      trace_id: '0badf00d', trace_family: 'ip', trace_table: 'filter', trace_chain: 'input', trace_type: 'policy', trace_verdict: 'drop',
      src: '198.51.100.33', dst: '192.0.2.10', proto: 'UDP', sport: 5353, dport: 5353, in_if: 'eth0', family: 4,
    });
    expect(rows.find((x) => x.l === 3)).toMatchObject({
      trace_id: '1a2b3c4d', trace_type: 'rule', h: 6, trace_verdict: 'jump ssh', trace_text: 'tcp dport 22 jump ssh', src: '198.51.100.20', dport: 22,
    });
    expect(rows.find((x) => x.l === 8)).toMatchObject({ trace_family: 'ip6', src: '2001:db8:0:1::5', proto: 'ICMPv6', family: 6 });
  });

  it('takes the time and host of a syslog envelope when the monitor output was logged through one', async () => {
    const f = join(t.dir, 'nft-trace.log');
    writeFileSync(f, [
      '2026-03-01T10:00:00.250000+00:00 gw nft[812]: trace id a1b2c3d4 inet fw input packet: iif "eth0" ip saddr 192.0.2.77 ip daddr 192.0.2.1 ip length 84 icmp type echo-request icmp code net-unreachable icmp id 7 icmp sequence 1',
      '2026-03-01T10:00:00.250100+00:00 gw nft[812]: trace id a1b2c3d4 inet fw input policy accept',
      '2026-03-01T10:00:01+00:00 gw sshd[99]: Accepted publickey for admin',
    ].join('\n') + '\n');
    const r = await importSource(db, f, { tz: 'UTC' });
    // The sshd line is another program's: skipped, not a reject.
    expect(r).toMatchObject({ format: 'nft-trace', lines: 3, events: 2, rejects: 0, skipped: 1 });
    expect(r.lines).toBe(r.events + r.rejects + r.skipped + r.blank);
    const rows = await db.all(`SELECT strftime(ts, '%H:%M:%S.%f') AS t, host, trace_type, proto, icmp_type, icmp_id FROM events ORDER BY line_no`);
    expect(rows).toEqual([
      { t: '10:00:00.250000', host: 'gw', trace_type: 'packet', proto: 'ICMP', icmp_type: 8, icmp_id: 7 },
      { t: '10:00:00.250100', host: 'gw', trace_type: 'policy', proto: 'ICMP', icmp_type: 8, icmp_id: 7 },
    ]);
    expect((await packetTraces(db)).map((x) => [x.src, x.verdict, x.ts?.toISOString()])).toEqual([['192.0.2.77', 'policy accept', '2026-03-01T10:00:00.250Z']]);
  });

  it('counts the ruleset changes plain `nft monitor` interleaves as rejects that are not damage', async () => {
    const f = join(t.dir, 'nft-monitor.txt');
    writeFileSync(f, [
      'add rule ip filter input tcp dport 23 drop # handle 10',
      '# new generation 7 by process 1234 (nft)',
      'trace id 0000beef ip filter input packet: iif "eth0" ip saddr 192.0.2.5 ip daddr 192.0.2.1 ip length 40 tcp sport 1000 tcp dport 23 tcp flags == syn',
      'trace id 0000beef ip filter input rule tcp dport 23 drop (verdict drop)',
    ].join('\n') + '\n');
    const r = await importSource(db, f, { tz: 'UTC' });
    expect(r).toMatchObject({ format: 'nft-trace', lines: 4, events: 2, rejects: 2, status: 'ok' });
    expect((await db.all('SELECT reason FROM rejects')).map((x) => x.reason)).toEqual(['ruleset event of the monitor, not a trace line', 'ruleset event of the monitor, not a trace line']);
  });

  it('groups the lines by trace id into ordered paths, a reused id at a hook already passed being a new packet', async () => {
    await importSource(db, NFT, { tz: 'UTC' });
    const tr = await packetTraces(db);
    expect(tr.map((x) => ({ line: x.line_no, src: x.src, dst: x.dst, proto: x.proto, dport: x.dport, verdict: x.verdict, ts: x.ts }))).toEqual([
      { line: 1, src: '198.51.100.20', dst: '192.0.2.10', proto: 'TCP', dport: 22, verdict: 'rule #9 accept', ts: null },
      { line: 2, src: '198.51.100.33', dst: '192.0.2.10', proto: 'UDP', dport: 5353, verdict: 'policy drop', ts: null },
      { line: 7, src: '2001:db8:0:1::5', dst: '2001:db8::10', proto: 'ICMPv6', dport: null, verdict: 'rule #3 accept', ts: null },
      { line: 10, src: '10.8.0.2', dst: '172.20.0.5', proto: 'TCP', dport: 5432, verdict: 'rule #12 accept', ts: null },
      { line: 12, src: '203.0.113.9', dst: '192.0.2.10', proto: 'TCP', dport: 22, verdict: 'rule #8 drop', ts: null },
    ]);
    expect(tr[0].steps.map(stepText)).toEqual(['filter:input:rule:#6 (jump ssh)', 'filter:ssh:return (continue)', 'filter:input:rule:#9 (accept)']);
    expect(tr[0].steps.map((s) => s.line_no)).toEqual([3, 4, 6]);
    expect(tr[1].steps.map(stepText)).toEqual(['filter:input:policy (drop)']);
    expect(tr[4].steps.map((s) => s.line_no)).toEqual([13, 14]);
  });

  it('gives the Traces panel the printed rule text, and the ruleset\'s once imported, with hits by rule handle', async () => {
    await importSource(db, NFT, { tz: 'UTC' });
    const before = await tracePaths(db);
    expect(before).toMatchObject({ total: 5, rulesets: 0 });
    expect(before.traces[0].steps.map((s) => [s.step, s.ruleText])).toEqual([
      ['filter:input:rule:#6 (jump ssh)', 'tcp dport 22 jump ssh'], ['filter:ssh:return (continue)', null], ['filter:input:rule:#9 (accept)', 'tcp dport 22 accept'],
    ]);
    expect(before.traces.every((x) => x.replay === null)).toBe(true);
    expect(await importRuleset(db, NFT_RULES)).toMatchObject({ format: 'nft', rules: 7, added: true });
    const after = await tracePaths(db);
    expect(after.traces[0]).toMatchObject({ monitorId: '1a2b3c4d', replay: { verdict: 'accept', rule: 'tcp dport 22 accept', agree: true, note: null } });
    expect(after.traces.map((x) => x.replay?.agree)).toEqual([true, true, true, true, true]);
    const tr = await attributedTraces(db);
    expect(tr[1].steps.map((s) => s.rule_text)).toEqual(['policy drop']);
    expect(tr[3].steps.map((s) => s.rule_text)).toEqual([null]); // handle 12 is in no imported chain, and nft printed no text
    const hits = await rulesetHits(db);
    const at = (family: string, chain: string, handle: number | null) => hits.find((h) => h.family === family && h.chain === chain && h.handle === handle)!;
    // Handle 6 (the jump) was taken by two packets; 9, 8 and ip6's 3 by one each; ip input's policy by one.
    expect([at('ip', 'input', 6).trace_hits, at('ip', 'input', 9).trace_hits, at('ip', 'ssh', 8).trace_hits, at('ip6', 'input', 3).trace_hits]).toEqual([2, 1, 1, 1]);
    expect(hits.find((h) => h.family === 'ip' && h.kind === 'policy')!.trace_hits).toBe(1);
    expect(hits.find((h) => h.family === 'ip6' && h.kind === 'policy')!.trace_hits).toBe(0);
    expect(neverHit(hits).map((h) => h.handle)).toEqual([4, 5, 7]);
  });

  it('replays each traced packet through the imported ruleset and sets the verdicts side by side', async () => {
    await importSource(db, NFT, { tz: 'UTC' });
    expect((await checkTracesByReplay(db)).checks).toEqual([]);
    await importRuleset(db, NFT_RULES);
    const pick = (c: Awaited<ReturnType<typeof checkTracesByReplay>>['checks']) =>
      c.map((x) => [x.monitor_id, x.hook, x.traced, x.replayed, x.agree, x.replayed_rule]);
    // Worked through nft-ruleset.nft by hand: the SYN to 22 passes the ssh chain and is accepted by handle 9,
    // the UDP packet meets no rule (policy drop), echo-request is handle 3 of ip6, the forward hook has no
    // chain (accepted), and 203.0.113.9 is dropped in chain ssh.
    expect(pick((await checkTracesByReplay(db)).checks)).toEqual([
      ['1a2b3c4d', 'input', 'accept', 'accept', true, 'tcp dport 22 accept'],
      ['0badf00d', 'input', 'drop', 'drop', true, 'input policy drop'],
      ['7e57ab1e', 'input', 'accept', 'accept', true, 'icmpv6 type echo-request accept'],
      ['5eed0001', 'forward', 'accept', 'accept', true, null],
      ['1a2b3c4d', 'input', 'drop', 'drop', true, 'ip saddr 203.0.113.9 drop'],
    ]);
    // An iptables-save ruleset for ip instead: its f2b-sshd chain does not hold 203.0.113.9, so replay accepts
    // the FIN/ACK the kernel dropped; a packet replay cannot take for an opening one is said so.
    await importRuleset(db, XT_RULES);
    const last = (await checkTracesByReplay(db)).checks[4];
    expect(last).toMatchObject({ traced: 'drop', replayed: 'accept', agree: false, replayed_rule: '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT' });
    expect(last.note).toMatch(/not an opening packet/);
  });

  it('fwlens trace prints the nft paths; fwlens ruleset check the replay cross-check', async () => {
    await importSource(db, NFT, { tz: 'UTC' });
    await importRuleset(db, NFT_RULES);
    releaseCase();
    const kase = join(t.dir, 'case.duckdb');
    const run = (...a: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'trace', kase, ...a], { encoding: 'utf8' });
    const text = run();
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('filter:input:rule:#6 (jump ssh) > filter:ssh:return (continue) > filter:input:rule:#9 (accept)');
    expect(text.stdout).toContain('policy drop');
    const json = JSON.parse(run('--json').stdout);
    expect(json.map((x: { verdict: string }) => x.verdict)).toEqual(['rule #9 accept', 'policy drop', 'rule #3 accept', 'rule #12 accept', 'rule #8 drop']);
    const check = spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'ruleset', 'check', kase], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^trace_id\s+monitor_id/);
    expect(check.stdout.match(/\byes\b/g)).toHaveLength(5);
    const hits = spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'ruleset', 'hits', kase], { encoding: 'utf8' });
    expect(hits.stdout).toMatch(/filter:input:3 #6\s+jump ssh\s+2\s/);
    await reopenCase(kase);
  });
});

describe('xtables-monitor --trace import', () => {
  it('reads packets and steps into one trace per packet, the ruleset event line a reject that is not damage', async () => {
    const r = await importSource(db, XT, { tz: 'UTC' });
    expect(r).toMatchObject({ format: 'xtables-trace', lines: 12, events: 11, rejects: 1, blank: 0 });
    expect(r.lines).toBe(r.events + r.rejects + r.blank);
    const [rej] = await db.all('SELECT line_no::INTEGER AS l, reason FROM rejects');
    expect(rej).toEqual({ l: 9, reason: 'ruleset event of the monitor, not a trace line' });
    const tr = await packetTraces(db);
    expect(tr.map((x) => ({ line: x.line_no, src: x.src, proto: x.proto, dport: x.dport, verdict: x.verdict }))).toEqual([
      { line: 1, src: '198.51.100.20', proto: 'TCP', dport: 22, verdict: 'rule #12 accept' },
      // The dump names no protocol; the raw rule that matched it (`-p ipv6-icmp`) does.
      { line: 10, src: '2001:db8::7', proto: 'ICMPv6', dport: null, verdict: 'policy drop' },
    ]);
    // The second PACKET dump (at the filter hook) is the same packet: same IP ID, so one trace.
    expect(tr[0].steps.map(stepText)).toEqual([
      'raw:PREROUTING:rule:#3 (continue)', 'raw:PREROUTING:return (return)', 'raw:PREROUTING:policy (accept)',
      'filter:INPUT:rule:#9 (jump f2b-sshd)', 'filter:f2b-sshd:return (return)', 'filter:INPUT:rule:#12 (accept)',
    ]);
  });

  it('attributes the steps to an iptables-save ruleset by the rule text the monitor prints', async () => {
    await importSource(db, XT, { tz: 'UTC' });
    await importRuleset(db, XT_RULES);
    const tr = await attributedTraces(db);
    expect(tr[0].steps.filter((s) => s.table === 'filter').map((s) => s.rule_text)).toEqual([
      '-A INPUT -p tcp -j f2b-sshd', null, '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
    ]);
    const hits = await rulesetHits(db);
    expect(hits.filter((h) => h.trace_hits > 0).map((h) => [h.chain, h.position, h.trace_hits])).toEqual([['INPUT', 1, 1], ['INPUT', 4, 1]]);
  });
});
