// A block list whose entries carry their own direction, rendered once and applied for real in a network namespace.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTargets, type BlockEntry, type TargetSet } from '../../src-main/rules/targets.ts';
import { render } from '../../src-main/rules/render.ts';
import type { Direction, RenderOptions } from '../../src-main/rules/render-types.ts';
import { tempDir } from '../helpers.ts';
import { inNs } from '../netns.ts';
import { NEEDS, requires } from '../requires.ts';

const t = tempDir();
afterAll(() => t.cleanup());

function write(name: string, text: string): string {
  const p = join(t.dir, name);
  writeFileSync(p, text);
  return p;
}
const applyIt = requires(NEEDS.netns, NEEDS.netfilterNs, NEEDS.ipset);

/** Each direction's targets built on their own and tagged, as the app's block job does. */
function mixed(parts: Array<[Direction, string[]]>): TargetSet {
  const out: TargetSet = { v4: [], v6: [], dropped: [] };
  for (const [direction, texts] of parts) {
    const b = buildTargets(texts.map((text) => ({ text, why: `${direction} entry` })));
    const tag = (e: BlockEntry) => ({ ...e, direction });
    out.v4.push(...b.v4.map(tag));
    out.v6.push(...b.v6.map(tag));
  }
  return out;
}

const list = mixed([['inbound', ['8.8.4.4', '2606:4700::1']], ['outbound', ['1.1.1.1']], ['forward', ['9.9.9.0/24']]]);
const base: RenderOptions = { direction: 'inbound', reject: false, log: false, now: 1_800_000_000 };

describe('a list mixing directions', () => {
  it('gives every entry the hook of its own direction in each format', () => {
    const nft = render('nft', list, base).script;
    expect(nft).toContain('(nftables, inbound+outbound+forward)');
    expect(nft).toMatch(/chain input \{[^}]*ip saddr @block4_in[^}]*\}/);
    expect(nft).toMatch(/chain output \{[^}]*ip daddr @block4_out[^}]*\}/);
    expect(nft).toMatch(/chain forward \{[^}]*ip saddr @block4_fwd[^}]*ip daddr @block4_fwd[^}]*\}/);
    const ipt = render('iptables-sh', list, base).script.split('\n');
    expect(ipt.find((l) => l.includes('8.8.4.4/32'))).toContain('-s 8.8.4.4/32 -m addrtype --dst-type LOCAL');
    expect(ipt.find((l) => l.includes('1.1.1.1/32'))).toContain('-d 1.1.1.1/32 -m addrtype --src-type LOCAL');
    const ufw = render('ufw', list, base).script.split('\n').filter((l) => l.startsWith('ufw ') && l.includes('comment'));
    expect(ufw.find((l) => l.includes('8.8.4.4'))).toMatch(/^ufw prepend deny from 8\.8\.4\.4\/32 to any /);
    expect(ufw.find((l) => l.includes('1.1.1.1'))).toMatch(/^ufw prepend deny out to 1\.1\.1\.1\/32 /);
    expect(ufw.filter((l) => l.includes('9.9.9.0/24')).every((l) => l.startsWith('ufw route prepend deny'))).toBe(true);
    const pf = render('pf', list, base).script;
    expect(pf).toContain('block drop quick in from <fwlens_block_in> to any');
    expect(pf).toContain('block drop quick out from any to <fwlens_block_out>');
    expect(() => render('firewalld', list, base)).toThrow(/inbound entries only; this list also has 1 outbound and 1 forward/);
  });

  it('renders exactly like a single-direction list when every entry has the script direction', () => {
    const plain = buildTargets([{ text: '8.8.4.4', why: 'x' }, { text: '1.1.1.1', why: 'y' }]);
    const tagged: TargetSet = { ...plain, v4: plain.v4.map((e) => ({ ...e, direction: 'outbound' as const })) };
    for (const f of ['nft', 'iptables', 'ipset', 'ufw', 'pf'] as const) {
      expect(render(f, tagged, base).script).toBe(render(f, plain, { ...base, direction: 'outbound' }).script);
    }
  });

  applyIt('nft: applied, each set holds its own direction\'s entries, and the rollback leaves nothing', () => {
    const out = render('nft', list, base);
    const r = inNs('nft -f "$1"; nft list table inet fwlens; echo ===; nft -f "$2"; nft list tables', write('m.nft', out.script), write('m.nft.rb', out.rollback));
    expect(r.code, r.err).toBe(0);
    const [listed, after] = r.out.split('===');
    expect(listed).toMatch(/set block4_in \{[^}]*8\.8\.4\.4[^}]*\}/);
    expect(listed).toMatch(/set block6_in \{[^}]*2606:4700::1[^}]*\}/);
    expect(listed).toMatch(/set block4_out \{[^}]*1\.1\.1\.1[^}]*\}/);
    expect(listed).toMatch(/set block4_fwd \{[^}]*9\.9\.9\.0\/24[^}]*\}/);
    expect(after).not.toContain('fwlens');
  });

  applyIt('iptables: one chain jumped from the three hooks, rules told apart by addrtype; ip6tables inbound only; rollback leaves nothing', () => {
    const v4 = render('iptables', list, base);
    const v6 = render('ip6tables', list, base);
    const r = inNs(`iptables-restore --noflush < "$1"; ip6tables-restore --noflush < "$2"
      iptables -S; ip6tables -S FWLENS-BLOCK; sh "$3"; sh "$4"; echo ===; iptables -S; ip6tables -S`,
    write('m.v4', v4.script), write('m.v6', v6.script), write('m.v4.rb', v4.rollback), write('m.v6.rb', v6.rollback));
    expect(r.code, r.err).toBe(0);
    const [applied, after] = r.out.split('===');
    for (const hook of ['INPUT', 'OUTPUT', 'FORWARD']) expect(applied).toContain(`-A ${hook} -j FWLENS-BLOCK`);
    expect(applied).toMatch(/-A FWLENS-BLOCK -s 8\.8\.4\.4\/32 -m addrtype --dst-type LOCAL .*-j DROP/);
    expect(applied).toMatch(/-A FWLENS-BLOCK -d 1\.1\.1\.1\/32 -m addrtype --src-type LOCAL .*-j DROP/);
    expect(applied).toMatch(/-A FWLENS-BLOCK -s 9\.9\.9\.0\/24 -m addrtype ! --dst-type LOCAL .*-j DROP/);
    // The IPv6 part holds inbound entries only: a plain inbound list, jumped from INPUT alone.
    expect(applied).toMatch(/-A FWLENS-BLOCK -s 2606:4700::1\/128 -m comment .*-j DROP/);
    expect(after).not.toContain('FWLENS');
  });

  applyIt('ipset: a pair of sets per direction, rules on their hooks, and the rollback destroys them all', () => {
    const out = render('ipset', list, base);
    const r = inNs(`ipset restore < "$1"; iptables-restore --noflush < "$2"; ip6tables-restore --noflush < "$3"
      ipset list -n; iptables -S; sh "$4"; echo ===; ipset list -n; iptables -S; ip6tables -S`,
    write('m.ipset', out.script), write('m.x4', out.extras![0].text), write('m.x6', out.extras![1].text), write('m.rb', out.rollback));
    expect(r.code, r.err).toBe(0);
    const [applied, after] = r.out.split('===');
    expect(applied.split('\n').filter((l) => l.startsWith('fwlens-block')).sort()).toEqual(
      ['fwlens-block4-fwd', 'fwlens-block4-in', 'fwlens-block4-out', 'fwlens-block6-fwd', 'fwlens-block6-in', 'fwlens-block6-out']);
    expect(applied).toMatch(/--match-set fwlens-block4-out dst -m addrtype --src-type LOCAL/);
    expect(after).not.toContain('fwlens');
  });
});
