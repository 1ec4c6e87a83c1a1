// The event record every log parser fills: one logged packet, field names = SQL column names.
// No Node or Electron imports here: the renderer imports these types too.

export type Action = 'DROP' | 'REJECT' | 'ACCEPT' | 'LOG' | 'unknown';

/**
 * One netfilter-logged packet. Every field starts as null and a parser sets what the line carries,
 * so all records share one shape (fast property access in the import hot path).
 * Field names are the `events` column names users type in SQL.
 */
export class EventRecord {
  // --- envelope ---
  /** UTC time as microseconds since the epoch (null when the line has no wall-clock stamp). */
  ts: number | null = null;
  /** The timestamp exactly as written in the line. */
  ts_text: string | null = null;
  /** Kernel uptime stamp `[158144.383443]`, seconds since boot. */
  uptime: number | null = null;
  host: string | null = null;
  // --- netfilter LOG prefix ---
  prefix: string | null = null;
  action: Action = 'unknown';
  trace_table: string | null = null;
  trace_chain: string | null = null;
  /** rule | policy | return */
  trace_type: string | null = null;
  trace_rule: number | null = null;
  /** nft / xtables-monitor traces: the trace id (hex) tying a packet's lines together. */
  trace_id: string | null = null;
  /** nft family of the traced table (ip, ip6, inet, bridge…). */
  trace_family: string | null = null;
  /** nft rule handle of a rule step. */
  trace_handle: number | null = null;
  /** The step's verdict as the monitor printed it (accept, drop, continue, jump CHAIN…). */
  trace_verdict: string | null = null;
  /** The rule text the monitor printed for a rule step. */
  trace_text: string | null = null;
  // --- interfaces and link layer ---
  in_if: string | null = null;
  out_if: string | null = null;
  physin: string | null = null;
  physout: string | null = null;
  mac_dst: string | null = null;
  mac_src: string | null = null;
  /** Ethertype as logged (`08:00`), plus any trailing bytes the kernel printed (VLAN tags). */
  ethertype: string | null = null;
  // --- IP ---
  family: 4 | 6 | null = null;
  /** Canonical text (IPv6 compressed per RFC 5952). */
  src: string | null = null;
  dst: string | null = null;
  len: number | null = null;
  tos: number | null = null;
  prec: number | null = null;
  /** TTL (IPv4) or HOPLIMIT (IPv6). */
  ttl: number | null = null;
  ip_id: number | null = null;
  tc: number | null = null;
  flowlbl: number | null = null;
  ce: boolean | null = null;
  df: boolean | null = null;
  mf: boolean | null = null;
  /** Fragment offset (FRAG=). */
  frag: number | null = null;
  /** IP options hex (`OPT (...)` before PROTO=). */
  ip_opt: string | null = null;
  // --- transport ---
  /** Protocol name as logged (TCP, UDP, ICMP, ICMPv6, UDPLITE, SCTP…) or the number as text. */
  proto: string | null = null;
  proto_num: number | null = null;
  sport: number | null = null;
  dport: number | null = null;
  /** UDP/UDPLITE length (the second LEN=). */
  l4_len: number | null = null;
  /** TCP window (WINDOW=; `window` is an SQL keyword). */
  win: number | null = null;
  res: number | null = null;
  /** TCP flags in logged order: CWR ECE URG ACK PSH RST SYN FIN. */
  flags: string[] | null = null;
  seq: number | null = null;
  ack: number | null = null;
  urgp: number | null = null;
  tcp_opt: string | null = null;
  icmp_type: number | null = null;
  icmp_code: number | null = null;
  icmp_id: number | null = null;
  icmp_seq: number | null = null;
  /** Other ICMP fields (MTU=, PARAMETER=, GATEWAY=) as `KEY=value` text. */
  icmp_extra: string | null = null;
  // --- packet embedded in an ICMP error, kept apart from the outer packet ---
  inner_src: string | null = null;
  inner_dst: string | null = null;
  inner_proto: string | null = null;
  inner_sport: number | null = null;
  inner_dport: number | null = null;
  inner_len: number | null = null;
  inner_ttl: number | null = null;
  inner_id: number | null = null;
  /** The bracketed text of the embedded packet, verbatim. */
  inner_text: string | null = null;
  // --- ARP lines (nft arp/bridge family logging): IPSRC/IPDST are src/dst ---
  /** OPCODE= (1 request, 2 reply). */
  arp_op: number | null = null;
  arp_htype: number | null = null;
  /** PTYPE= as logged (`0x0800`). */
  arp_ptype: string | null = null;
  /** MACSRC=/MACDST= of the ARP payload (sender/target hardware address), not the Ethernet header's. */
  arp_mac_src: string | null = null;
  arp_mac_dst: string | null = null;
  // --- socket owner, mark ---
  uid: number | null = null;
  gid: number | null = null;
  mark: number | null = null;
  /** Tokens the parser did not recognise, verbatim, so nothing the line carries is lost. */
  extra: string | null = null;
}

/** A line that is not an event. */
export interface Reject {
  reason: string;
}

/** Per-source counts; lines = events + rejects + skipped + blank. */
export interface SourceCounts {
  lines: number;
  events: number;
  rejects: number;
  skipped: number;
  blank: number;
}

export interface SourceRow extends SourceCounts {
  id: number;
  path: string;
  size: number;
  sha256: string;
  format: string;
  host: string | null;
  imported_at: string;
  status: string;
}
