// Bounded in-memory aggregation of decoded packets into bidirectional flows, emitted on idle/active timeout, cap or end.

import type { DecodedPacket } from './decoded-packet.ts';
import type { FlowEndReason, FlowRecord, FlowTableOptions, PacketContext } from './flow-types.ts';

export type { FlowEndReason, FlowRecord, FlowTableOptions, PacketContext } from './flow-types.ts';

type Flow = Omit<FlowRecord, 'endReason'> & {
  hash: number;
  srcHash: number;
  dstHash: number;
  /** Next flow in the same hash bucket. */
  next: Flow | null;
  touched: boolean;
  synFromSrc: boolean;
};

function mixPort(h: number, port: number): number {
  h = Math.imul(h ^ (port * 0x10001), 0x85ebca6b);
  h ^= h >>> 13;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 16);
}

const EVICT_TRIES = 32;
const MAX_CLOCK_JUMP = 30 * 86400e6;
const YEAR_2100 = 4102444800e6;

export class FlowTable {
  readonly idleMicros: number;
  readonly activeMicros: number;
  readonly maxFlows: number;
  // Numeric hash → bucket chain: building a string key per packet cost more than all header decoding.
  private buckets = new Map<number, Flow>();
  private live = 0;
  private now = 0;
  private lastSweep = 0;
  private readonly sweepMicros: number;
  emitted = 0;

  constructor(private readonly onFlow: (f: FlowRecord) => void, opts: FlowTableOptions = {}) {
    this.idleMicros = (opts.idleSeconds ?? 120) * 1e6;
    this.activeMicros = (opts.activeSeconds ?? 3600) * 1e6;
    this.maxFlows = Math.max(1, opts.maxFlows ?? 200_000);
    // Idle flows are found by periodic sweeps in capture time; a quarter of the timeout bounds the lateness.
    this.sweepMicros = Math.min(this.idleMicros / 4, 10e6);
  }

  get size(): number {
    return this.live;
  }

  add(d: DecodedPacket, ctx: PacketContext): void {
    const ts = ctx.tsMicros;
    // A corrupt far-future timestamp must not advance the clock, or every live flow would look idle.
    if (ts > this.now && (ts - this.now < MAX_CLOCK_JUMP || this.now === 0) && ts < YEAR_2100) this.now = ts;
    if (this.now - this.lastSweep >= this.sweepMicros) this.sweep();
    let sport = d.sport;
    let dport = d.dport;
    if (d.icmpType >= 0) {
      if (d.icmpId >= 0) sport = dport = d.icmpId;
      else dport = d.icmpType * 256 + (d.icmpCode < 0 ? 0 : d.icmpCode);
    }
    // Direction-independent hash: both directions of a conversation land in one bucket.
    const a = mixPort(d.srcHash, sport);
    const b = mixPort(d.dstHash, dport);
    let h = Math.imul((a < b ? a : b) ^ d.proto, 0x9e3779b1) + (a < b ? b : a);
    h = (h ^ (h >>> 15)) & 0x3fffffff; // small integer keys keep the Map on its fast path
    let f = this.buckets.get(h) ?? null;
    let fwd = false;
    for (; f !== null; f = f.next) {
      if (f.proto !== d.proto) continue;
      if (f.sport === sport && f.dport === dport && f.srcHash === d.srcHash && f.dstHash === d.dstHash && f.src === d.src && f.dst === d.dst) {
        fwd = true;
        break;
      }
      if (f.sport === dport && f.dport === sport && f.srcHash === d.dstHash && f.dstHash === d.srcHash && f.src === d.dst && f.dst === d.src) break;
    }
    if (f === null) {
      if (this.live >= this.maxFlows) this.evictOne();
      f = this.create(h, d, sport, dport, ctx);
      f.next = this.buckets.get(h) ?? null;
      this.buckets.set(h, f);
      this.live++;
      fwd = d.src === f.src && sport === f.sport;
    } else if (ts - f.firstTs > this.activeMicros) {
      this.emit(f, 'active');
      this.restart(f, ts);
    }
    f.touched = true;
    const flags = d.tcpFlags;
    if (d.proto === 6 && (flags & 0x12) === 0x02) {
      // A bare SYN names the initiator; if we guessed the other side (mid-stream start), swap.
      if (!fwd && !f.synFromSrc) {
        swap(f);
        fwd = true;
      }
      if (fwd) f.synFromSrc = true;
    }
    if (fwd) {
      f.packetsFwd++;
      f.bytesFwd += d.ipLen;
      f.tcpFlagsFwd |= flags;
    } else {
      f.packetsRev++;
      f.bytesRev += d.ipLen;
      f.tcpFlagsRev |= flags;
    }
    if (ts < f.firstTs) f.firstTs = ts;
    if (ts > f.lastTs) f.lastTs = ts;
    if (d.isFragment) f.fragments++;
    if (d.truncated) f.truncatedPackets++;
    if (f.prefix === null && ctx.prefix !== null) f.prefix = ctx.prefix;
  }

  private create(hash: number, d: DecodedPacket, sport: number, dport: number, ctx: PacketContext): Flow {
    const f: Flow = {
      hash, srcHash: d.srcHash, dstHash: d.dstHash, next: null, touched: true, synFromSrc: false, family: d.family, proto: d.proto, src: d.src, sport, dst: d.dst, dport,
      firstTs: ctx.tsMicros, lastTs: ctx.tsMicros, packetsFwd: 0, bytesFwd: 0, packetsRev: 0, bytesRev: 0,
      tcpFlagsFwd: 0, tcpFlagsRev: 0, icmpType: d.icmpType, icmpCode: d.icmpCode, prefix: ctx.prefix,
      interfaceId: ctx.interfaceId, vlans: ctx.vlans.length === 0 ? [] : ctx.vlans.slice(), fragments: 0, truncatedPackets: 0,
    };
    // A SYN-ACK first means the capture began mid-handshake: its receiver is the initiator.
    if (d.proto === 6 && (d.tcpFlags & 0x12) === 0x12) swap(f);
    return f;
  }

  private restart(f: Flow, ts: number): void {
    f.firstTs = f.lastTs = ts;
    f.packetsFwd = f.bytesFwd = f.packetsRev = f.bytesRev = f.tcpFlagsFwd = f.tcpFlagsRev = 0;
    f.fragments = f.truncatedPackets = 0;
  }

  /** Second-chance (CLOCK) approximation of LRU over bucket insertion order: no per-packet reordering. */
  private evictOne(): void {
    for (let i = 0; i < EVICT_TRIES; i++) {
      const first = this.buckets.entries().next();
      if (first.done) return;
      const [h, head] = first.value;
      let victim: Flow | null = null;
      for (let f: Flow | null = head; f !== null; f = f.next) if (!f.touched) victim = f;
      if (victim === null && i < EVICT_TRIES - 1) {
        for (let f: Flow | null = head; f !== null; f = f.next) f.touched = false;
        this.buckets.delete(h);
        this.buckets.set(h, head);
        continue;
      }
      this.unlink(victim ?? head);
      this.emit(victim ?? head, 'cap');
      return;
    }
  }

  private unlink(f: Flow): void {
    const head = this.buckets.get(f.hash)!;
    if (head === f) {
      if (f.next === null) this.buckets.delete(f.hash);
      else this.buckets.set(f.hash, f.next);
    } else {
      let p = head;
      while (p.next !== f) p = p.next!;
      p.next = f.next;
    }
    f.next = null;
    this.live--;
  }

  private sweep(): void {
    this.lastSweep = this.now;
    const limit = this.now - this.idleMicros;
    for (const head of this.buckets.values()) {
      for (let f: Flow | null = head, n: Flow | null; f !== null; f = n) {
        n = f.next;
        if (f.lastTs < limit) {
          this.unlink(f);
          this.emit(f, 'idle');
        } else f.touched = false;
      }
    }
  }

  flushAll(): void {
    for (const head of this.buckets.values()) for (let f: Flow | null = head; f !== null; f = f.next) this.emit(f, 'end');
    this.buckets.clear();
    this.live = 0;
  }

  private emit(f: Flow, endReason: FlowEndReason): void {
    this.emitted++;
    this.onFlow({
      family: f.family, proto: f.proto, src: f.src, sport: f.sport, dst: f.dst, dport: f.dport, firstTs: f.firstTs,
      lastTs: f.lastTs, packetsFwd: f.packetsFwd, bytesFwd: f.bytesFwd, packetsRev: f.packetsRev, bytesRev: f.bytesRev,
      tcpFlagsFwd: f.tcpFlagsFwd, tcpFlagsRev: f.tcpFlagsRev, icmpType: f.icmpType, icmpCode: f.icmpCode, prefix: f.prefix,
      interfaceId: f.interfaceId, vlans: f.vlans, fragments: f.fragments, truncatedPackets: f.truncatedPackets, endReason,
    });
  }
}

function swap(f: Flow): void {
  [f.src, f.dst] = [f.dst, f.src];
  [f.sport, f.dport] = [f.dport, f.sport];
  [f.srcHash, f.dstHash] = [f.dstHash, f.srcHash];
  [f.packetsFwd, f.packetsRev] = [f.packetsRev, f.packetsFwd];
  [f.bytesFwd, f.bytesRev] = [f.bytesRev, f.bytesFwd];
  [f.tcpFlagsFwd, f.tcpFlagsRev] = [f.tcpFlagsRev, f.tcpFlagsFwd];
}
