// Owns the conntrack entry record every conntrack reader fills, and what is derived from it (NAT, replied).

export type CtEvent = 'NEW' | 'UPDATE' | 'DESTROY';
export type Nat = 'SNAT' | 'DNAT' | 'both' | 'none';

/**
 * One connection-tracking entry (a dump line or an event). Every field starts as null so all records share
 * one shape; field names are meant as SQL column names.
 */
export class ConntrackRecord {
  /** Event type for `conntrack -E`; null for table dumps. */
  event: CtEvent | null = null;
  /** UTC microseconds since the epoch when the format carries a wall-clock time; null means "use the dump time". */
  ts: number | null = null;
  /** The time as written (`1546616402.141234`, or the XML `<when>` fields as `YYYY-MM-DD HH:MM:SS`). */
  ts_text: string | null = null;
  /** Where ts came from when set: `entry` (the line's own stamp) or `envelope` (its syslog envelope). */
  ts_source: 'entry' | 'envelope' | null = null;
  family: 4 | 6 | null = null;
  /** tcp, udp, icmp, icmpv6, sctp, dccp, gre, udplite, or the protocol number as text. */
  proto: string | null = null;
  proto_num: number | null = null;
  /** Seconds until the entry expires. */
  timeout: number | null = null;
  /** TCP/SCTP/DCCP state (ESTABLISHED, TIME_WAIT…). */
  state: string | null = null;
  // --- original direction ---
  src: string | null = null;
  dst: string | null = null;
  sport: number | null = null;
  dport: number | null = null;
  icmp_type: number | null = null;
  icmp_code: number | null = null;
  icmp_id: number | null = null;
  // --- reply direction ---
  reply_src: string | null = null;
  reply_dst: string | null = null;
  reply_sport: number | null = null;
  reply_dport: number | null = null;
  reply_icmp_type: number | null = null;
  reply_icmp_code: number | null = null;
  reply_icmp_id: number | null = null;
  // --- accounting (null when the dump has no counters) ---
  packets: number | null = null;
  bytes: number | null = null;
  reply_packets: number | null = null;
  reply_bytes: number | null = null;
  /** Status flags as printed: ASSURED, UNREPLIED, OFFLOAD, HW_OFFLOAD… */
  status: string[] | null = null;
  /** Both sides spoke (false when UNREPLIED). */
  replied: boolean | null = null;
  nat: Nat | null = null;
  zone: number | null = null;
  zone_orig: number | null = null;
  zone_reply: number | null = null;
  mark: number | null = null;
  secmark: number | null = null;
  id: number | null = null;
  use: number | null = null;
  secctx: string | null = null;
  /** Connection labels, comma-separated as conntrack prints them. */
  labels: string | null = null;
  helper: string | null = null;
  /** Seconds between start and stop (or start and the dump). */
  delta_time: number | null = null;
  /** Flow start/stop (`-o ktimestamp`), UTC microseconds; *_text keeps the written form. */
  start: number | null = null;
  stop: number | null = null;
  start_text: string | null = null;
  stop_text: string | null = null;
  /** conntrackd cache dumps: `[active since Ns]`. */
  active_since: number | null = null;
  /** Tokens no field took, verbatim, so nothing the entry carries is lost. */
  extra: string | null = null;
}

/** Reasons starting with this mark a line that is not an entry but legitimately there (summaries, blanks). */
export const SKIP = 'skip: ';

/** Whether a parser's reason says "ignorable, not an entry" rather than "broken entry". */
export function isSkip(reason: string): boolean {
  return reason.startsWith(SKIP);
}

export function addExtra(rec: ConntrackRecord, t: string): void {
  rec.extra = rec.extra === null ? t : `${rec.extra} ${t}`;
}

export function addStatus(rec: ConntrackRecord, flag: string): void {
  if (rec.status === null) rec.status = [flag];
  else if (!rec.status.includes(flag)) rec.status.push(flag);
}

// Protocols whose tuples carry ports: TCP, UDP, DCCP, SCTP, UDP-Lite.
const PORTED = new Set([6, 17, 33, 132, 136]);

/**
 * Checks both tuples are complete and then derives replied and nat; the reject reason otherwise.
 * libnetfilter_conntrack's XML prints no ICMP type/code/id, so only text lines must carry them.
 */
export function finish(rec: ConntrackRecord, icmpFields = true): string | null {
  if (rec.src === null) return 'no src=: not a conntrack entry';
  const p = rec.proto_num ?? -1;
  const ported = PORTED.has(p);
  const icmp = icmpFields && (p === 1 || p === 58);
  if (rec.dst === null || (ported && (rec.sport === null || rec.dport === null))
    || (icmp && (rec.icmp_type === null || rec.icmp_code === null))) return 'truncated: original tuple incomplete';
  if (rec.reply_src === null) return 'truncated: no reply tuple';
  if (rec.reply_dst === null || (ported && (rec.reply_sport === null || rec.reply_dport === null))
    || (icmp && (rec.reply_icmp_type === null || rec.reply_icmp_code === null))) return 'truncated: reply tuple incomplete';
  derive(rec);
  return null;
}

/**
 * Fills replied and nat once both tuples are in. The kernel reports the status word with every dump and
 * event, so an entry without UNREPLIED has IPS_SEEN_REPLY set: that is what makes `replied` true here.
 */
export function derive(rec: ConntrackRecord): void {
  const st = rec.status;
  if (st !== null && st.includes('UNREPLIED')) rec.replied = false;
  else if (rec.reply_src !== null) rec.replied = true;
  if (rec.replied === false && rec.reply_packets !== null && rec.reply_packets > 0) rec.replied = true;
  if (rec.src === null || rec.dst === null || rec.reply_src === null || rec.reply_dst === null) return;
  // Port (or ICMP id) rewriting is NAT too: masquerade can keep the address and change the port.
  const snat = rec.reply_dst !== rec.src || differ(rec.reply_dport, rec.sport) || differ(rec.reply_icmp_id, rec.icmp_id);
  const dnat = rec.reply_src !== rec.dst || differ(rec.reply_sport, rec.dport);
  rec.nat = snat ? (dnat ? 'both' : 'SNAT') : dnat ? 'DNAT' : 'none';
}

function differ(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && a !== b;
}
