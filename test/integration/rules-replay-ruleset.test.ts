// Replaying firewall rulesets over a small hand-made case: every verdict, hit and drop below is computed by hand
// from test/fixtures/replay/small.rules (and its nft twin), then checked in all three dump formats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { enrichOffline } from '../../src-main/enrich/enrich-offline.ts';
import { parseRuleset as parseDump } from '../../src-main/ruleset/parse-ruleset.ts';
import { replayRuleset, type RulesetReplayReport } from '../../src-main/replay/replay-ruleset.ts';
import { allowFromCase } from '../../src-main/rules/allow-from-case.ts';
import { renderAllow } from '../../src-main/rules/allow-render.ts';
import { replay as replayAllowModel } from '../../src-main/rules/replay-report.ts';
import type { CaseDb } from '../../src-main/db/case-db.ts';
import { freshCase, ROOT, tempDir, runFwlens } from '../helpers.ts';
import { REPLAY_CONNTRACK, REPLAY_LOG } from '../replay-case.ts';
import { NEEDS, requires, skipOrFail } from '../requires.ts';

const kernelIt = requires(NEEDS.unshare, NEEDS.iptablesRestore, NEEDS.nft);

const FIX = join(ROOT, 'test/fixtures/replay');
const fixture = (f: string) => readFileSync(join(FIX, f), 'utf8');
const t = tempDir();
let db: CaseDb;

async function load(name: string, text: string) {
  const f = join(t.dir, name);
  writeFileSync(f, text);
  await importSource(db, f, { tz: 'UTC' });
  await enrichOffline(db);
}

function dump(name: string) {
  const p = parseDump(fixture(name));
  if (!p) throw new Error(`${name} not recognised`);
  return p;
}

const summary = (r: RulesetReplayReport) => Object.fromEntries(Object.entries(r.verdicts).map(([k, v]) => [k, `${v.groups}/${v.records}`]));
const blockedKeys = (r: RulesetReplayReport) => r.blocked.map((g) => `${g.hook} ${g.src}>${g.dst} ${g.proto_num}/${g.dport} ${g.verdict}`);
const hit = (r: RulesetReplayReport, chain: string, position: number | null) =>
  r.rules.find((x) => x.chain.toLowerCase() === chain && (position === null ? x.kind === 'policy' : x.position === position))!.records;

beforeAll(async () => {
  db = await freshCase(t.dir);
  await load('fw.log', REPLAY_LOG);
  await load('ct.txt', REPLAY_CONNTRACK);
});
afterAll(() => {
  db.close();
  t.cleanup();
});

describe('rules replay of a ruleset', () => {
  for (const file of ['small.rules', 'small-iptables-L.txt', 'small-nft-list.txt']) {
    it(`${file}: each packet group gets the hand-computed verdict, rule and hook`, async () => {
      const r = await replayRuleset(db, [dump(file)]);
      // accept: 8.8.8.8 ×3, udp/53, ACCEPT-OUT, ssh from 203.0.113.5 ×4, icmp, forward, lo = 7 groups, 12 records.
      expect(summary(r)).toEqual({ accept: '7/12', drop: '3/4', reject: '1/2', unknown: '1/1' });
      expect(r.total).toEqual({ groups: 12, records: 19 });
      expect(blockedKeys(r)).toEqual([
        'output 192.168.1.10>9.9.9.9 6/443 drop',
        'input 198.51.100.7>192.168.1.10 6/23 reject',
        'forward 192.168.1.50>10.0.5.5 6/445 drop',
        'input 198.51.100.7>192.168.1.10 6/22 drop',
      ]);
      // The SSH chain's RETURN hands 198.51.100.7 back to INPUT, whose policy drops it.
      expect(r.blocked[3].rule).toMatch(/INPUT policy DROP|input policy drop/);
      expect([hit(r, 'ssh', 1), hit(r, 'output', null), hit(r, 'input', 1), hit(r, 'input', 4), hit(r, 'forward', 1), hit(r, 'forward', null), hit(r, 'input', 3)]).toEqual([4, 4, 1, 1, 1, 1, 0]);
      expect(r.unknown.map((g) => [g.origin, g.dst, g.why])).toEqual([['conntrack', '8.8.4.4', expect.stringContaining('--hook')]]);
      // The jump to the SSH chain decides nothing itself but is matched by all five SSH packets; SSH's
      // RETURN is matched by the one it hands back.
      const matched = (chain: string, position: number) => r.rules.find((x) => x.chain.toLowerCase() === chain && x.position === position)!.matched_records;
      expect([matched('input', 3), matched('ssh', 1), matched('ssh', 2), matched('input', 5)]).toEqual([5, 4, 1, 2]);
    });
  }

  it('a real ufw ruleset (ufw 0.36, allow 22/tcp): its chains, addrtype and conntrack matches walked to the verdict', async () => {
    const r = await replayRuleset(db, [dump('ufw.rules')]);
    // Output: ufw-track-output accepts NEW tcp/udp. Input: ssh ×5, ping and lo accepted; telnet dropped by the
    // INPUT policy. Forward: nothing allowed, both dropped by the FORWARD policy.
    expect(summary(r)).toEqual({ accept: '8/14', drop: '3/4', reject: '0/0', unknown: '1/1' });
    const rule = (text: string) => r.rules.find((x) => x.text === text)!;
    expect(rule('-A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT').records).toBe(5);
    expect(rule('-A ufw-track-output -p tcp -m conntrack --ctstate NEW -j ACCEPT').records).toBe(6);
    // Every input packet but loopback and the ping reaches ufw-not-local, where addrtype LOCAL is true on input.
    expect(rule('-A ufw-not-local -m addrtype --dst-type LOCAL -j RETURN').matched_records).toBe(7);
    expect(blockedKeys(r)).toEqual([
      'input 198.51.100.7>192.168.1.10 6/23 drop', 'forward 192.168.1.50>1.1.1.1 6/80 drop', 'forward 192.168.1.50>10.0.5.5 6/445 drop',
    ]);
  });

  it('--hook output decides the conntrack connection (OUTPUT policy ACCEPT)', async () => {
    const r = await replayRuleset(db, [dump('small.rules')], { hook: 'output' });
    expect(summary(r)).toEqual({ accept: '8/13', drop: '3/4', reject: '1/2', unknown: '0/0' });
    expect(r.notes.join('\n')).not.toMatch(/--hook/);
  });

  kernelIt('the kernel\'s own dumps of the same rules replay to the same verdicts', async (ctx) => {
    const script = `iptables-restore < "$1" && iptables-save && echo @@ && iptables -L -v -n --line-numbers && echo @@ && nft flush ruleset && nft -f "$2" && nft -a list ruleset`;
    const k = spawnSync('unshare', ['-rn', 'sh', '-c', script, 'ns', join(FIX, 'small.rules'), join(FIX, 'small.nft')], { encoding: 'utf8' });
    if (k.status !== 0) skipOrFail(ctx, `the kernel refuses netfilter changes in a user+network namespace here: ${k.stderr.trim()}`);
    const got = [];
    for (const text of k.stdout.split('@@\n')) {
      const p = parseDump(text);
      expect(p).not.toBeNull();
      got.push(summary(await replayRuleset(db, [p!])));
    }
    expect(got).toEqual(Array(3).fill({ accept: '7/12', drop: '3/4', reject: '1/2', unknown: '1/1' }));
  });
});

describe('allow-lists and replay agree', () => {
  it('--accepted builds only from traffic that got through: accepting log lines and answered connections', async () => {
    const all = await allowFromCase(db, { group: 'host', dest: 'address' });
    expect(all.ruleset.rules.map((r) => `${r.src} ${r.proto}/${r.dport} ${r.dst}`)).toEqual([
      '192.168.1.10/32 tcp/443 8.8.4.4/32', '192.168.1.10/32 tcp/443 8.8.8.8/32', '192.168.1.10/32 tcp/443 9.9.9.9/32',
      '192.168.1.11/32 udp/53 8.8.8.8/32', '192.168.1.12/32 tcp/443 8.8.8.8/32', '192.168.1.50/32 tcp/80 1.1.1.1/32',
    ]);
    const ok = await allowFromCase(db, { group: 'host', dest: 'address', acceptedOnly: true });
    // The "FW" prefix says no verdict; ACCEPT-OUT does, and the conntrack entry saw a reply.
    expect(ok.ruleset.rules.map((r) => `${r.src} ${r.proto}/${r.dport} ${r.dst}`)).toEqual([
      '192.168.1.10/32 tcp/443 8.8.4.4/32', '192.168.1.12/32 tcp/443 8.8.8.8/32',
    ]);
  });

  it('a generated allow-list drops the same traffic whether replayed as its model, its nft script or its iptables file', async () => {
    const { ruleset } = await allowFromCase(db, { group: 'host', dest: 'address', acceptedOnly: true });
    const model = await replayAllowModel(db, ruleset);
    const modelDrops = model.drops.map((d) => `${d.src}>${d.dst} ${d.dport}`).sort();
    // Outbound groups that got no reply or verdict: 8.8.8.8/443 and 9.9.9.9 from .10, udp/53 from .11, the forward to 1.1.1.1.
    expect(modelDrops).toEqual(['192.168.1.10>8.8.8.8 443', '192.168.1.10>9.9.9.9 443', '192.168.1.11>8.8.8.8 53', '192.168.1.50>1.1.1.1 80']);
    for (const format of ['nft', 'iptables'] as const) {
      const script = renderAllow(format, ruleset, 1_700_000_000).script;
      const p = parseDump(script)!;
      const r = await replayRuleset(db, [p], { hook: 'output' });
      const outbound = r.blocked.filter((g) => g.src.startsWith('192.168.') && !g.dst.startsWith('192.168.'));
      expect(outbound.map((g) => `${g.src}>${g.dst} ${g.dport}`).sort(), format).toEqual(modelDrops);
      // Only outbound traffic is filtered by an allow-list: nothing inbound, nor the LAN-to-LAN forward
      // (192.168.1.50 → 10.0.5.5), which its "not external" rule lets through.
      expect(r.blocked.length, format).toBe(outbound.length);
      expect(script, format).toMatch(/10\.0\.0\.0\/8.*not external: not filtered/);
    }
  });
});

describe('fwlens rules replay (command line)', () => {
  const cli = runFwlens;
  let casePath = '';
  beforeAll(() => {
    casePath = join(t.dir, 'cli.duckdb');
    writeFileSync(join(t.dir, 'cli.log'), REPLAY_LOG);
    expect(cli('import', casePath, join(t.dir, 'cli.log'), '--quiet').status).toBe(0);
  });

  it('--imported replays the ruleset imported into the case; text and JSON reports', () => {
    expect(cli('rules', 'replay', casePath, '--imported').stderr).toMatch(/no imported ruleset.*ruleset import/);
    expect(cli('ruleset', 'import', casePath, join(FIX, 'small-nft-list.txt')).status).toBe(0);
    const j = cli('rules', 'replay', casePath, '--imported', '--json');
    expect(j.status).toBe(0);
    const r = JSON.parse(j.stdout) as RulesetReplayReport;
    expect(summary(r)).toEqual({ accept: '7/12', drop: '3/4', reject: '1/2', unknown: '0/0' });
    const text = cli('rules', 'replay', casePath, join(FIX, 'small.rules')).stdout;
    expect(text).toMatch(/accepted 12 \(66\.7%\), dropped 4 \(22\.2%\), rejected 2 \(11\.1%\), undecided 0/);
    expect(text).toMatch(/2 +\d{4}-\d\d-\d\dT[\d:]+ +output +192\.168\.1\.10 → 9\.9\.9\.9 tcp\/443 .* drop by -A OUTPUT -d 9\.9\.9\.9\/32 -j DROP/);
  });

  it('replays several dumps together: the IPv4 and the IPv6 ruleset of one host', () => {
    const r = cli('rules', 'replay', casePath, join(FIX, 'small.rules'), join(FIX, 'small6.rules'), '--json');
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as RulesetReplayReport;
    expect(summary(rep)).toEqual({ accept: '7/12', drop: '3/4', reject: '1/2', unknown: '0/0' });
    expect(rep.rules.filter((x) => x.family === 'ip6' && x.kind === 'rule').map((x) => x.text)).toEqual([
      '-A INPUT -i lo -j ACCEPT', '-A INPUT -p ipv6-icmp -j ACCEPT', '-A INPUT -s fd00::/64 -p tcp -m tcp --dport 22 -j ACCEPT',
    ]);
  });

  it('says clearly what is wrong with the arguments', () => {
    const none = cli('rules', 'replay', casePath);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/RULES files .* or --imported/);
    writeFileSync(join(t.dir, 'x.rules.json'), JSON.stringify({ kind: 'fwlens-allow', version: 1, default: 'drop', group: 'host', dest: 'address', rules: [] }));
    expect(cli('rules', 'replay', casePath, join(FIX, 'small.rules'), join(t.dir, 'x.rules.json')).stderr).toMatch(/x\.rules\.json: an allow model \(FILE\.rules\.json\) replays on its own/);
    writeFileSync(join(t.dir, 'junk.txt'), 'hello\n');
    expect(cli('rules', 'replay', casePath, join(t.dir, 'junk.txt')).stderr).toMatch(/not a ruleset fwlens reads/);
    expect(cli('rules', 'replay', casePath, join(FIX, 'small.rules'), '--hook', 'prerouting').stderr).toMatch(/--hook is input, output or forward/);
  });
});
