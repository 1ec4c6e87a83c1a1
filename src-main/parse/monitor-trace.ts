// The shape both netlink trace monitors (`nft monitor trace`, `xtables-monitor --trace`) are read into,
// and the packet fields a step row borrows from its trace's packet line.
import type { EventRecord } from '../shared/model.ts';

/** One line of a monitor trace: a packet dump or one step of the packet's way through a chain. */
export interface MonitorTraceLine {
  /** The trace id as printed (8 hex digits): what ties a packet's lines together, interleaved or not. */
  id: string;
  /** nft family (ip, ip6, inet, bridge, arp, netdev); xtables' 2 and 10 become ip and ip6. */
  family: string;
  table: string;
  chain: string;
  /**
   * packet (the packet's headers), rule (a rule matched), policy (the base chain's end), return (a chain's
   * end), conntrack (the connection's state, newer nft: kept in `extra`).
   */
  type: 'packet' | 'rule' | 'policy' | 'return' | 'conntrack';
  /** The rule's handle (nft handles, iptables-nft too). */
  handle: number | null;
  /** The rule text as the monitor printed it. */
  text: string | null;
  /** accept, drop, continue, jump CHAIN, return… lower case as nft writes it. */
  verdict: string | null;
}

/** EventRecord fields a packet line sets; step lines copy them from the last packet line of their trace. */
export const PACKET_FIELDS = [
  'in_if', 'out_if', 'mac_dst', 'mac_src', 'ethertype', 'family', 'src', 'dst', 'len', 'tos', 'ttl', 'ip_id', 'tc',
  'flowlbl', 'ce', 'df', 'mf', 'frag', 'proto', 'proto_num', 'sport', 'dport', 'l4_len', 'win', 'flags', 'icmp_type',
  'icmp_code', 'icmp_id', 'icmp_seq', 'mark',
] as const satisfies ReadonlyArray<keyof EventRecord>;

export type PacketFields = Pick<EventRecord, (typeof PACKET_FIELDS)[number]>;

export function copyPacket(from: PacketFields, to: PacketFields): void {
  const f = from as unknown as Record<string, unknown>, t = to as unknown as Record<string, unknown>;
  for (const k of PACKET_FIELDS) t[k] = f[k];
}

export function takePacket(rec: PacketFields): PacketFields {
  const o = {} as PacketFields;
  copyPacket(rec, o);
  return o;
}

/** TCP flags in the order the kernel LOG target prints them (what `flags` holds for LOG lines). */
export const LOG_FLAG_ORDER = ['CWR', 'ECE', 'URG', 'ACK', 'PSH', 'RST', 'SYN', 'FIN'];
export const sortFlags = (flags: Iterable<string>): string[] => {
  const s = new Set(flags);
  return LOG_FLAG_ORDER.filter((f) => s.has(f));
};

const PROTOS: Record<string, number> = {
  tcp: 6, udp: 17, icmp: 1, icmpv6: 58, 'ipv6-icmp': 58, udplite: 136, sctp: 132, dccp: 33, gre: 47, esp: 50, ah: 51, igmp: 2,
};
const PROTO_NAMES: Record<number, string> = { 6: 'TCP', 17: 'UDP', 1: 'ICMP', 58: 'ICMPv6', 136: 'UDPLITE', 132: 'SCTP', 33: 'DCCP' };
/** A protocol number as the LOG target names it (PROTO=TCP…), else the number. */
export const protoName = (n: number): string => PROTO_NAMES[n] ?? String(n);

/** A protocol as nft names it (or its number) to the IP protocol number; null when neither. */
export function protoNumber(word: string): number | null {
  const w = word.toLowerCase();
  if (w in PROTOS) return PROTOS[w];
  return /^\d{1,3}$/.test(w) && Number(w) < 256 ? Number(w) : null;
}
