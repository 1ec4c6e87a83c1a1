import { describe, expect, it } from 'vitest';
import { createReadStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowTable, type FlowRecord, type PacketContext } from '../../src-main/pcap/flow-table.ts';
import { newDecodedPacket, type DecodedPacket } from '../../src-main/pcap/ip-decode.ts';
import { decodeCaptureToFlows } from '../../src-main/pcap/pcap-import.ts';
import { writeSynthCapture } from '../../src-main/pcap/synth-capture.ts';
import { THIRD_PARTY } from '../fixtures/pcap/helpers.ts';

function pkt(src: string, sport: number, dst: string, dport: number, flags = 0x10, proto = 6, ipLen = 60): DecodedPacket {
  return Object.assign(newDecodedPacket(), { src, dst, srcHash: hash(src), dstHash: hash(dst), sport, dport, proto, tcpFlags: flags, ipLen });
}
const hash = (s: string): number => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261);
const ctx = (s: number): PacketContext => ({ tsMicros: s * 1e6, interfaceId: 0, vlans: [], prefix: null });

describe('flow table', () => {
  it('direction: initiator is src, bytes and flags per direction', () => {
    const out: FlowRecord[] = [];
    const t = new FlowTable((f) => out.push(f));
    t.add(pkt('10.0.0.1', 40000, '10.0.0.2', 22, 0x02), ctx(1));
    t.add(pkt('10.0.0.2', 22, '10.0.0.1', 40000, 0x12, 6, 100), ctx(2));
    t.add(pkt('10.0.0.1', 40000, '10.0.0.2', 22, 0x11), ctx(3));
    t.flushAll();
    expect(out).toEqual([expect.objectContaining({
      src: '10.0.0.1', sport: 40000, dst: '10.0.0.2', dport: 22, packetsFwd: 2, packetsRev: 1, bytesFwd: 120, bytesRev: 100,
      tcpFlagsFwd: 0x13, tcpFlagsRev: 0x12, firstTs: 1e6, lastTs: 3e6, endReason: 'end',
    })]);
  });
  it('TCP: the SYN sender becomes src even when a later packet was seen first', () => {
    const out: FlowRecord[] = [];
    const t = new FlowTable((f) => out.push(f));
    t.add(pkt('10.0.0.2', 22, '10.0.0.1', 40000, 0x10), ctx(1)); // mid-stream ACK from the server
    t.add(pkt('10.0.0.1', 40000, '10.0.0.2', 22, 0x02), ctx(2));
    t.add(pkt('192.0.2.9', 443, '10.0.0.1', 5000, 0x12), ctx(3)); // SYN-ACK first: receiver initiated
    t.flushAll();
    expect(out.map((f) => [f.src, f.sport, f.packetsFwd, f.packetsRev])).toEqual([
      ['10.0.0.1', 40000, 1, 1],
      ['10.0.0.1', 5000, 0, 1],
    ]);
  });
  it('correct when every flow hashes to the same bucket', () => {
    const out: FlowRecord[] = [];
    const t = new FlowTable((f) => out.push(f), { maxFlows: 50 });
    for (let i = 0; i < 200; i++) {
      const p = pkt(`10.0.0.${i % 80}`, 1, '10.0.1.1', 80);
      const q = pkt('10.0.1.1', 80, `10.0.0.${i % 80}`, 1);
      p.srcHash = p.dstHash = q.srcHash = q.dstHash = 0;
      t.add(p, ctx(i));
      t.add(q, ctx(i));
      expect(t.size).toBeLessThanOrEqual(50);
    }
    t.flushAll();
    expect(out.reduce((a, f) => a + f.packetsFwd, 0)).toBe(200);
    expect(out.reduce((a, f) => a + f.packetsRev, 0)).toBe(200);
  });
  it('idle flows are emitted once capture time passes the idle timeout', () => {
    const out: FlowRecord[] = [];
    const t = new FlowTable((f) => out.push(f), { idleSeconds: 60 });
    t.add(pkt('10.0.0.1', 1, '10.0.0.2', 2), ctx(0));
    t.add(pkt('10.0.0.3', 1, '10.0.0.4', 2), ctx(50));
    t.add(pkt('10.0.0.5', 1, '10.0.0.6', 2), ctx(100));
    expect(out.map((f) => [f.src, f.endReason])).toEqual([['10.0.0.1', 'idle']]);
    expect(t.size).toBe(2);
  });
  it('active timeout: emit and restart, keeping direction', () => {
    const out: FlowRecord[] = [];
    const t = new FlowTable((f) => out.push(f), { activeSeconds: 100, idleSeconds: 1000 });
    for (let s = 0; s <= 150; s += 10) t.add(pkt('10.0.0.1', 1, '10.0.0.2', 2), ctx(s));
    t.flushAll();
    expect(out.map((f) => [f.endReason, f.packetsFwd, f.src])).toEqual([['active', 11, '10.0.0.1'], ['end', 5, '10.0.0.1']]);
  });
  it('bounded: more distinct flows than the cap are emitted early; live count never exceeds it', () => {
    const out: FlowRecord[] = [];
    const t = new FlowTable((f) => out.push(f), { maxFlows: 100 });
    let maxLive = 0;
    for (let i = 0; i < 1000; i++) {
      t.add(pkt(`10.0.${i >> 8}.${i & 255}`, 1000 + i, '10.9.9.9', 80), ctx(i / 1000));
      maxLive = Math.max(maxLive, t.size);
    }
    expect(maxLive).toBe(100);
    expect(out.filter((f) => f.endReason === 'cap')).toHaveLength(900);
    t.flushAll();
    expect(out).toHaveLength(1000);
    expect(out.reduce((a, f) => a + f.packetsFwd, 0)).toBe(1000);
  });
  it('cap eviction gives recently used flows a second chance (CLOCK)', () => {
    const out: FlowRecord[] = [];
    const t = new FlowTable((f) => out.push(f), { maxFlows: 3 });
    const add = (a: string, s: number) => t.add(pkt(a, 1, '10.0.0.9', 80), ctx(s));
    add('10.0.0.1', 0);
    add('10.0.0.2', 0);
    add('10.0.0.3', 0);
    add('10.0.0.4', 1); // all recently used: references cleared, the oldest goes
    add('10.0.0.2', 2); // used again since the clear
    add('10.0.0.5', 3); // must not evict 10.0.0.2
    expect(out.map((f) => f.src)).toEqual(['10.0.0.1', '10.0.0.3']);
  });
});

describe('decodeCaptureToFlows', () => {
  it('ICMPv6 echo request/reply pair into one flow; fragments into their datagram flow', async () => {
    const flows: FlowRecord[] = [];
    await decodeCaptureToFlows(createReadStream(`${THIRD_PARTY}pcapplusplus-pcaps/ICMPv6_echos.cap`), (f) => flows.push(f), () => {}, () => {});
    expect(flows).toEqual([expect.objectContaining({ proto: 58, src: '2001:db8:0:12::1', packetsFwd: 5, packetsRev: 5, icmpType: 128 })]);
    const frags: FlowRecord[] = [];
    const s = await decodeCaptureToFlows(createReadStream(`${THIRD_PARTY}pcapplusplus-pcaps/ip4_fragments.pcap`), (f) => frags.push(f), () => {}, () => {});
    expect(s.decoded).toBe(53);
    const nfs = frags.find((f) => f.dport === 2049)!;
    expect(frags).toHaveLength(1); // NFS write fragments and the server's replies
    expect([nfs.packetsFwd, nfs.packetsRev]).toEqual([50, 3]); // tcpdump: 3 packets from 10.118.213.211
    expect(nfs.fragments).toBeGreaterThan(40);
  });
  it('synthetic capture: every packet lands in exactly one flow, memory bounded by the cap', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fwlens-synth-')), 's.pcap');
    await writeSynthCapture(file, { packets: 20000, flows: 1000, window: 100, gapMicros: 100_000 });
    let packets = 0;
    let flows = 0;
    const s = await decodeCaptureToFlows(createReadStream(file), (f) => ((packets += f.packetsFwd + f.packetsRev), flows++), () => {}, () => {}, { maxFlows: 150, idleSeconds: 60 });
    expect(s).toMatchObject({ packets: 20000, decoded: 20000, problems: 0 });
    expect(packets).toBe(20000);
    expect(flows).toBeGreaterThanOrEqual(1000);
  });
});
