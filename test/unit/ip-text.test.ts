// IP text helpers: RFC 5952 canonical form, strict validation and numeric values.
import { describe, expect, it } from 'vitest';
import { canonicalIPv6, ipv4ToNumber, ipv6ToBigInt, isIPv4, isIPv6 } from '../../src-main/parse/ip-text.ts';

describe('canonicalIPv6', () => {
  // Examples from RFC 5952 §4 (each "should" rule) and the kernel's uncompressed %pI6 output.
  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'], // §4.1 leading zeros, §4.2.1 longest run
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8::0:1', '2001:db8::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2 a single 0 group is not shortened
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // §4.2.3 the longest run
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // §4.2.3 the first of equal runs
    ['2001:DB8::AAAA', '2001:db8::aaaa'], // §4.3 lower case
    ['fe80:0000:0000:0000:823f:5dff:fe87:e293', 'fe80::823f:5dff:fe87:e293'],
    ['ff02:0000:0000:0000:0000:0000:0000:0001', 'ff02::1'],
    ['0000:0000:0000:0000:0000:0000:0000:0000', '::'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
    ['0001:0000:0000:0000:0000:0000:0000:0000', '1::'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'], // §5 IPv4-mapped keeps the dotted tail
    ['0:0:0:0:0:ffff:c000:0201', '::ffff:192.0.2.1'],
    ['2a0a:1580::a', '2a0a:1580::a'],
  ])('canonicalIPv6(%s) is %s', (input, want) => {
    expect(canonicalIPv6(input)).toBe(want);
  });

  it.each([
    '', ':', '1.2.3.4', '2001:db8::1::2', '2001:db8:0:0:0:0:0:0:1', '2001:db8:0:0:0:0:1', '12345::1',
    '2001:db8:::1', 'g::1', '2001:db8::1:', ':2001:db8::1', '1:2:3:4:5:6:7:8::', '::ffff:1.2.3',
  ])('canonicalIPv6 refuses %j', (bad) => {
    expect(canonicalIPv6(bad)).toBeNull();
    expect(isIPv6(bad)).toBe(false);
  });
});

describe('isIPv4', () => {
  it.each(['0.0.0.0', '255.255.255.255', '10.11.12.13', '192.168.10.55'])('accepts %s', (ip) => {
    expect(isIPv4(ip)).toBe(true);
  });
  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.', '.1.2.3', '01.2.3.4', '1.2.3.4 ', 'a.b.c.d', '1..2.3'])(
    'refuses %j', (ip) => {
      expect(isIPv4(ip)).toBe(false);
    });
});

describe('numeric forms', () => {
  it('ipv4ToNumber is the unsigned 32-bit value', () => {
    expect(ipv4ToNumber('0.0.0.0')).toBe(0);
    expect(ipv4ToNumber('10.0.0.1')).toBe(0x0a000001);
    expect(ipv4ToNumber('255.255.255.255')).toBe(0xffffffff);
    expect(() => ipv4ToNumber('1.2.3')).toThrow(RangeError);
  });

  it('ipv6ToBigInt is the 128-bit value, whatever the text form', () => {
    expect(ipv6ToBigInt('::')).toBe(0n);
    expect(ipv6ToBigInt('::1')).toBe(1n);
    expect(ipv6ToBigInt('2001:db8::1')).toBe((0x20010db8n << 96n) | 1n);
    expect(ipv6ToBigInt('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe(ipv6ToBigInt('2001:db8::1'));
    expect(ipv6ToBigInt('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toBe((1n << 128n) - 1n);
    expect(ipv6ToBigInt('::ffff:192.0.2.1')).toBe((0xffffn << 32n) | 0xc0000201n);
    expect(() => ipv6ToBigInt('1::2::3')).toThrow(RangeError);
  });

  it('numeric order matches address order inside a CIDR range', () => {
    const lo = ipv6ToBigInt('2001:db8::');
    const hi = lo + (1n << 96n) - 1n; // 2001:db8::/32
    expect(ipv6ToBigInt('2001:db8:ffff::1') <= hi).toBe(true);
    expect(ipv6ToBigInt('2001:db9::') > hi).toBe(true);
  });
});
