// Ruleset parsers on real dumps: a ruleset loaded in a fresh network namespace, then listed three ways.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iptablesSave } from '../../src-main/ruleset/iptables-save.ts';
import { iptablesList } from '../../src-main/ruleset/iptables-list.ts';
import { nftList } from '../../src-main/ruleset/nft-list.ts';
import { parseRuleset } from '../../src-main/ruleset/parse-ruleset.ts';
import { ROOT } from '../helpers.ts';
import { NEEDS, requires } from '../requires.ts';

const RULES = readFileSync(join(ROOT, 'test/fixtures/ruleset/filter-v4.rules'), 'utf8');
const NFT = `table inet fw {
  set blocked { type ipv4_addr; elements = { 203.0.113.5 } }
  chain input {
    type filter hook input priority 0; policy drop;
    iif "lo" accept
    tcp dport { 22, 80 } counter accept
    log prefix "NFT DROP " drop
  }
}
`;

/** Runs the loaders and listers in a new network namespace (throws when they fail). */
function inNetns(): { save: string; list: string; nft: string } {
  const script = `iptables-restore && echo @@ && iptables-save && echo @@ && iptables -L -v -n --line-numbers -t filter && echo @@ && printf '%s' "$NFT" | nft -f - && nft -a list table inet fw`;
  const r = spawnSync('unshare', ['-n', 'sh', '-c', script], { input: RULES, encoding: 'utf8', env: { ...process.env, NFT } });
  if (r.status !== 0) throw new Error(`loading the ruleset in a namespace failed: ${r.stderr}`);
  const [, save, list, nft] = r.stdout.split('@@\n');
  return { save, list, nft };
}
const realIt = requires(NEEDS.netns, NEEDS.netfilterNs, NEEDS.iptablesRestore);
const real = realIt.reason === null ? inNetns() : null;

const pick = (rows: ReturnType<typeof iptablesSave.parse>) =>
  rows.map((r) => [r.table, r.chain, r.kind, r.position, r.target, r.log_prefix]);
const EXPECTED = [
  ['filter', 'INPUT', 'policy', null, 'DROP', null],
  ['filter', 'FORWARD', 'policy', null, 'DROP', null],
  ['filter', 'OUTPUT', 'policy', null, 'ACCEPT', null],
  ['filter', 'INPUT', 'rule', 1, 'f2b-sshd', null],
  ['filter', 'INPUT', 'rule', 2, 'ACCEPT', null],
  ['filter', 'INPUT', 'rule', 3, 'ACCEPT', null],
  ['filter', 'INPUT', 'rule', 4, 'ACCEPT', null],
  ['filter', 'INPUT', 'rule', 5, 'LOG', 'DRP:INP '],
  ['filter', 'f2b-sshd', 'rule', 1, 'REJECT', null],
];

describe('ruleset parsers', () => {
  it('iptables-save fixture: policies, per-chain positions, targets, log prefix', () => {
    expect(iptablesSave.detect(RULES)).toBe(true);
    const rows = iptablesSave.parse(RULES);
    expect(pick(rows)).toEqual(EXPECTED);
    expect(rows[3]).toMatchObject({ family: 'ip', text: '-A INPUT -p tcp -j f2b-sshd', packets: null });
    expect(parseRuleset(RULES)?.format).toBe('iptables-save');
  });

  it('reads -c counters and NFLOG prefixes', () => {
    const rows = iptablesSave.parse('*filter\n:INPUT ACCEPT [5:300]\n[7:420] -A INPUT -j NFLOG --nflog-prefix "a \\"b\\""\nCOMMIT\n');
    expect(rows[0]).toMatchObject({ kind: 'policy', packets: 5, bytes: 300 });
    expect(rows[1]).toMatchObject({ position: 1, packets: 7, bytes: 420, target: 'NFLOG', log_prefix: 'a "b"' });
  });

  it('nft: chain policy, positions, handles absent; a named set kept as a set row, not a rule', () => {
    expect(nftList.detect(NFT)).toBe(true);
    const rows = nftList.parse(NFT);
    expect(rows.map((r) => [r.family, r.table, r.chain, r.kind, r.position, r.target, r.log_prefix])).toEqual([
      ['inet', 'fw', 'blocked', 'set', null, 'ipv4_addr', null],
      ['inet', 'fw', 'input', 'policy', null, 'drop', null],
      ['inet', 'fw', 'input', 'rule', 1, 'accept', null],
      ['inet', 'fw', 'input', 'rule', 2, 'accept', null],
      ['inet', 'fw', 'input', 'rule', 3, 'drop', 'NFT DROP '],
    ]);
  });

  realIt('real iptables-save output (unshare -n)', () => {
    expect(parseRuleset(real!.save)?.format).toBe('iptables-save');
    expect(pick(iptablesSave.parse(real!.save))).toEqual(EXPECTED);
  });

  realIt('real iptables -L -v -n --line-numbers output (unshare -n)', () => {
    expect(parseRuleset(real!.list)?.format).toBe('iptables-list');
    const rows = iptablesList.parse(real!.list, { table: 'filter' });
    expect(pick(rows).sort()).toEqual([...EXPECTED].sort());
    expect(rows.every((r) => r.family === 'ip' && r.packets === 0)).toBe(true);
    expect(rows.find((r) => r.chain === 'INPUT' && r.position === 4)?.text).toMatch(/^ACCEPT .*tcp dpt:22$/);
  });

  realIt('real nft -a list output (unshare -n): handles and counters', () => {
    expect(parseRuleset(real!.nft)?.format).toBe('nft');
    const rows = nftList.parse(real!.nft).filter((r) => r.kind === 'rule');
    expect(rows.map((r) => [r.position, r.target, r.log_prefix])).toEqual([[1, 'accept', null], [2, 'accept', null], [3, 'drop', 'NFT DROP ']]);
    expect(rows.every((r) => r.handle !== null && r.handle > 0)).toBe(true);
    expect(rows[1].packets).toBe(0);
  });
});
