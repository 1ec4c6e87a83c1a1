import { describe, it, expect } from 'vitest';
import { parseCidr, addressNumber, numberToAddress } from '../../src-main/enrich/cidr.ts';
import { ScopeClassifier, parseNetworkList } from '../../src-main/enrich/address-scope.ts';

const scopeOf = (a: string, c = new ScopeClassifier()) => {
  const n = addressNumber(a)!;
  return c.classify(n.family, n.n);
};

describe('parseCidr', () => {
  it('clears host bits and gives the inclusive range', () => {
    const c = parseCidr('192.168.1.77/24')!;
    expect(c.text).toBe('192.168.1.0/24');
    expect(numberToAddress(c.lo, 4)).toBe('192.168.1.0');
    expect(numberToAddress(c.hi, 4)).toBe('192.168.1.255');
    const v6 = parseCidr('2001:DB8:0:0:1::/48')!;
    expect(v6.text).toBe('2001:db8::/48');
    expect(numberToAddress(v6.hi, 6)).toBe('2001:db8:0:ffff:ffff:ffff:ffff:ffff');
  });
  it('reads a bare address as a single host, and refuses what is not a CIDR', () => {
    expect(parseCidr('10.1.2.3')!.prefix).toBe(32);
    expect(parseCidr('::1')!.prefix).toBe(128);
    for (const bad of ['10.0.0.0/33', '10.0.0/8', '::/129', 'example.com', '10.0.0.0/x', '']) expect(parseCidr(bad), bad).toBeNull();
  });
});

describe('address scope', () => {
  it.each([
    ['10.20.30.40', 'internal'], ['172.31.255.255', 'internal'], ['172.32.0.1', 'external'], ['192.168.0.1', 'internal'],
    ['100.64.0.1', 'internal'], ['100.128.0.1', 'external'], ['fd12:3456::1', 'internal'], ['127.0.0.53', 'loopback'],
    ['::1', 'loopback'], ['169.254.1.1', 'link-local'], ['fe80::1', 'link-local'], ['224.0.0.251', 'multicast'],
    ['ff02::fb', 'multicast'], ['255.255.255.255', 'broadcast'], ['192.0.2.1', 'documentation'], ['2001:db8::1', 'documentation'],
    ['198.18.0.1', 'documentation'], ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['::ffff:1.2.3.4', 'ipv4-mapped'],
    ['240.0.0.1', 'reserved'], ['8.8.8.8', 'external'], ['2a00:1450::1', 'external'],
  ])('%s is %s', (a, scope) => expect(scopeOf(a)).toBe(scope));

  it("the case's own networks count as internal, ahead of everything else", () => {
    const c = new ScopeClassifier(parseNetworkList('198.51.100.0/24, 2a01:4f8:1::/48'));
    expect(scopeOf('198.51.100.7', c)).toBe('internal');
    expect(scopeOf('2a01:4f8:1::9', c)).toBe('internal');
    expect(scopeOf('2a01:4f8:2::9', c)).toBe('external');
    expect(() => parseNetworkList('10.0.0.0/8 nonsense')).toThrow(/"nonsense" is not an address or CIDR/);
  });
});
