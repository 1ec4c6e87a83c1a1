// Block scripts applied for real in a network namespace: applied twice with different lists each format keeps
// only the second list and one jump; ipset logs before it drops; ufw takes the rules empty or populated.
import { afterAll, describe, expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTargets } from '../../src-main/rules/targets.ts';
import { render } from '../../src-main/rules/render.ts';
import { restoreApply } from '../../src-main/rules/render-iptables.ts';
import type { RenderOptions } from '../../src-main/rules/render-types.ts';
import { tempDir } from '../helpers.ts';
import { inNsFiles } from '../netns.ts';
import { NEEDS, requires, which, type Need } from '../requires.ts';

const t = tempDir();
afterAll(() => t.cleanup());
// Where a private tmpfs is mounted for ufw (not over the folder that holds the scripts).
const MNT = join(t.dir, 'mnt');
mkdirSync(MNT);

let n = 0;
function write(text: string): string {
  const p = join(t.dir, `f${n++}`);
  writeFileSync(p, text);
  return p;
}

// ufw keeps its rules in /etc/ufw: it runs on a private copy (tmpfs in a mount namespace of its own).
const UFW_PRIVATE = 'mount -t tmpfs none "$1" && cp -a /etc/ufw "$1/ufw" && mount --bind "$1/ufw" /etc/ufw';
const ufwNs: Need = {
  what: 'ufw on a private /etc/ufw in a mount + network namespace',
  fix: 'run as root with the Debian package ufw installed (npm run setup:test)',
  present: () => which('ufw') !== null && inNsFiles(`${UFW_PRIVATE} && ufw status`, [MNT], true).code === 0,
};

const applyIt = requires(NEEDS.netns, NEEDS.netfilterNs, NEEDS.ipset);
const ufwIt = requires(NEEDS.netns, NEEDS.netfilterNs, ufwNs);

const FIRST = buildTargets(['8.8.4.0/24', '1.1.1.1', '2a00:1450::/32'].map((text) => ({ text, why: 'first list' })));
const SECOND = buildTargets(['9.9.9.9', '2606:4700::/32'].map((text) => ({ text, why: 'second list' })));
const base: RenderOptions = { direction: 'inbound', reject: false, log: false, now: 1_700_000_000 };

describe('applied twice with different lists: only the second list, one jump, and the rollback leaves nothing', () => {
  for (const [format, tool] of [['iptables', 'iptables'], ['ip6tables', 'ip6tables']] as const) {
    applyIt(`${format} (restore input), with the apply command its header gives`, () => {
      const a = render(format, FIRST, { ...base, log: true });
      const b = render(format, SECOND, base);
      expect(a.script.split('\n')[0]).toContain(restoreApply(tool, 'FWLENS-BLOCK', 'FILE'));
      const r = inNsFiles(`${restoreApply(tool, 'FWLENS-BLOCK', '"$1"')}\n${restoreApply(tool, 'FWLENS-BLOCK', '"$2"')}
        ${tool} -S; echo ===; sh "$3"; ${tool} -S`, [write(a.script), write(b.script), write(b.rollback)]);
      expect(r.code, r.err).toBe(0);
      const [applied, after] = r.out.split('===');
      // As in `iptables -S | grep -c 'j FWLENS'`.
      expect(applied.match(/j FWLENS/g)).toHaveLength(1);
      expect(applied).toContain('-A INPUT -j FWLENS-BLOCK');
      expect(applied).toContain(format === 'iptables' ? '9.9.9.9/32' : '2606:4700::/32');
      expect(applied).not.toMatch(/8\.8\.4\.0|1\.1\.1\.1|2a00:1450|LOG/);
      expect(after).not.toContain('FWLENS');
    });
  }

  for (const [format, tool] of [['iptables-sh', 'iptables'], ['ip6tables-sh', 'ip6tables']] as const) {
    applyIt(`${format}: run twice (the second time outbound), no "Chain already exists"`, () => {
      const a = render(format, FIRST, base);
      const b = render(format, SECOND, { ...base, direction: 'outbound' });
      const r = inNsFiles(`sh "$1"; sh "$2"; ${tool} -S; echo ===; sh "$3"; ${tool} -S`, [write(a.script), write(b.script), write(b.rollback)]);
      expect(r.code, r.err).toBe(0);
      const [applied, after] = r.out.split('===');
      expect(applied.split('\n').filter((l) => /-j FWLENS-BLOCK$/.test(l))).toEqual(['-A OUTPUT -j FWLENS-BLOCK']);
      expect(applied).toContain(format === 'iptables-sh' ? '-A FWLENS-BLOCK -d 9.9.9.9/32' : '-A FWLENS-BLOCK -d 2606:4700::/32');
      expect(applied).not.toMatch(/8\.8\.4\.0|1\.1\.1\.1|2a00:1450/);
      expect(after).not.toContain('FWLENS');
      expect(r.err).toBe('');
    });
  }

  applyIt('nft: nft -f twice replaces the table', () => {
    const a = render('nft', FIRST, base);
    const b = render('nft', SECOND, base);
    const r = inNsFiles('nft -f "$1"; nft -f "$2"; nft list ruleset; echo ===; nft -f "$3"; nft list ruleset', [write(a.script), write(b.script), write(b.rollback)]);
    expect(r.code, r.err).toBe(0);
    const [applied, after] = r.out.split('===');
    expect(applied).toContain('9.9.9.9');
    expect(applied).toContain('2606:4700::/32');
    expect(applied).not.toMatch(/8\.8\.4\.0|1\.1\.1\.1|2a00:1450/);
    expect(applied.match(/hook input/g)).toHaveLength(1);
    expect(after).not.toContain('fwlens');
  });

  applyIt('ipset: the sets are replaced (also when the options change) and the rules that use them are there once', () => {
    const a = render('ipset', FIRST, { ...base, log: true, expire: 600 });
    const b = render('ipset', SECOND, { ...base, log: true });
    const apply = (out: ReturnType<typeof render>, i: number) => `ipset restore < "$${i}"
      ${restoreApply('iptables', 'FWLENS-IPSET', `"$${i + 1}"`)}
      ${restoreApply('ip6tables', 'FWLENS-IPSET', `"$${i + 2}"`)}`;
    const files = [a, b].flatMap((o) => [write(o.script), write(o.extras![0].text), write(o.extras![1].text)]);
    const r = inNsFiles(`${apply(a, 1)}\n${apply(b, 4)}
      ipset list; iptables -S; ip6tables -S; echo ===; sh "$7"; ipset list -n; iptables -S; ip6tables -S`, [...files, write(b.rollback)]);
    expect(r.code, r.err).toBe(0);
    const [applied, after] = r.out.split('===');
    expect(applied).toContain('9.9.9.9');
    expect(applied).toContain('2606:4700::/32');
    expect(applied).not.toMatch(/8\.8\.4\.0|1\.1\.1\.1|2a00:1450/);
    expect(applied.split('\n').filter((l) => l === '-A INPUT -j FWLENS-IPSET')).toHaveLength(2); // one per family
    expect(applied.split('\n').filter((l) => l.includes('--match-set fwlens-block4 src'))).toHaveLength(2); // LOG + DROP
    expect(after).not.toMatch(/fwlens|FWLENS/);
  });
});

describe('ipset with --log logs before it drops', () => {
  applyIt('LOG comes before DROP for each set, and real packets hit both', () => {
    const out = render('ipset', FIRST, { ...base, direction: 'outbound', log: true });
    // A routable interface so packets to the set's members leave through OUTPUT.
    const r = inNsFiles(`ip link add v0 type veth peer name v1 && ip addr add 81.2.69.10/24 dev v0 && ip link set v0 up && ip link set v1 up && ip route add default via 81.2.69.254
      ipset restore < "$1"; iptables-restore --noflush < "$2"
      iptables -S FWLENS-IPSET; echo ===
      for i in 1 2 3; do echo x 2>/dev/null > /dev/udp/8.8.4.1/53 || true; done
      iptables -L FWLENS-IPSET -v -n -x; echo ===; sh "$3"; iptables -S`, [write(out.script), write(out.extras![0].text), write(out.rollback)]);
    expect(r.code, r.err).toBe(0);
    const [rules, counters, after] = r.out.split('===');
    const order = rules.split('\n').filter((l) => l.includes('fwlens-block4')).map((l) => / -j (\w+)/.exec(l)![1]);
    expect(order).toEqual(['LOG', 'DROP']);
    const pkts = (target: string) => Number(counters.split('\n').find((l) => l.trim().split(/\s+/)[2] === target)!.trim().split(/\s+/)[0]);
    expect(pkts('LOG')).toBe(3);
    expect(pkts('DROP')).toBe(3);
    expect(after).not.toContain('FWLENS');
  });
});

describe('ufw', () => {
  ufwIt('the script works on an empty ufw and on a populated one, run again replaces its rules, the rollback leaves the others', () => {
    const a = render('ufw', FIRST, { ...base, port: 22 });
    const b = render('ufw', SECOND, { ...base, port: 22 });
    const r = inNsFiles(`${UFW_PRIVATE}
      ufw --force enable >/dev/null
      sh "$2" >/dev/null
      ufw allow 80/tcp >/dev/null
      sh "$3" >/dev/null
      ufw status numbered; echo ===; sh "$4" >/dev/null; ufw status numbered`, [MNT, write(a.script), write(b.script), write(b.rollback)], true);
    expect(r.code, r.err).toBe(0);
    const [applied, after] = r.out.split('===');
    const rows = applied.split('\n').filter((l) => /^\[ *\d+\]/.test(l));
    // The second list, first among its family; the first list gone; the admin's own rule kept.
    expect(rows.map((l) => l.replace(/^\[ *\d+\] +/, '').replace(/\s+/g, ' ').trim())).toEqual([
      '22/tcp DENY IN 9.9.9.9 # fwlens: second list', '80/tcp ALLOW IN Anywhere', '22/tcp DENY IN 2606:4700::/32 # fwlens: second list', '80/tcp (v6) ALLOW IN Anywhere (v6)']);
    expect(after).not.toContain('fwlens');
    expect(after).toContain('80/tcp');
  });

  ufwIt('on an inactive ufw with no rules at all', () => {
    const out = render('ufw', FIRST, { ...base, direction: 'outbound' });
    const r = inNsFiles(`${UFW_PRIVATE}\nsh "$2"; ufw show added`, [MNT, write(out.script)], true);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("ufw deny out to 8.8.4.0/24 comment 'fwlens: first list'");
    expect(r.out).toContain("ufw deny out to 2a00:1450::/32 comment 'fwlens: first list'");
  });
});
