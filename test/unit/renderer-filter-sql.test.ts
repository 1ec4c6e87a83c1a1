// The Explore filter compiler: every clause kind, CIDR bounds, hostile values, presets, include/exclude and AND.
import { describe, expect, it } from 'vitest';
import { clauseError, clauseSql, filterQuery, filterWhere, quoteIdent, quoteString, FilterError } from '../../src-renderer/lib/filter-sql.ts';
import { PRESETS, addClause, clauseLabel, removeClause, type FilterClause } from '../../src-renderer/lib/filter-model.ts';
import { parseCidr, parseIp } from '../../src-renderer/lib/ip.ts';

const where = (...clauses: FilterClause[]) => filterWhere({ clauses });
const HOSTILE = "'; DROP TABLE events; --";

describe('addresses and CIDRs', () => {
  it('matches one IPv4 address through the numeric column and the family', () => {
    expect(clauseSql({ kind: 'src', value: '192.0.2.1' })).toBe('(family = 4 AND src_num = 3221225985::UHUGEINT)');
  });
  it('gives IPv4 CIDR bounds', () => {
    expect(clauseSql({ kind: 'dst', value: '10.0.0.0/8' })).toBe('(family = 4 AND dst_num BETWEEN 167772160::UHUGEINT AND 184549375::UHUGEINT)');
    expect(parseCidr('192.168.1.77/24')).toEqual({ family: 4, lo: 3232235776n, hi: 3232236031n, prefix: 24 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ family: 4, lo: 0n, hi: 4294967295n, prefix: 0 });
    expect(parseCidr('203.0.113.9/32')).toMatchObject({ lo: 3405803785n, hi: 3405803785n });
  });
  it('gives IPv6 CIDR bounds with 128-bit BigInt arithmetic', () => {
    const r = parseCidr('2001:db8::/32')!;
    expect(r.family).toBe(6);
    expect(r.lo).toBe(0x20010db8n << 96n);
    expect(r.hi).toBe((0x20010db8n << 96n) | ((1n << 96n) - 1n));
    expect(clauseSql({ kind: 'src', value: 'ff02::/16' })).toBe(
      `(family = 6 AND src_num BETWEEN ${0xff02n << 112n}::UHUGEINT AND ${(0xff02n << 112n) | ((1n << 112n) - 1n)}::UHUGEINT)`);
    expect(parseCidr('::/0')).toMatchObject({ lo: 0n, hi: (1n << 128n) - 1n });
    expect(parseCidr('fe80::1/64')).toMatchObject({ lo: 0xfe80n << 112n, hi: (0xfe80n << 112n) | ((1n << 64n) - 1n) });
  });
  it('reads IPv6 spellings alike (upper case, leading zeros, dotted tail)', () => {
    expect(parseIp('2001:DB8:0:0::0001')).toEqual(parseIp('2001:db8::1'));
    expect(parseIp('::ffff:192.0.2.1')).toEqual({ family: 6, value: (0xffffn << 32n) | 3221225985n });
    expect(parseIp('1:2:3:4:5:6:7:8')?.value).toBe(0x00010002000300040005000600070008n);
  });
  it('matches either end for `addr`', () => {
    expect(clauseSql({ kind: 'addr', value: '198.51.100.7' })).toBe(
      '((family = 4 AND src_num = 3325256711::UHUGEINT) OR (family = 4 AND dst_num = 3325256711::UHUGEINT))');
  });
  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.4/33', '2001:db8::/129', '1:2:3:4:5:6:7:8:9', '2001:db8::1::2',
    'g::1', '10.0.0.0/8x', '10.0.0.0/-1', 'example.com', HOSTILE, "10.0.0.1' OR 1=1 --"])('refuses %j as an address', (bad) => {
    expect(() => clauseSql({ kind: 'src', value: bad })).toThrow(FilterError);
    expect(clauseError({ kind: 'dst', value: bad })).toMatch(/address/);
  });
});

describe('ports, protocols and numbers', () => {
  it('compiles a port, a range and either end', () => {
    expect(clauseSql({ kind: 'dport', value: '22' })).toBe('dport = 22');
    expect(clauseSql({ kind: 'sport', value: '1000-2000' })).toBe('sport BETWEEN 1000 AND 2000');
    expect(clauseSql({ kind: 'port', value: ' 53 ' })).toBe('(sport = 53 OR dport = 53)');
    expect(clauseSql({ kind: 'dport', value: '0-65535' })).toBe('dport BETWEEN 0 AND 65535');
  });
  it.each(['65536', '-1', '22-21', '1e3', '22; DELETE FROM events', HOSTILE, '0x16', ''])('refuses port %j', (bad) => {
    expect(() => clauseSql({ kind: 'dport', value: bad })).toThrow(FilterError);
  });
  it('compiles protocols by name or number', () => {
    expect(clauseSql({ kind: 'proto', value: 'tcp' })).toBe("upper(proto) = 'TCP'");
    expect(clauseSql({ kind: 'proto', value: 'ICMPv6' })).toBe("upper(proto) = 'ICMPV6'");
    expect(clauseSql({ kind: 'proto', value: '17' })).toBe('proto_num = 17');
    expect(() => clauseSql({ kind: 'proto', value: '256' })).toThrow(FilterError);
    expect(() => clauseSql({ kind: 'proto', value: HOSTILE })).toThrow(FilterError);
  });
  it('compiles AS numbers and refuses anything else', () => {
    expect(clauseSql({ kind: 'asn', value: 'AS13335' })).toBe('asn = 13335');
    expect(clauseSql({ kind: 'asn', value: '64512' })).toBe('asn = 64512');
    expect(() => clauseSql({ kind: 'asn', value: HOSTILE })).toThrow(FilterError);
    expect(() => clauseSql({ kind: 'asn', value: '4294967296' })).toThrow(FilterError);
  });
  it('validates country codes and scopes', () => {
    expect(clauseSql({ kind: 'country', value: 'cn' })).toBe("country = 'CN'");
    expect(() => clauseSql({ kind: 'country', value: "C'" })).toThrow(FilterError);
    expect(clauseSql({ kind: 'scope', value: 'inbound' })).toContain("src_scope = 'external'");
    expect(clauseSql({ kind: 'scope', value: 'internal' })).toContain("dst_scope = 'internal'");
    expect(() => clauseSql({ kind: 'scope', value: HOSTILE })).toThrow(FilterError);
  });
});

describe('text values stay inert', () => {
  it('doubles quotes in every text kind', () => {
    expect(clauseSql({ kind: 'prefix', value: HOSTILE })).toBe(`contains(lower(prefix), '''; drop table events; --')`);
    expect(clauseSql({ kind: 'org', value: "O'Brien Net" })).toBe(`contains(lower(org), 'o''brien net')`);
    expect(clauseSql({ kind: 'action', value: HOSTILE })).toBe(`upper(action) = '''; DROP TABLE EVENTS; --'`);
    expect(clauseSql({ kind: 'iface', value: "eth0'" })).toBe(`(in_if = 'eth0''' OR out_if = 'eth0''')`);
    expect(clauseSql({ kind: 'column', column: 'host', value: HOSTILE, literal: 'text' })).toBe(`CAST("host" AS VARCHAR) = '''; DROP TABLE events; --'`);
  });
  it('leaves no unbalanced quote: every quote in the SQL pairs up', () => {
    for (const kind of ['prefix', 'org', 'action', 'iface'] as const) {
      const sql = clauseSql({ kind, value: "a'b''c'''" });
      expect((sql.match(/'/g) ?? []).length % 2).toBe(0);
    }
  });
  it('refuses control characters and non-identifier column names', () => {
    expect(() => quoteString('a\u0000b')).toThrow(FilterError);
    expect(() => quoteIdent('dst; DROP TABLE events')).toThrow(FilterError);
    expect(() => quoteIdent('"x"')).toThrow(FilterError);
    expect(() => clauseSql({ kind: 'column', column: 'a b', value: '1', literal: 'text' })).toThrow(FilterError);
    expect(() => clauseSql({ kind: 'column', column: 'len', value: '1 OR 1=1', literal: 'number' })).toThrow(FilterError);
    expect(() => clauseSql({ kind: 'column', column: 'df', value: 'yes', literal: 'bool' })).toThrow(FilterError);
  });
  it('compiles grid cell values by their type', () => {
    expect(clauseSql({ kind: 'column', column: 'len', value: '60', literal: 'number' })).toBe('"len" = 60');
    expect(clauseSql({ kind: 'column', column: 'df', value: 'true', literal: 'bool' })).toBe('"df" = TRUE');
    expect(clauseSql({ kind: 'column', column: 'country', value: '', literal: 'null' })).toBe('"country" IS NULL');
  });
});

describe('time range', () => {
  it('reads UTC stamps and stamps with an offset', () => {
    expect(clauseSql({ kind: 'since', value: '2024-01-08T03:00' })).toBe("ts >= TIMESTAMP '2024-01-08 03:00:00'");
    expect(clauseSql({ kind: 'until', value: '2024-01-08' })).toBe("ts < TIMESTAMP '2024-01-08 00:00:00'");
    expect(clauseSql({ kind: 'since', value: '2024-01-08T03:00:00.5Z' })).toBe("ts >= TIMESTAMP '2024-01-08 03:00:00.5'");
    expect(clauseSql({ kind: 'since', value: '2024-01-08T03:00:00+02:00' })).toBe("ts >= (TIMESTAMPTZ '2024-01-08 03:00:00+02:00' AT TIME ZONE 'UTC')");
  });
  it.each(['yesterday', '2024-13-45', "2024-01-01' OR TRUE --", '2024-01-01T03'])('refuses %j', (bad) => {
    expect(() => clauseSql({ kind: 'since', value: bad })).toThrow(FilterError);
  });
});

describe('presets, include vs exclude, AND', () => {
  it.each(PRESETS.map((p) => [p.id, p.sql]))('preset %s compiles to its fixed SQL', (id, sql) => {
    expect(clauseSql({ kind: 'preset', value: id })).toBe(sql);
    expect(clauseSql({ kind: 'preset', value: id, exclude: true })).toBe(`NOT coalesce(${sql}, false)`);
  });
  it('has the noise presets the users asked for', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(['quic', 'ssh-in', 'dns', 'ntp', 'bcast']);
    expect(clauseSql({ kind: 'preset', value: 'quic' })).toBe("(proto = 'UDP' AND (dport = 443 OR sport = 443))");
    expect(() => clauseSql({ kind: 'preset', value: 'nope' })).toThrow(FilterError);
  });
  it('exclude keeps rows where the condition is false or NULL', () => {
    expect(clauseSql({ kind: 'dport', value: '22', exclude: true })).toBe('NOT coalesce(dport = 22, false)');
  });
  it('combines clauses with AND; an empty filter is TRUE', () => {
    expect(where()).toBe('TRUE');
    expect(where({ kind: 'dport', value: '22' }, { kind: 'proto', value: 'tcp' }, { kind: 'preset', value: 'dns', exclude: true }))
      .toBe("dport = 22\n  AND upper(proto) = 'TCP'\n  AND NOT coalesce((dport = 53 OR sport = 53), false)");
  });
  it('builds the grid query with sort and stable tie-breaks', () => {
    const sql = filterQuery({ clauses: [{ kind: 'dport', value: '443' }] }, { orderBy: 'dst', desc: true, columns: ['ts', 'dst'] });
    expect(sql).toBe('SELECT "ts", "dst"\n  FROM "events_enriched"\n WHERE dport = 443\n ORDER BY family DESC NULLS LAST, dst_num DESC NULLS LAST, source_id, line_no');
    expect(filterQuery({ clauses: [] }, { columns: ['ts'] })).toContain('ORDER BY ts, source_id, line_no');
    expect(() => filterQuery({ clauses: [] }, { orderBy: 'dst DESC; DROP TABLE x' })).toThrow(FilterError);
  });
  it('adds, replaces and removes chips, with readable labels', () => {
    let f = addClause({ clauses: [] }, { kind: 'dst', value: '10.0.0.1' });
    f = addClause(f, { kind: 'dst', value: '10.0.0.1', exclude: true });
    expect(f.clauses).toEqual([{ kind: 'dst', value: '10.0.0.1', exclude: true }]);
    expect(clauseLabel(f.clauses[0])).toBe('not destination = 10.0.0.1');
    expect(clauseLabel({ kind: 'preset', value: 'quic', exclude: true })).toBe('hide QUIC (UDP 443)');
    expect(removeClause(f, 0).clauses).toEqual([]);
  });
});
