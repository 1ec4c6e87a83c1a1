// Owns ulogd2's JSON output (ulogd_output_JSON: one flat object per line, `oob.*`/`ip.*`/`tcp.*` keys) into an EventRecord.

import { EventRecord } from '../shared/model.ts';
import { inferAction } from '../parse/nf-prefix.ts';
import { canonicalIPv6, isIPv4 } from '../parse/ip-text.ts';
import { makeZone, newStamp, readIsoStamp, civilMs, type Zone } from '../parse/syslog-time.ts';

// Integer codes for the keys we map, so one switch handles each key; anything else goes to extra.
const KEY_NAMES = [
  'timestamp', 'oob.time.sec', 'oob.time.usec', 'dvc', 'oob.prefix', 'action', 'oob.in', 'oob.out', 'oob.uid',
  'oob.gid', 'oob.mark', 'oob.family', 'oob.protocol', 'mac.str', 'mac.saddr.str', 'mac.daddr.str', 'raw.mac_len',
  'raw.mac.addrlen', 'ip.saddr.str', 'src_ip', 'ip.daddr.str', 'dest_ip', 'ip.protocol', 'ip6.nexthdr', 'ip.tos',
  'ip.ttl', 'ip.totlen', 'ip.id', 'ip.fragoff', 'ip6.payloadlen', 'ip6.priority', 'ip6.hoplimit', 'ip6.flowlabel',
  'ip6.fragoff', 'tcp.sport', 'udp.sport', 'sctp.sport', 'src_port', 'tcp.dport', 'udp.dport', 'sctp.dport',
  'dest_port', 'tcp.seq', 'tcp.ackseq', 'tcp.window', 'tcp.urgp', 'udp.len', 'icmp.type', 'icmpv6.type', 'icmp.code',
  'icmpv6.code', 'icmp.echoid', 'icmpv6.echoid', 'icmp.echoseq', 'icmpv6.echoseq', 'icmp.fragmtu',
  'tcp.cwr', 'tcp.ece', 'tcp.urg', 'tcp.ack', 'tcp.psh', 'tcp.rst', 'tcp.syn', 'tcp.fin',
] as const;
type KeyName = (typeof KEY_NAMES)[number];
const KEYS = new Map<string, number>(KEY_NAMES.map((k, i) => [k, i]));
const K = (k: KeyName): number => KEYS.get(k)!;
const FLAG0 = K('tcp.cwr');
const TEXT_KEYS = new Set<number>((['timestamp', 'dvc', 'oob.prefix', 'action', 'oob.in', 'oob.out', 'mac.str', 'mac.saddr.str',
  'mac.daddr.str', 'ip.saddr.str', 'src_ip', 'ip.daddr.str', 'dest_ip'] as const).map(K));
/** Flag words in kernel LOG order, indexed from FLAG0. */
const FLAG_WORDS = ['CWR', 'ECE', 'URG', 'ACK', 'PSH', 'RST', 'SYN', 'FIN'];
const PROTO_NAMES = new Map<number, string>([
  [1, 'ICMP'], [2, 'IGMP'], [6, 'TCP'], [17, 'UDP'], [47, 'GRE'], [50, 'ESP'], [51, 'AH'], [58, 'ICMPv6'], [132, 'SCTP'], [136, 'UDPLITE'],
]);

/** Cheap test on a source's first lines: JSON objects carrying ulogd keys. */
export function detect(lines: string[]): boolean {
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 5);
  if (sample.length === 0) return false;
  return sample.every((l) => {
    if (!l.trimStart().startsWith('{')) return false;
    try {
      const o = JSON.parse(l) as Record<string, unknown>;
      if (o === null || typeof o !== 'object' || Array.isArray(o)) return false;
      const keys = Object.keys(o);
      return keys.some((k) => k.startsWith('oob.') || k.startsWith('raw.') || k.startsWith('ip.')) || ('src_ip' in o && 'dest_ip' in o);
    } catch {
      return false;
    }
  });
}

let localZone: Zone | null = null;
const stamp = newStamp();
// Per-line scratch (parsing is synchronous): values that are combined after all keys are read.
const num: (number | null)[] = new Array(KEY_NAMES.length).fill(null);
const str: (string | null)[] = new Array(KEY_NAMES.length).fill(null);

/**
 * Parses one ulogd JSON line into rec: null on success, else a short reject reason. `zone` reads a
 * `timestamp` written without an offset (older ulogd) when `oob.time.sec` is absent; default: this machine's zone.
 */
export function parseUlogdJson(line: string, rec: EventRecord, zone?: Zone): string | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return line.trim() === '' ? 'empty line' : 'not valid JSON';
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return 'JSON is not an object';
  num.fill(null);
  str.fill(null);
  let arp = false;
  const obj = o as Record<string, unknown>;
  for (const k in obj) {
    const v = obj[k];
    const code = KEYS.get(k);
    if (code === undefined) {
      if (k.startsWith('arp.')) arp = true;
      extra(rec, k, v);
      continue;
    }
    if (TEXT_KEYS.has(code)) {
      if (typeof v !== 'string') return `${k} is not text: ${JSON.stringify(v)}`;
      str[code] = v;
    } else if (typeof v === 'number' && Number.isInteger(v) && v >= 0) num[code] = v;
    else if (typeof v === 'boolean') num[code] = v ? 1 : 0;
    else return `${k} is not a whole number: ${JSON.stringify(v)}`;
  }
  const srcText = str[K('ip.saddr.str')] ?? str[K('src_ip')];
  const dstText = str[K('ip.daddr.str')] ?? str[K('dest_ip')];
  if (srcText === null) return arp ? 'ARP packet: not an IP packet' : 'no ip.saddr.str/src_ip: not an IP packet';
  if (dstText === null) return 'no ip.daddr.str/dest_ip: not an IP packet';
  const src = address(srcText);
  if (src === null) return `source address is not an IP address: ${srcText}`;
  const fam: 4 | 6 = isIPv4(src) ? 4 : 6;
  const dst = address(dstText);
  if (dst === null) return `destination address is not an IP address: ${dstText}`;
  if ((isIPv4(dst) ? 4 : 6) !== fam) return `destination is not an IPv${fam} address like the source: ${dstText}`;
  rec.src = src;
  rec.dst = dst;
  rec.family = fam;

  const why = time(rec, zone);
  if (why !== null) return why;
  packetFields(rec, fam);
  linkAndMeta(rec);
  return null;
}

function time(rec: EventRecord, zone: Zone | undefined): string | null {
  const text = str[K('timestamp')];
  const sec = num[K('oob.time.sec')];
  rec.ts_text = text;
  // The kernel's packet time is exact UTC; the text is the same instant in local time, sometimes without offset.
  if (sec !== null) {
    rec.ts = sec * 1_000_000 + (num[K('oob.time.usec')] ?? 0);
    rec.ts_text ??= String(sec);
    return null;
  }
  if (text === null) return null;
  if (!readIsoStamp(text, 0, stamp) || stamp.end !== text.length) return `unreadable timestamp: ${text}`;
  const st = stamp;
  const ms = Number.isNaN(st.offMs)
    ? (zone ?? (localZone ??= makeZone())).toUtc(st.y, st.mo, st.d, st.h, st.mi, st.s)
    : civilMs(st.y, st.mo, st.d, st.h, st.mi, st.s) - st.offMs;
  rec.ts = ms * 1000 + st.us;
  return null;
}

function packetFields(rec: EventRecord, fam: 4 | 6): void {
  const p = num[K('ip.protocol')] ?? num[K('ip6.nexthdr')];
  if (p !== null) { rec.proto_num = p; rec.proto = PROTO_NAMES.get(p) ?? String(p); }
  const nh = num[K('ip6.nexthdr')];
  if (nh !== null && nh !== p) extra(rec, 'ip6.nexthdr', nh);
  if (fam === 4) {
    rec.len = num[K('ip.totlen')];
    rec.ttl = num[K('ip.ttl')];
    rec.ip_id = num[K('ip.id')];
    const tos = num[K('ip.tos')];
    // The kernel LOG prints TOS and precedence masked apart (0x1e, 0xe0); the ECN bits would be lost there.
    if (tos !== null) { rec.tos = tos & 0x1e; rec.prec = tos & 0xe0; if (tos & 3) extra(rec, 'ecn', tos & 3); }
    const f = num[K('ip.fragoff')];
    if (f !== null) { rec.frag = f & 0x1fff; rec.ce = (f & 0x8000) !== 0; rec.df = (f & 0x4000) !== 0; rec.mf = (f & 0x2000) !== 0; }
  } else {
    const pl = num[K('ip6.payloadlen')];
    if (pl !== null) rec.len = pl + 40; // LOG's LEN= counts the 40-byte IPv6 header
    rec.tc = num[K('ip6.priority')];
    rec.ttl = num[K('ip6.hoplimit')];
    rec.flowlbl = num[K('ip6.flowlabel')];
    rec.frag = num[K('ip6.fragoff')];
  }
  rec.sport = num[K('tcp.sport')] ?? num[K('udp.sport')] ?? num[K('sctp.sport')] ?? num[K('src_port')];
  rec.dport = num[K('tcp.dport')] ?? num[K('udp.dport')] ?? num[K('sctp.dport')] ?? num[K('dest_port')];
  rec.seq = num[K('tcp.seq')];
  rec.ack = num[K('tcp.ackseq')];
  rec.win = num[K('tcp.window')];
  rec.urgp = num[K('tcp.urgp')];
  rec.l4_len = num[K('udp.len')];
  for (let f = 0; f < FLAG_WORDS.length; f++) {
    const v = num[FLAG0 + f];
    if (v === null) continue;
    rec.flags ??= [];
    if (v !== 0) rec.flags.push(FLAG_WORDS[f]);
  }
  const type = num[K('icmp.type')] ?? num[K('icmpv6.type')];
  rec.icmp_type = type;
  rec.icmp_code = num[K('icmp.code')] ?? num[K('icmpv6.code')];
  // ulogd fills echo id/seq and the MTU from the same header bytes for every ICMP type; LOG shows each only
  // where it means something, and so do these fields (the rest stays in extra).
  const echo = type === 0 || type === 8 || type === 128 || type === 129;
  for (const [key, echoField] of [['icmp.echoid', 'id'], ['icmpv6.echoid', 'id'], ['icmp.echoseq', 'seq'], ['icmpv6.echoseq', 'seq']] as const) {
    const v = num[K(key)];
    if (v === null) continue;
    if (!echo) extra(rec, key, v);
    else if (echoField === 'id') rec.icmp_id = v;
    else rec.icmp_seq = v;
  }
  const mtu = num[K('icmp.fragmtu')];
  if (mtu !== null) {
    if (type === 3 && rec.icmp_code === 4) rec.icmp_extra = `MTU=${mtu}`;
    else extra(rec, 'icmp.fragmtu', mtu);
  }
}

function linkAndMeta(rec: EventRecord): void {
  const prefix = str[K('oob.prefix')]?.trim() ?? '';
  if (prefix !== '') { rec.prefix = prefix; rec.action = inferAction(prefix); }
  // ulogd's JSON `boolean_label` option turns the NFLOG label into action: allowed/blocked.
  const label = str[K('action')];
  if (rec.action === 'unknown' && label !== null) {
    if (label === 'blocked') rec.action = 'DROP';
    else if (label === 'allowed') rec.action = 'ACCEPT';
    else extra(rec, 'action', label);
  }
  rec.in_if = str[K('oob.in')] || null;
  rec.out_if = str[K('oob.out')] || null;
  rec.uid = num[K('oob.uid')];
  rec.gid = num[K('oob.gid')];
  rec.mark = num[K('oob.mark')];
  const dvc = str[K('dvc')];
  // "Netfilter" is ulogd's default device name and says nothing about the host.
  if (dvc !== null) { if (dvc !== 'Netfilter' && dvc !== '') rec.host = dvc; else extra(rec, 'dvc', dvc); }
  const whole = str[K('mac.str')]?.toLowerCase() ?? null;
  const et = num[K('oob.protocol')];
  if (whole !== null && whole.length >= 41 && whole.charCodeAt(17) === 58 && whole.charCodeAt(35) === 58) {
    rec.mac_dst = whole.slice(0, 17);
    rec.mac_src = whole.slice(18, 35);
    rec.ethertype = whole.slice(36);
  } else {
    if (whole !== null) extra(rec, 'mac.str', whole);
    rec.mac_src = str[K('mac.saddr.str')]?.toLowerCase() || null;
    rec.mac_dst = str[K('mac.daddr.str')]?.toLowerCase() || null;
    if (et !== null && (rec.mac_src !== null || rec.mac_dst !== null)) rec.ethertype = `${hex2(et >> 8)}:${hex2(et & 255)}`;
    else if (et !== null) extra(rec, 'oob.protocol', et);
  }
  const fam = num[K('oob.family')];
  if (fam !== null && fam !== (rec.family === 6 ? 10 : 2)) extra(rec, 'oob.family', fam); // bridge (7) and the like
}

function address(text: string): string | null {
  if (isIPv4(text)) return text;
  return canonicalIPv6(text);
}

const hex2 = (n: number): string => (n < 16 ? '0' : '') + n.toString(16);

/** Keeps an unmapped key as `key=value`; values with blanks or quotes are written as JSON so tokens stay apart. */
function extra(rec: EventRecord, key: string, v: unknown): void {
  const s = typeof v === 'string' ? (v === '' || /[\s"=]/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v);
  const t = `${key}=${s}`;
  rec.extra = rec.extra === null ? t : `${rec.extra} ${t}`;
}
