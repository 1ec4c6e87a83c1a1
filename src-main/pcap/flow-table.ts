// Bounded in-memory aggregation of decoded packets into bidirectional flows, emitted on idle/active timeout, cap or end.

import type { DecodedPacket } from './ip-decode.ts';

export type FlowEndReason = 'idle' | 'active' | 'cap' | 'end';

export interface FlowRecord {
  family: 4 | 6;
  proto: number;
  /** Initiator: first sender seen, or for TCP the sender of the SYN. */
  src: string;
  /** ICMP: the echo identifier for echo request/reply, otherwise 0. */
  sport: number;
  dst: string;
  /** ICMP: the echo identifier for echo, otherwise type·256 + code (the NetFlow convention). */
  dport: number;
  firstTs: number;
  lastTs: number;
  packetsFwd: number;
  bytesFwd: number;
  packetsRev: number;
  bytesRev: number;
  tcpFlagsFwd: number;
  tcpFlagsRev: number;
  /** First ICMP type/code of the flow, -1 otherwise. */
  icmpType: number;
  icmpCode: number;
  prefix: string | null;
  interfaceId: number;
  vlans: number[];
  fragments: number;
  truncatedPackets: number;
  endReason: FlowEndReason;
}

export interface FlowTableOptions {
  idleSeconds?: number;
  activeSeconds?: number;
  maxFlows?: number;
}

/** Per-packet context the decoder does not carry. */
export interface PacketContext {
  tsMicros: number;
  interfaceId: number;
  vlans: number[];
  prefix: string | null;
}

type Flow = Omit<FlowRecord, 'endReason'> & { key: string; touched: boolean; synFromSrc: boolean };

const EVICT_TRIES = 32;
const MAX_CLOCK_JUMP = 30 * 86400e6;
const YEAR_2100 = 4102444800e6;

export class FlowTable {
  readonly idleMicros: number;
  readonly activeMicros: number;
  readonly maxFlows: number;
  private flows = new Map<string, Flow>();
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
    return this.flows.size;
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
    // Direction-independent key: both directions of a conversation land on one entry.
    const lower = d.src < d.dst || (d.src === d.dst && sport <= dport);
    const key = lower
      ? `${d.proto}|${d.src}|${sport}|${d.dst}|${dport}`
      : `${d.proto}|${d.dst}|${dport}|${d.src}|${sport}`;
    let f = this.flows.get(key);
    if (f === undefined) {
      if (this.flows.size >= this.maxFlows) this.evictOne();
      f = this.create(key, d, sport, dport, ctx);
      this.flows.set(key, f);
    } else if (ts - f.firstTs > this.activeMicros) {
      this.emit(f, 'active');
      this.restart(f, ts);
    }
    f.touched = true;
    let fwd = d.src === f.src && sport === f.sport;
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

  private create(key: string, d: DecodedPacket, sport: number, dport: number, ctx: PacketContext): Flow {
    const f: Flow = {
      key, touched: true, synFromSrc: false, family: d.family, proto: d.proto, src: d.src, sport, dst: d.dst, dport,
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

  /** Second-chance (CLOCK) approximation of LRU over insertion order: cheap, with no per-packet reordering. */
  private evictOne(): void {
    for (let i = 0; i < EVICT_TRIES; i++) {
      const first = this.flows.values().next();
      if (first.done) return;
      const f = first.value;
      if (!f.touched || i === EVICT_TRIES - 1) {
        this.flows.delete(f.key);
        this.emit(f, 'cap');
        return;
      }
      f.touched = false;
      this.flows.delete(f.key);
      this.flows.set(f.key, f);
    }
  }

  private sweep(): void {
    this.lastSweep = this.now;
    const limit = this.now - this.idleMicros;
    for (const f of this.flows.values()) {
      if (f.lastTs < limit) {
        this.flows.delete(f.key);
        this.emit(f, 'idle');
      } else f.touched = false;
    }
  }

  flushAll(): void {
    for (const f of this.flows.values()) this.emit(f, 'end');
    this.flows.clear();
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
  [f.packetsFwd, f.packetsRev] = [f.packetsRev, f.packetsFwd];
  [f.bytesFwd, f.bytesRev] = [f.bytesRev, f.bytesFwd];
  [f.tcpFlagsFwd, f.tcpFlagsRev] = [f.tcpFlagsRev, f.tcpFlagsFwd];
}
