// The allow model refuses anything that is not a validated value before it can reach a script or the replay SQL.
import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../../src-main/rules/allow-model.ts';
import { renderAllow } from '../../src-main/rules/allow-render.ts';

const ok = { id: 1, family: 4, src: '192.168.1.7/24', proto: 'tcp', dport: 443, dst: ['8.8.8.8'], comment: 'x' };
const rs = (rules: unknown[]) => JSON.stringify({ kind: 'fwlens-allow', version: 1, default: 'drop', group: 'host', dest: 'address', rules });

describe('parseRuleset', () => {
  it('canonicalises CIDRs (host bits cleared, /32 added)', () => {
    expect(parseRuleset(rs([ok])).rules[0]).toMatchObject({ src: '192.168.1.0/24', dst: ['8.8.8.8/32'] });
  });
  it.each([
    [{ ...ok, src: '1.2.3.4; reboot' }, /not a CIDR/],
    [{ ...ok, dst: ['2001:db8::1'] }, /not IPv4/],
    [{ ...ok, dst: [] }, /non-empty/],
    [{ ...ok, dport: 70000 }, /1-65535/],
    [{ ...ok, dport: '22' }, /1-65535/],
    [{ ...ok, proto: 'gre' }, /proto must be/],
    [{ ...ok, proto: 'icmp', dport: 1 }, /only tcp and udp/],
    [{ ...ok, family: 6 }, /not IPv6/],
    [{ ...ok, id: 0 }, /positive/],
  ])('refuses %j', (rule, msg) => {
    expect(() => parseRuleset(rs([rule]))).toThrow(msg);
  });
  it('refuses duplicate ids, other kinds and non-JSON', () => {
    expect(() => parseRuleset(rs([ok, ok]))).toThrow(/unique/);
    expect(() => parseRuleset('{"kind":"other"}')).toThrow(/not an fwlens allow ruleset/);
    expect(() => parseRuleset('table inet x')).toThrow(/not JSON/);
  });
});

describe('renderAllow', () => {
  const hostile = parseRuleset(rs([{ ...ok, comment: 'Evil "Org"; $(reboot) `id`\nflush ruleset' }]));
  it('hostile comments arrive inert in both formats', () => {
    for (const f of ['nft', 'iptables'] as const) {
      const s = renderAllow(f, hostile, 1).script;
      expect(s).not.toMatch(/\$\(|`|flush ruleset\n|"Org"/);
      expect(s).toContain('fwlens-deny: ');
    }
  });
  it('iptables leaves IPv6 rules to ip6tables and says how many', () => {
    const mixed = parseRuleset(rs([ok, { ...ok, id: 2, family: 6, src: 'fd00::1', dst: ['2a00:1450::/32'] }]));
    expect(renderAllow('iptables', mixed, 1).skipped).toBe(1);
    expect(renderAllow('ip6tables', mixed, 1).script).toContain('-A FWLENS-ALLOW -s fd00::1/128 -d 2a00:1450::/32 -p tcp --dport 443');
  });
});
