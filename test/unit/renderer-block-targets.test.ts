// What a result cell can put on the block list, and the SQL that reads a whole result column.
import { describe, expect, it } from 'vitest';
import { blockTarget, distinctColumnSql, quoteAnyIdent } from '../../src-renderer/lib/block-targets.ts';

describe('blockTarget', () => {
  it('takes addresses of both families and CIDRs as they are', () => {
    expect(blockTarget('dst', '203.0.113.9')).toBe('203.0.113.9');
    expect(blockTarget('peer', '2001:db8::7')).toBe('2001:db8::7');
    expect(blockTarget('whois_range', '198.51.100.0/24')).toBe('198.51.100.0/24');
    expect(blockTarget('net', '2001:db8::/32')).toBe('2001:db8::/32');
  });

  it('stores ASNs as AS<n>, from AS text anywhere and from whole numbers only in an asn column', () => {
    expect(blockTarget('note', 'as13335')).toBe('AS13335');
    expect(blockTarget('asn', 13335)).toBe('AS13335');
    expect(blockTarget('dst_asn', '64500')).toBe('AS64500');
    expect(blockTarget('ASN', 4294967295)).toBe('AS4294967295');
    // A port or a count is a number too: outside an asn column it is not an AS.
    expect(blockTarget('dport', 443)).toBeNull();
    expect(blockTarget('n', '13335')).toBeNull();
    expect(blockTarget('asn_source', 'mmdb')).toBeNull();
  });

  it('refuses what is not a target: AS0, out-of-range numbers, bad CIDRs, text, null, lists', () => {
    expect(blockTarget('asn', 0)).toBeNull();
    expect(blockTarget('asn', 4294967296)).toBeNull();
    expect(blockTarget('asn', 1.5)).toBeNull();
    expect(blockTarget('dst', '203.0.113.9/33')).toBeNull();
    expect(blockTarget('dst', '256.1.1.1')).toBeNull();
    expect(blockTarget('org', 'Cloudflare, Inc.')).toBeNull();
    expect(blockTarget('dst', null)).toBeNull();
    expect(blockTarget('dst', ['203.0.113.9'])).toBeNull();
    expect(blockTarget('dst', true)).toBeNull();
  });
});

describe('distinctColumnSql', () => {
  it('quotes any column name by doubling its double quotes', () => {
    expect(quoteAnyIdent('dst')).toBe('"dst"');
    expect(quoteAnyIdent('count(*)')).toBe('"count(*)"');
    expect(quoteAnyIdent('a "b"')).toBe('"a ""b"""');
    expect(() => quoteAnyIdent('')).toThrow();
  });

  it('wraps the whole query (trailing semicolons and comments too) and asks one value more than the cap', () => {
    expect(distinctColumnSql('SELECT dst FROM events -- mine;\n;  ', 'dst')).toBe(
      'SELECT DISTINCT "dst" FROM (\nSELECT dst FROM events -- mine\n) AS q WHERE "dst" IS NOT NULL LIMIT 10001');
  });
});
