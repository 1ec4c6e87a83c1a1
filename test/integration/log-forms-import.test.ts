// Imports of the issue-14 line forms (test/fixtures/own/forms): epoch sensor lines, ARP, localized months, bare messages, a cut last line.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { enrichOffline } from '../../src-main/enrich/enrich-offline.ts';
import { checkFlowRequest, flowGraph } from '../../src-main/visual/flow-graph.ts';
import { packetGroupBatches } from '../../src-main/db/replay-queries.ts';
import { OWN, expectReconciled } from '../helpers.ts';
import { db } from '../fresh-case.ts';

const FORMS = join(OWN, 'forms');
const opts = { year: 2024, tz: 'UTC' };
const load = async (name: string) => {
  const f = join(FORMS, name);
  const r = await importSource(db, f, opts);
  expect(await expectReconciled(db, f, name, r)).toBe(true);
  expect(r.format).toBe('netfilter-log');
  return r;
};
const rows = (sql: string) => db.all(sql);
const isoOf = (v: unknown): string | null => (v === null ? null : String(v).replace(' ', 'T'));

describe('issue-14 line forms imported into a case', () => {
  it('DShield epoch lines: epoch time, host, uptime and the DSHIELDINPUT prefix on every line', async () => {
    const r = await load('dshield-epoch.log');
    expect([r.lines, r.events, r.rejects, r.blank]).toEqual([4, 4, 0, 0]);
    const got = await rows(`SELECT ts::VARCHAR ts, ts_text, host, uptime, prefix, src, dport FROM events ORDER BY line_no`);
    expect(got.map((x) => [isoOf(x.ts), x.ts_text, x.host, x.uptime, x.prefix, x.src, x.dport])).toEqual([
      // 1706444158 s after the epoch = 2024-01-28 12:15:58 UTC.
      ['2024-01-28T12:15:58', '1706444158', 'sensor-a', 81448.170206, 'DSHIELDINPUT', '198.51.100.23', 22],
      ['2024-01-28T12:15:59.25', '1706444159.250000', 'sensor-a', 81449.420113, 'DSHIELDINPUT', '203.0.113.77', 23],
      ['2024-01-28T12:16:00', '1706444160', 'sensor-a', 81450.001, 'DSHIELDINPUT', '198.51.100.99', 5060],
      ['2024-01-28T12:16:05', 'Jan 28 12:16:05', 'sensor-b', 81455.5, 'DSHIELDINPUT', '203.0.113.5', 2222],
    ]);
  });

  it('ARP lines are events: proto ARP, family 4, IPSRC/IPDST as src/dst, opcode and MACs in detail; a payload-less one is a reject', async () => {
    const r = await load('arp-bridge.log');
    expect([r.lines, r.events, r.rejects]).toEqual([5, 4, 1]);
    const got = await rows(`SELECT line_no, family, proto, proto_num, src, dst, arp_op, arp_htype, arp_ptype, arp_mac_src, arp_mac_dst,
      mac_src, ethertype, in_if, out_if, prefix FROM events ORDER BY line_no`);
    expect(got.map((x) => Object.values(x).map((v) => (typeof v === 'bigint' ? Number(v) : v)))).toEqual([
      [1, 4, 'ARP', null, '192.168.50.11', '192.168.50.12', 1, 1, '0x0800', '52:54:00:aa:00:01', '00:00:00:00:00:00', null, null, 'eth1', 'eth2', '[bri-LAN-ARP-10-C]'],
      [2, 4, 'ARP', null, '192.168.50.12', '192.168.50.11', 2, 1, '0x0800', '52:54:00:aa:00:02', '52:54:00:aa:00:01', null, null, 'eth2', 'eth1', '[bri-LAN-ARP-10-C]'],
      [3, 4, 'ARP', null, '192.168.50.13', '192.168.50.1', 1, 1, '0x0800', '52:54:00:aa:00:03', '00:00:00:00:00:00', '52:54:00:aa:00:03', '08:06', 'eth1', null, 'arp-drop'],
      [4, 4, 'ICMP', 1, '192.168.50.11', '192.168.50.12', null, null, null, null, null, null, null, 'eth1', 'eth2', '[bri-LAN-IP-20-A]'],
    ]);
    const [rej] = await rows(`SELECT line_no, reason FROM rejects`);
    expect([Number(rej.line_no), rej.reason]).toEqual([5, 'ARP payload not logged (INCOMPLETE): no IPSRC=/IPDST= to store']);
    // The views over events take them: flows (no IP protocol), the flow graph by port, and replay leaves ARP out.
    expect(Number((await rows(`SELECT count(*) n FROM flows WHERE origin = 'log' AND proto_num IS NULL`))[0].n)).toBe(3);
    await enrichOffline(db);
    const conn = await db.connect();
    try {
      const g = await flowGraph(conn, checkFlowRequest({ from: 'host', to: 'port', direction: 'all' }));
      const arp = g.links.filter((l) => l.target.endsWith(':arp'));
      expect(arp.reduce((n, l) => n + l.events, 0)).toBe(3);
    } finally { conn.closeSync(); }
    const groups = [];
    for await (const b of packetGroupBatches(db)) groups.push(...b);
    expect(groups.map((g) => [g.proto_num, g.src, g.dst])).toEqual([[1, '192.168.50.11', '192.168.50.12']]);
  });

  it('localized month names: each line at the time its stamp names, in 2024 UTC', async () => {
    const r = await load('localized-months.log');
    expect([r.lines, r.events, r.rejects]).toEqual([12, 12, 0]);
    const got = await rows(`SELECT ts::VARCHAR ts, host FROM events ORDER BY line_no`);
    expect(got.map((x) => isoOf(x.ts))).toEqual([
      '2024-04-01T16:47:50', '2024-02-14T08:00:01', '2024-12-24T23:59:59', '2024-03-03T10:00:00', '2024-10-10T10:00:00',
      '2024-01-05T06:07:08', '2024-05-09T12:00:00', '2024-10-31T18:30:00', '2024-03-02T01:02:03', '2024-10-17T17:17:17',
      '2024-05-09T09:09:09', '2024-09-01T00:00:01',
    ]);
    expect(got.map((x) => x.host)).toEqual([...Array(3).fill('starbook'), 'nas', 'nas', ...Array(7).fill('srv')]);
  });

  it('bare messages: no time, no host, the prefix and action read from the message itself', async () => {
    const r = await load('bare-messages.log');
    expect([r.lines, r.events, r.rejects]).toEqual([4, 4, 0]);
    const got = await rows(`SELECT ts, uptime, host, prefix, action, src, dport FROM events ORDER BY line_no`);
    expect(got.map((x) => [x.ts, x.uptime, x.host, x.prefix, x.action, x.src, x.dport])).toEqual([
      [null, null, null, '[WAN_OUT-20-D]', 'DROP', '10.0.0.61', 443],
      [null, null, null, '[WAN_IN-10-A]', 'ACCEPT', '192.0.2.80', 50123],
      [null, null, null, 'DSHIELDINPUT', 'unknown', '198.51.100.23', 22],
      [null, null, null, null, 'unknown', '198.51.100.24', 123],
    ]);
  });

  it('a file cut off mid-line: the cut lines say truncated, a line merely missing SRC= does not', async () => {
    const r = await load('truncated-tail.log');
    expect([r.lines, r.events, r.rejects]).toEqual([5, 1, 4]);
    const got = await rows(`SELECT line_no, reason FROM rejects ORDER BY line_no`);
    expect(got.map((x) => [Number(x.line_no), x.reason])).toEqual([
      [2, 'no SRC=: not an IP packet'],
      [3, 'truncated: no PROTO='],
      [4, 'truncated: SRC= is not an IP address: 10.0.'],
      [5, 'truncated line: it ends before SRC='],
    ]);
  });
});
