// The renderer's glue for the pictures: the shared filter split into condition and time range, what a
// node, link or group click filters by, and which result columns a chart can draw.
import { describe, it, expect } from 'vitest';
import { viewFilterOf, withTimeRange, isoMinute } from '../../src-renderer/lib/view-filter.ts';
import { blockTarget, linkClauses, nodeClauses } from '../../src-renderer/lib/flow-filters.ts';
import { groupClause } from '../../src-renderer/lib/group-filters.ts';
import { chartColumns, chartPoints } from '../../src-renderer/lib/result-chart.ts';
import { clauseSql } from '../../src-renderer/lib/filter-sql.ts';

describe('the shared filter of the pictures', () => {
  it('takes the time range out of the clauses (last one wins) and compiles the rest', () => {
    const f = { clauses: [
      { kind: 'since' as const, value: '2024-03-14T01:00' }, { kind: 'dport' as const, value: '22' },
      { kind: 'since' as const, value: '2024-03-14T02:00' }, { kind: 'until' as const, value: '2024-03-14T03:00' },
    ] };
    expect(viewFilterOf(f)).toEqual({ where: 'dport = 22', since: '2024-03-14T02:00', until: '2024-03-14T03:00' });
    expect(viewFilterOf({ clauses: [] })).toEqual({ where: 'TRUE', since: null, until: null });
    // An excluded time clause is a condition like any other, not the range.
    expect(viewFilterOf({ clauses: [{ kind: 'since', value: '2024-03-14', exclude: true }] }).since).toBeNull();
  });

  it('a brush replaces the range and keeps every other clause', () => {
    const f = withTimeRange({ clauses: [{ kind: 'since', value: 'a' }, { kind: 'proto', value: 'TCP' }] }, '2024-03-14T06:00', null);
    expect(f.clauses).toEqual([{ kind: 'proto', value: 'TCP' }, { kind: 'since', value: '2024-03-14T06:00' }]);
    expect(withTimeRange(f, null, null).clauses).toEqual([{ kind: 'proto', value: 'TCP' }]);
    expect(isoMinute('2024-03-14T06:00:00.000Z')).toBe('2024-03-14T06:00');
    expect(isoMinute('2024-03-14T06:00:30.000Z')).toBe('2024-03-14T06:00:30');
  });
});

describe('what a click on the flow graph filters by', () => {
  it('each kind of node by its own clause; a folded node by none', () => {
    expect(nodeClauses({ kind: 'host', key: '10.0.0.5' })).toEqual([{ kind: 'addr', value: '10.0.0.5' }]);
    expect(nodeClauses({ kind: 'subnet', key: '10.0.0.0/24' })).toEqual([{ kind: 'addr', value: '10.0.0.0/24' }]);
    expect(nodeClauses({ kind: 'asn', key: 'AS15169' })).toEqual([{ kind: 'asn', value: 'AS15169' }]);
    expect(nodeClauses({ kind: 'port', key: 'udp/53' })).toEqual([{ kind: 'proto', value: 'UDP' }, { kind: 'dport', value: '53' }]);
    expect(nodeClauses({ kind: 'port', key: 'icmp' })).toEqual([{ kind: 'proto', value: 'ICMP' }]);
    expect(nodeClauses({ kind: 'service', key: 'https' })).toEqual([{ kind: 'column', column: 'service', value: 'https', literal: 'text' }]);
    expect(nodeClauses({ kind: 'action', key: 'UNKNOWN' })).toEqual([{ kind: 'column', column: 'action', value: '', literal: 'null' }]);
    expect(nodeClauses({ kind: 'other', key: null })).toEqual([]);
    // Every clause compiles (an attacker-written key cannot break the SQL).
    for (const c of nodeClauses({ kind: 'service', key: "x' OR 1=1 --" })) expect(clauseSql(c)).toBe(`CAST("service" AS VARCHAR) = 'x'' OR 1=1 --'`);
  });

  it('a link by both ends and the direction; the block list takes addresses, CIDRs and ASNs only', () => {
    expect(linkClauses({ kind: 'host', key: '10.0.0.5' }, { kind: 'country', key: 'DE' }, 'outbound')).toEqual([
      { kind: 'scope', value: 'outbound' }, { kind: 'addr', value: '10.0.0.5' }, { kind: 'country', value: 'DE' },
    ]);
    expect(linkClauses({ kind: 'host', key: 'a' }, { kind: 'host', key: 'b' }, 'all')).toHaveLength(2);
    expect(blockTarget({ kind: 'asn', key: 'AS1' })).toBe('AS1');
    expect(blockTarget({ kind: 'country', key: 'DE' })).toBeNull();
    expect(blockTarget({ kind: 'other', key: null })).toBeNull();
  });

  it('a Group-by row by typed clauses where the column has a kind', () => {
    expect(groupClause('dst/24', '8.8.8.0/24')).toEqual({ kind: 'dst', value: '8.8.8.0/24' });
    expect(groupClause('dport', 443)).toEqual({ kind: 'dport', value: '443' });
    expect(groupClause('org', null)).toEqual({ kind: 'column', column: 'org', value: '', literal: 'null' });
    expect(groupClause('asn', 15169)).toEqual({ kind: 'column', column: 'asn', value: '15169', literal: 'number' });
  });
});

describe('the SQL result as a chart', () => {
  it('finds a label and a numeric column, and picks a line for time or numbers, bars otherwise', () => {
    expect(chartColumns(['dport', 'n'], ['INTEGER', 'BIGINT'])).toEqual({ label: 0, value: 1, kind: 'line' });
    expect(chartColumns(['org', 'n'], ['VARCHAR', 'BIGINT'])).toEqual({ label: 0, value: 1, kind: 'bar' });
    expect(chartColumns(['n', 'org'], ['BIGINT', 'VARCHAR'])).toBeNull();
    expect(chartColumns(['t', 'n'], ['TIMESTAMP', 'DOUBLE'])).toEqual({ label: 0, value: 1, kind: 'line' });
    expect(chartColumns(['only'], ['BIGINT'])).toBeNull();
    const pts = chartPoints([['a', 1], [null, '2'], ['c', 'x']], { label: 0, value: 1, kind: 'bar' });
    expect(pts).toEqual([{ label: 'a', x: 'a', value: 1 }, { label: '∅', x: '∅', value: 2 }]);
  });
});
