// The reusable per-packet result of IP/L4 decoding, shared by the decoders, names and flow table.

export interface QuotedPacket {
  src: string;
  dst: string;
  /** -1 when the ICMP message quotes no packet. */
  proto: number;
  sport: number;
  dport: number;
}

export interface DecodedPacket {
  family: 4 | 6;
  src: string;
  dst: string;
  /** 32-bit hashes of the address bytes, so flow lookup needs no string building. */
  srcHash: number;
  dstHash: number;
  proto: number;
  /** 0 when the protocol has no ports or they were not captured. */
  sport: number;
  dport: number;
  /** TCP flags bitmask (FIN=1 … CWR=0x80, NS=0x100). */
  tcpFlags: number;
  tcpSeq: number;
  tcpAck: number;
  tcpWindow: number;
  /** -1 when not ICMP/ICMPv6 (or not captured). */
  icmpType: number;
  icmpCode: number;
  /** Echo identifier, -1 otherwise. */
  icmpId: number;
  /** Length of the IP packet as its header states (IPv6: 40 + payload length). */
  ipLen: number;
  ttl: number;
  l4Offset: number;
  payloadOffset: number;
  payloadLength: number;
  isFragment: boolean;
  /** Byte offset of this fragment in the original datagram. */
  fragOffset: number;
  moreFragments: boolean;
  fragId: number;
  /** Non-first fragment whose ports came from the remembered first fragment. */
  fragPortsFromFirst: boolean;
  truncated: boolean;
  /** Packet quoted by an ICMP error. */
  inner: QuotedPacket;
  problem: string | null;
}

export function newDecodedPacket(): DecodedPacket {
  return {
    family: 4, src: '', dst: '', srcHash: 0, dstHash: 0, proto: 0, sport: 0, dport: 0, tcpFlags: 0, tcpSeq: 0, tcpAck: 0, tcpWindow: 0,
    icmpType: -1, icmpCode: -1, icmpId: -1, ipLen: 0, ttl: 0, l4Offset: 0, payloadOffset: 0, payloadLength: 0,
    isFragment: false, fragOffset: 0, moreFragments: false, fragId: 0, fragPortsFromFirst: false, truncated: false,
    inner: { src: '', dst: '', proto: -1, sport: 0, dport: 0 }, problem: null,
  };
}
