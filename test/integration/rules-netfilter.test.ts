// Generated block lists against the real netfilter tools, each run in a fresh network namespace (unshare -n).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTargets } from '../../src-main/rules/targets.ts';
import { render, type Format } from '../../src-main/rules/render.ts';
import type { RenderOptions } from '../../src-main/rules/render-types.ts';
import { ROOT, freshCase, tempDir, runFwlens } from '../helpers.ts';
import { inNs } from '../netns.ts';
import { NEEDS, requires } from '../requires.ts';

const t = tempDir();
afterAll(() => t.cleanup());

// Checking needs the tools and a namespace; applying also needs the kernel to take netfilter state there.
const nsIt = requires(NEEDS.netns, NEEDS.iptablesRestore, NEEDS.ip6tablesRestore, NEEDS.nft, NEEDS.ipset);
const applyIt = requires(NEEDS.netns, NEEDS.netfilterNs, NEEDS.ipset);

const targets = buildTargets([
  { text: '8.8.4.0/25', why: `Evil "Org"; $(reboot)` }, { text: '8.8.4.128/25', why: 'second half' },
  { text: '1.1.1.1', why: 'AS13335 Cloudflare, Inc.' }, { text: '2a00:1450::/32', why: "Google LLC 'v6'" },
  { text: '2606:4700::1', why: 'cf v6' }, { text: '10.0.0.0/8', why: 'internal, dropped' },
]);
const VARIANTS: Array<[string, Partial<RenderOptions>]> = [
  ['inbound drop', {}],
  ['inbound reject+log tcp/22 expiring', { reject: true, log: true, port: 22, proto: 'tcp', expire: 7 * 86400 }],
  ['outbound udp/53', { direction: 'outbound', port: 53, proto: 'udp' }],
  ['forward reject, proto only', { direction: 'forward', reject: true, proto: 'udp' }],
];
const base: RenderOptions = { direction: 'inbound', reject: false, log: false, now: Math.floor(Date.now() / 1000) };

function write(name: string, text: string): string {
  const p = join(t.dir, name);
  writeFileSync(p, text);
  return p;
}

describe('syntax accepted by the real tools', () => {
  VARIANTS.forEach(([label, extra], i) => {
    const o = { ...base, ...extra };
    nsIt(`iptables-restore --test / ip6tables-restore --test: ${label}`, () => {
      const v4 = write(`v4-${i}.rules`, render('iptables', targets, o).script);
      const v6 = write(`v6-${i}.rules`, render('ip6tables', targets, o).script);
      const r = inNs('iptables-restore --test --noflush < "$1" && ip6tables-restore --test --noflush < "$2"', v4, v6);
      expect(r.code, r.err).toBe(0);
    });
    nsIt(`nft -c -f: ${label}`, () => {
      const f = write(`block-${i}.nft`, render('nft', targets, o).script);
      const r = inNs('nft -c -f "$1"', f);
      expect(r.code, r.err).toBe(0);
    });
    nsIt(`ipset restore, then the iptables rules that use the sets: ${label}`, () => {
      const out = render('ipset', targets, o);
      const f = write(`block-${i}.ipset`, out.script);
      const x4 = write(`block-${i}.ipset.iptables`, out.extras![0].text);
      const x6 = write(`block-${i}.ipset.ip6tables`, out.extras![1].text);
      const r = inNs('ipset restore < "$1" && iptables-restore --test --noflush < "$2" && ip6tables-restore --test --noflush < "$3"', f, x4, x6);
      expect(r.code, r.err).toBe(0);
    });
  });
});

describe('apply and roll back for real in one namespace', () => {
  applyIt('nft -f block then rollback leaves no fwlens table, and the elements carry timeout and comment', () => {
    const out = render('nft', targets, { ...base, expire: 86400 });
    const r = inNs('nft -f "$1"; nft list table inet fwlens; echo ===; nft -f "$2"; nft list tables', write('a.nft', out.script), write('a.nft.rollback', out.rollback));
    expect(r.code, r.err).toBe(0);
    const [listed, after] = r.out.split('===');
    expect(listed).toContain('8.8.4.0/24 timeout 1d expires');
    expect(listed).toContain('comment "fwlens: Evil _Org__ _(reboot), second half"');
    expect(listed).toContain('2a00:1450::/32');
    expect(after).not.toContain('fwlens');
  });

  applyIt('iptables-restore --noflush apply then the rollback shell leaves no FWLENS-BLOCK chain (both families)', () => {
    const o = { ...base, log: true, reject: true, port: 443, expire: 3600 };
    const v4 = render('iptables', targets, o);
    const v6 = render('ip6tables', targets, o);
    const r = inNs(`iptables-restore --noflush < "$1"; ip6tables-restore --noflush < "$2"
      iptables -S FWLENS-BLOCK | grep -c -- '-A FWLENS-BLOCK'; iptables -S INPUT
      sh "$3"; sh "$4"; echo ===; iptables -S; ip6tables -S`,
    write('a.v4', v4.script), write('a.v6', v6.script), write('a.v4.rb', v4.rollback), write('a.v6.rb', v6.rollback));
    expect(r.code, r.err).toBe(0);
    const [before, after] = r.out.split('===');
    expect(before).toMatch(/^4\n/); // 1.1.1.1/32 and 8.8.4.0/24, each LOG + REJECT
    expect(before).toContain('-A INPUT -j FWLENS-BLOCK');
    expect(after).not.toContain('FWLENS-BLOCK');
    expect(r.err).toBe('');
  });

  applyIt('applying a restore file twice then rolling back still leaves nothing', () => {
    const out = render('iptables', targets, base);
    const r = inNs('iptables-restore --noflush < "$1"; iptables-restore --noflush < "$1"; sh "$2"; echo ===; iptables -S', write('e.v4', out.script), write('e.rb', out.rollback));
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('===')[1]).not.toContain('FWLENS');
  });

  applyIt('the iptables shell script applies and rolls back cleanly', () => {
    const out = render('iptables-sh', targets, { ...base, direction: 'forward' });
    const r = inNs('sh "$1"; iptables -S FWLENS-BLOCK | wc -l; sh "$2"; echo ===; iptables -S', write('b.sh', out.script), write('b.rb', out.rollback));
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('===')[0].trim()).toBe('5'); // -N plus -s and -d for two CIDRs
    expect(r.out.split('===')[1]).not.toContain('FWLENS');
  });

  applyIt('the expiry sweep removes exactly the expired rules from a live chain', () => {
    const expired = render('iptables', targets, { ...base, now: 1_000_000, expire: 60 });
    const r = inNs(`iptables-restore --noflush < "$1"
      iptables -w -A FWLENS-BLOCK -s 9.9.9.9/32 -m comment --comment "fwlens: keep expires=99999999999" -j DROP
      iptables -w -A FWLENS-BLOCK -s 9.9.9.10/32 -m comment --comment "fwlens: no expiry" -j DROP
      bash "$2" >/dev/null; iptables -S FWLENS-BLOCK`, write('c.v4', expired.script), write('c.sweep', expired.sweep!));
    expect(r.code, r.err).toBe(0);
    const rules = r.out.split('\n').filter((l) => l.startsWith('-A FWLENS-BLOCK'));
    expect(rules.map((l) => l.split(' ')[3])).toEqual(['9.9.9.9/32', '9.9.9.10/32']);
  });

  applyIt('ipset apply then rollback removes the rules first and destroys both sets', () => {
    const out = render('ipset', targets, { ...base, expire: 600, log: true });
    const r = inNs(`ipset restore < "$1"; iptables-restore --noflush < "$2"; ip6tables-restore --noflush < "$3"
      ipset list fwlens-block4 | grep -c timeout; sh "$4"; echo ===; ipset list -n; iptables -S; ip6tables -S`,
    write('d.ipset', out.script), write('d.x4', out.extras![0].text), write('d.x6', out.extras![1].text), write('d.rb', out.rollback));
    expect(r.code, r.err).toBe(0);
    const after = r.out.split('===')[1];
    expect(after).not.toContain('fwlens');
  });
});

describe('formats without local tools: line shapes', () => {
  const o = { ...base, port: 22, reject: true };
  it('ufw', () => {
    const out = render('ufw', targets, o);
    const lines = out.script.split('\n').filter((l) => l.startsWith('ufw '));
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatch(/^ufw prepend reject from [0-9a-f.:]+\/\d+ to any port 22 proto tcp comment 'fwlens: [A-Za-z0-9 ._,:/@()+-]*'$/);
    expect(out.rollback.split('\n').filter((l) => l.startsWith('ufw '))).toHaveLength(4);
    for (const l of out.rollback.split('\n').filter((l) => l.startsWith('ufw '))) expect(l).toMatch(/^ufw delete reject from \S+ to any port 22 proto tcp$/);
  });
  it('firewalld', () => {
    const out = render('firewalld', targets, o);
    const lines = out.script.split('\n').filter((l) => l.startsWith('firewall-cmd'));
    expect(lines[0]).toBe('firewall-cmd --permanent --info-ipset=fwlens-block4 >/dev/null 2>&1 || firewall-cmd --permanent --new-ipset=fwlens-block4 --type=hash:net --family=inet');
    expect(lines).toContain('firewall-cmd --permanent --ipset=fwlens-block4 --add-entry=8.8.4.0/24');
    expect(lines).toContain(`firewall-cmd --permanent --add-rich-rule='rule family="ipv6" source ipset="fwlens-block6" port port="22" protocol="tcp" reject'`);
    expect(out.rollback).toContain('--delete-ipset=fwlens-block6');
    const plain = render('firewalld', targets, base);
    expect(plain.script).toContain('firewall-cmd --permanent --zone=drop --add-source=ipset:fwlens-block4');
    expect(() => render('firewalld', targets, { ...base, direction: 'outbound' })).toThrow(/inbound only/);
  });
  it('pf', () => {
    const out = render('pf', targets, { ...o, log: true });
    expect(out.script).toMatch(/^table <fwlens_block> persist \{ 1\.1\.1\.1\/32, 8\.8\.4\.0\/24, 2606:4700::1\/128, 2a00:1450::\/32 \}$/m);
    expect(out.script).toMatch(/^block return log quick in proto tcp from <fwlens_block> to any port 22$/m);
    expect(out.rollback).toContain('pfctl -a fwlens -t fwlens_block -T kill');
  });
});

describe('fwlens rules block (CLI)', () => {
  let kase: string;
  beforeAll(async () => {
    kase = join(t.dir, 'case.duckdb');
    (await freshCase(t.dir)).close();
  });
  const cli = runFwlens;

  it('writes the script and its twins with --out, and reports what it left out', () => {
    const out = join(t.dir, 'cli.rules');
    const r = cli('rules', 'block', kase, '--format', 'iptables', '--targets', '8.8.4.0/25, 8.8.4.128/25,192.168.1.1,junk,2a00::/16', '--expire', '1d', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('left out 192.168.1.1: internal');
    expect(r.stderr).toContain('left out junk: not an address or CIDR');
    expect(r.stderr).toContain('1 entry of the other IP family left out (use ip6tables)');
    expect(readFileSync(out, 'utf8')).toMatch(/-A FWLENS-BLOCK -s 8\.8\.4\.0\/24 -m comment --comment "fwlens: selected expires=\d+" -j DROP/);
    expect(existsSync(`${out}.rollback`) && existsSync(`${out}.sweep`)).toBe(true);
  });

  it('prints to stdout, takes --sql, and refuses bad options', () => {
    const r = cli('rules', 'block', kase, '--format', 'nft', '--sql', `SELECT * FROM (VALUES ('1.1.1.1'), ('1.1.1.1'), ('9.9.9.9')) v(peer)`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('1.1.1.1/32 comment "fwlens: query peer"');
    expect(r.stderr).toContain('left out 1.1.1.1: duplicate');
    expect(cli('rules', 'block', kase, '--format', 'nope', '--targets', '1.1.1.1').status).toBe(2);
    expect(cli('rules', 'block', kase, '--format', 'nft', '--targets', '1.1.1.1', '--port', '70000').status).toBe(2);
    expect(cli('rules', 'block', kase, '--format', 'nft', '--targets', '1.1.1.1', '--expire', 'soon').status).toBe(2);
  });
});
