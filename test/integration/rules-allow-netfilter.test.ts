// Generated allow-lists accepted by the real tools in a network namespace, and the CLI from import to replay.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAllow } from '../../src-main/rules/allow-render.ts';
import type { AllowRuleset } from '../../src-main/rules/allow-model.ts';
import { ROOT, tempDir, runFwlens } from '../helpers.ts';
import { inNs } from '../netns.ts';
import { NEEDS, requires } from '../requires.ts';

const t = tempDir();
afterAll(() => t.cleanup());

const nsIt = requires(NEEDS.netns, NEEDS.nft, NEEDS.iptablesRestore, NEEDS.ip6tablesRestore);
const applyIt = requires(NEEDS.netns, NEEDS.netfilterNs);

function write(name: string, text: string): string {
  const p = join(t.dir, name);
  writeFileSync(p, text);
  return p;
}

// Every shape the model allows: several CIDRs (an ASN), any port, icmp, IPv6, and an org name that tries to escape.
const RS: AllowRuleset = {
  kind: 'fwlens-allow', version: 1, default: 'drop', group: 'host', dest: 'asn',
  passthrough: ['10.0.0.0/8', '192.168.0.0/16', '224.0.0.0/4', 'fc00::/7', 'fe80::/10'],
  rules: [
    { id: 1, family: 4, src: '192.168.1.10/32', proto: 'tcp', dport: 443, dst: ['8.8.4.0/24', '8.8.8.0/24', '8.34.208.0/20'], comment: 'AS15169 Google' },
    { id: 2, family: 4, src: '192.168.1.0/24', proto: 'udp', dport: 53, dst: ['9.9.9.9/32'], comment: 'evil_ _(reboot)_' },
    { id: 3, family: 4, src: '0.0.0.0/0', proto: 'icmp', dport: null, dst: ['0.0.0.0/0'], comment: '' },
    { id: 4, family: 6, src: 'fd00::10/128', proto: 'tcp', dport: 443, dst: ['2a00:1450::/32'], comment: 'v6' },
    { id: 5, family: 6, src: 'fd00::/64', proto: 'icmpv6', dport: null, dst: ['::/0'], comment: '' },
  ],
};

describe('allow-lists and the real netfilter tools', () => {
  nsIt('nft -c -f accepts the nftables list', () => {
    const r = inNs('nft -c -f "$1"', write('allow.nft', renderAllow('nft', RS, 1700000000).script));
    expect(r.code, r.err).toBe(0);
  });
  nsIt('iptables-restore --test and ip6tables-restore --test accept their lists', () => {
    const v4 = write('allow.rules', renderAllow('iptables', RS, 1700000000).script);
    const v6 = write('allow.rules6', renderAllow('ip6tables', RS, 1700000000).script);
    const r = inNs('iptables-restore --test --noflush < "$1" && ip6tables-restore --test --noflush < "$2"', v4, v6);
    expect(r.code, r.err).toBe(0);
  });
  applyIt('applied for real: policy drop, the accepts, the deny log; rollback removes the table', () => {
    const out = renderAllow('nft', RS, 1700000000);
    const r = inNs('nft -f "$1"; nft list table inet fwlens_allow; echo ===; nft -f "$2"; nft list tables', write('b.nft', out.script), write('b.nft.rollback', out.rollback));
    expect(r.code, r.err).toBe(0);
    const [listed, after] = r.out.split('===');
    expect(listed).toContain('policy drop');
    expect(listed).toMatch(/ip saddr 192\.168\.1\.10 ip daddr \{ 8\.8\.4\.0\/24, 8\.8\.8\.0\/24, 8\.34\.208\.0\/20 \} tcp dport 443/);
    expect(listed).toContain('log prefix "fwlens-deny: "');
    expect(after).not.toContain('fwlens_allow');
  });
});

describe('fwlens rules allow / replay from the command line', () => {
  const fw = runFwlens;
  const line = (d: number, m: number, src: string, dst: string, dport: number) =>
    `2024-03-${d}T10:${String(m).padStart(2, '0')}:00Z fw kernel: OUT-OK IN= OUT=eth0 SRC=${src} DST=${dst} LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 PROTO=TCP SPT=40000 DPT=${dport} WINDOW=64240 RES=0x00 SYN URGP=0`;

  it('allow --out writes script, rollback and FILE.rules.json; replay reports the new destination', () => {
    const casePath = join(t.dir, 'cli.duckdb');
    const day1 = write('d1.log', [line(14, 0, '192.168.1.10', '8.8.8.8', 443), line(14, 1, '192.168.1.10', '8.8.8.8', 443)].join('\n') + '\n');
    const day2 = write('d2.log', [line(15, 0, '192.168.1.10', '9.9.9.9', 443)].join('\n') + '\n');
    expect(fw('import', casePath, day1, '--tz', 'UTC', '--quiet').status).toBe(0);
    const out = join(t.dir, 'cli.nft');
    const a = fw('rules', 'allow', casePath, '--format', 'nft', '--out', out);
    expect(a.status, a.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('ip saddr 192.168.1.10/32 ip daddr 8.8.8.8/32 tcp dport 443 counter accept');
    expect(JSON.parse(readFileSync(`${out}.rules.json`, 'utf8')).rules).toHaveLength(1);
    expect(fw('import', casePath, day2, '--tz', 'UTC', '--quiet').status).toBe(0);
    const r = fw('rules', 'replay', casePath, `${out}.rules.json`, '--json');
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.rules).toEqual([expect.objectContaining({ id: 1, flows: 1, records: 2 })]);
    expect(rep.dropped).toEqual({ flows: 1, records: 1, groups: 1 });
    expect(rep.drops[0]).toMatchObject({ src: '192.168.1.10', dst: '9.9.9.9', dport: 443, records: 1 });
    // The nft script itself replays to the same drop through the first-match evaluator.
    const viaScript = fw('rules', 'replay', casePath, out, '--json');
    expect(viaScript.status, viaScript.stderr).toBe(0);
    expect(JSON.parse(viaScript.stdout).blocked).toEqual([expect.objectContaining({ src: '192.168.1.10', dst: '9.9.9.9', dport: 443, hook: 'output', records: 1 })]);
    write('broken.rules.json', '{ "kind": "fwlens-allow", ');
    const bad = fw('rules', 'replay', casePath, join(t.dir, 'broken.rules.json'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/broken\.rules\.json: not JSON/);
  });
});
