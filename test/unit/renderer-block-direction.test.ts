// Which direction a block-list entry gets from where it was taken: a column, or a replayed drop.
import { describe, expect, it } from 'vitest';
import { defaultDirection } from '../../src-renderer/lib/block-targets.ts';
import { replayTargets, replayTargetsLabel } from '../../src-renderer/lib/replay-targets.ts';
import type { ReplayTraffic } from '../../src-main/shared/api.ts';

describe('defaultDirection', () => {
  it('sends destination columns outbound and everything else inbound', () => {
    for (const c of ['dst', 'DST', 'dst_asn', 'reply_dst', 'dest', 'destination']) expect(defaultDirection(c), c).toBe('outbound');
    for (const c of ['src', 'src_asn', 'peer', 'asn', 'address', 'dstx', 'adst', null, undefined, '']) expect(defaultDirection(c), String(c)).toBe('inbound');
  });
});

const drop = (hook: string | null, src: string, dst: string): ReplayTraffic => ({
  src, dst, proto: 'tcp', dport: 22, hook, via: 'eth0→-', org: null, records: 1, lastSeen: null, verdict: 'drop', rule: 'filter INPUT policy DROP', why: null,
});

describe('replayTargets', () => {
  it('takes the sender of inbound drops, the destination of outbound ones and the sender of forwarded ones, once each', () => {
    const t = replayTargets([
      drop('input', '198.51.100.7', '192.168.1.10'), drop('input', '198.51.100.7', '192.168.1.11'), drop('input', '203.0.113.5', '192.168.1.10'),
      drop('output', '192.168.1.10', '9.9.9.9'), drop('forward', '192.168.1.50', '10.0.5.5'), drop(null, '192.168.1.10', '8.8.4.4'),
    ]);
    expect(t.items.map((i) => [i.item, i.direction])).toEqual([
      ['198.51.100.7', 'inbound'], ['203.0.113.5', 'inbound'], ['9.9.9.9', 'outbound'], ['192.168.1.50', 'forward'],
    ]);
    expect(t.items.map((i) => i.item)).not.toContain('192.168.1.10');
    expect(t.unhooked).toBe(1);
    expect(t.items[0].reason).toBe('replay: drop by filter INPUT policy DROP (source of inbound traffic)');
    expect(replayTargetsLabel(t)).toBe('Add 2 sources of inbound drops, 1 destination of outbound drops, 1 source of forwarded drops to the block list');
  });
});
