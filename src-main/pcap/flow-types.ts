// Shapes of the flow aggregates handed to the DB side, and the flow table's options and per-packet context.

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
