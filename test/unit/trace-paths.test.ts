import { describe, it, expect } from 'vitest';
import { groupTraces, stepText, verdictOf } from '../../src-main/trace/trace-paths.ts';

const pkt = { source_id: 1, family: 4, src: '198.51.100.7', dst: '192.0.2.10', proto: 'TCP', sport: 40000, dport: 22, ip_id: 1, len: 60 };
const row = (line_no: number, t: number, step: string, over: Record<string, unknown> = {}) => {
  const [trace_table, trace_chain, trace_type, rule] = step.split(':');
  return { ...pkt, line_no, t, ts: null, trace_table, trace_chain, trace_type, trace_rule: rule === undefined ? null : Number(rule), ...over };
};

describe('grouping TRACE rows into packet traces', () => {
  it('separates two interleaved packets by their IP ID', () => {
    const b = { ip_id: 2, dport: 80 };
    const tr = groupTraces([
      row(1, 0, 'raw:PREROUTING:policy:2'), row(2, 0, 'raw:PREROUTING:policy:2', b),
      row(3, 0, 'filter:INPUT:rule:4'), row(4, 0, 'filter:INPUT:policy:6', b),
    ]);
    expect(tr.map((x) => [x.trace_id, x.line_no, x.dport, x.steps.map((s) => s.line_no), x.verdict])).toEqual([
      [1, 1, 22, [1, 3], 'rule 4'],
      [2, 2, 80, [2, 4], 'policy'],
    ]);
  });

  it('starts a new trace when the same-looking packet comes back after the window', () => {
    const tr = groupTraces([row(1, 0, 'raw:PREROUTING:policy:2'), row(2, 5, 'filter:INPUT:rule:1')]);
    expect(tr).toHaveLength(2);
    expect(groupTraces([row(1, 0, 'raw:PREROUTING:policy:2'), row(2, 5, 'filter:INPUT:rule:1')], { windowSec: 10 })).toHaveLength(1);
  });

  it('starts a new trace when the same-looking packet enters raw:PREROUTING again', () => {
    const tr = groupTraces([row(1, 0, 'raw:PREROUTING:policy:2'), row(2, 0, 'filter:INPUT:rule:1'), row(3, 0.1, 'raw:PREROUTING:policy:2')]);
    expect(tr.map((x) => x.steps.length)).toEqual([2, 1]);
  });

  it('keeps IPv6 packets apart by flow label', () => {
    const v6 = { family: 6, src: '2001:db8::7', dst: '2001:db8::10', ip_id: null };
    const tr = groupTraces([row(1, 0, 'raw:PREROUTING:policy:2', { ...v6, flowlbl: 1 }), row(2, 0, 'raw:PREROUTING:policy:2', { ...v6, flowlbl: 2 })]);
    expect(tr).toHaveLength(2);
  });

  it('names verdicts and steps', () => {
    const s = (type: string, rule: number | null) => ({ table: 'filter', chain: 'INPUT', type, rule, line_no: 1 });
    expect(verdictOf([s('rule', 3)])).toBe('rule 3');
    expect(verdictOf([s('policy', 6)])).toBe('policy');
    expect(verdictOf([s('return', 2)])).toBe('return');
    expect(verdictOf([])).toBe('unknown');
    expect(stepText(s('rule', 3))).toBe('filter:INPUT:rule:3');
  });
});
