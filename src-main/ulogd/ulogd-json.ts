// Owns ulogd2's JSON output (ulogd_output_JSON: one flat object per line, `oob.*`/`ip.*`/`tcp.*` keys) into an EventRecord.

import { EventRecord } from '../shared/model.ts';
import { inferAction } from '../parse/nf-prefix.ts';
import type { Action } from '../shared/model.ts';
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

// Key indices, looked up once: a Map lookup per use was a tenth of this parser's time.
const K_ACTION = K('action');
const K_DEST_IP = K('dest_ip');
const K_DEST_PORT = K('dest_port');
const K_DVC = K('dvc');
const K_ICMP_CODE = K('icmp.code');
const K_ICMP_FRAGMTU = K('icmp.fragmtu');
const K_ICMP_TYPE = K('icmp.type');
const K_ICMPV6_CODE = K('icmpv6.code');
const K_ICMPV6_TYPE = K('icmpv6.type');
const K_IP_DADDR_STR = K('ip.daddr.str');
const K_IP_FRAGOFF = K('ip.fragoff');
const K_IP_ID = K('ip.id');
const K_IP_PROTOCOL = K('ip.protocol');
const K_IP_SADDR_STR = K('ip.saddr.str');
const K_IP_TOS = K('ip.tos');
const K_IP_TOTLEN = K('ip.totlen');
const K_IP_TTL = K('ip.ttl');
const K_IP6_FLOWLABEL = K('ip6.flowlabel');
const K_IP6_FRAGOFF = K('ip6.fragoff');
const K_IP6_HOPLIMIT = K('ip6.hoplimit');
const K_IP6_NEXTHDR = K('ip6.nexthdr');
const K_IP6_PAYLOADLEN = K('ip6.payloadlen');
const K_IP6_PRIORITY = K('ip6.priority');
const K_MAC_DADDR_STR = K('mac.daddr.str');
const K_MAC_SADDR_STR = K('mac.saddr.str');
const K_MAC_STR = K('mac.str');
const K_OOB_FAMILY = K('oob.family');
const K_OOB_GID = K('oob.gid');
const K_OOB_IN = K('oob.in');
const K_OOB_MARK = K('oob.mark');
const K_OOB_OUT = K('oob.out');
const K_OOB_PREFIX = K('oob.prefix');
const K_OOB_PROTOCOL = K('oob.protocol');
const K_OOB_TIME_SEC = K('oob.time.sec');
const K_OOB_TIME_USEC = K('oob.time.usec');
const K_OOB_UID = K('oob.uid');
const K_SCTP_DPORT = K('sctp.dport');
const K_SCTP_SPORT = K('sctp.sport');
const K_SRC_IP = K('src_ip');
const K_SRC_PORT = K('src_port');
const K_TCP_ACKSEQ = K('tcp.ackseq');
const K_TCP_DPORT = K('tcp.dport');
const K_TCP_SEQ = K('tcp.seq');
const K_TCP_SPORT = K('tcp.sport');
const K_TCP_URGP = K('tcp.urgp');
const K_TCP_WINDOW = K('tcp.window');
const K_TIMESTAMP = K('timestamp');
const K_UDP_DPORT = K('udp.dport');
const K_UDP_LEN = K('udp.len');
const K_UDP_SPORT = K('udp.sport');

/** Cheap test on a source's first lines: JSON objects carrying ulogd keys. */
export function detect(lines: string[]): boolean {
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 20);
  // Most, not all: a file cut mid-line at its start (copytruncate, a partial copy) or with a damaged
  // line among its first ones is still ulogd's, and its broken lines become rejects.
  const hits = sample.filter(isUlogdObject).length;
  return hits > 0 && hits * 2 >= sample.length;
}

function isUlogdObject(l: string): boolean {
  if (!l.trimStart().startsWith('{')) return false;
  try {
    const o = JSON.parse(l) as Record<string, unknown>;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return false;
    const keys = Object.keys(o);
    return keys.some((k) => k.startsWith('oob.') || k.startsWith('raw.') || k.startsWith('ip.')) || ('src_ip' in o && 'dest_ip' in o);
  } catch {
    return false;
  }
}

let localZone: Zone | null = null;
const stamp = newStamp();
// Per-line scratch (parsing is synchronous): values that are combined after all keys are read.
const num: (number | null)[] = new Array(KEY_NAMES.length).fill(null);
const str: (string | null)[] = new Array(KEY_NAMES.length).fill(null);

// The lines of one ulogd stream carry the same keys in the same order: the code of the key at each
// position of the last line is kept (a Map lookup per key was a sixth of the parse).
const planKeys: string[] = [];
const planCodes: number[] = [];
const TEXT: boolean[] = KEY_NAMES.map((_k, i) => TEXT_KEYS.has(i));

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
  let i = 0;
  for (const k in obj) {
    const v = obj[k];
    // The key at this position is most often the last line's (the same string, so the compare is cheap).
    let code: number;
    if (k === planKeys[i]) code = planCodes[i];
    else {
      code = KEYS.get(k) ?? -1;
      planKeys[i] = k;
      planCodes[i] = code;
    }
    i++;
    if (code < 0) {
      if (k.startsWith('arp.')) arp = true;
      extra(rec, k, v);
      continue;
    }
    if (TEXT[code]) {
      if (typeof v !== 'string') return `${k} is not text: ${JSON.stringify(v)}`;
      str[code] = v;
    } else if (typeof v === 'number' && Number.isInteger(v) && v >= 0) num[code] = v;
    else if (typeof v === 'boolean') num[code] = v ? 1 : 0;
    else return `${k} is not a whole number: ${JSON.stringify(v)}`;
  }
  const srcText = str[K_IP_SADDR_STR] ?? str[K_SRC_IP];
  const dstText = str[K_IP_DADDR_STR] ?? str[K_DEST_IP];
  if (srcText === null) return arp ? 'ARP packet: not an IP packet' : 'no ip.saddr.str/src_ip: not an IP packet';
  if (dstText === null) return 'no ip.daddr.str/dest_ip: not an IP packet';
  const src = address(srcText);
  if (src === null) return `source address is not an IP address: ${srcText}`;
  const fam: 4 | 6 = lastFamily === 4 ? 4 : 6;
  const dst = address(dstText);
  if (dst === null) return `destination address is not an IP address: ${dstText}`;
  if (lastFamily !== fam) return `destination is not an IPv${fam} address like the source: ${dstText}`;
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
  const text = str[K_TIMESTAMP];
  const sec = num[K_OOB_TIME_SEC];
  rec.ts_text = text;
  // The kernel's packet time is exact UTC; the text is the same instant in local time, sometimes without offset.
  if (sec !== null) {
    rec.ts = sec * 1_000_000 + (num[K_OOB_TIME_USEC] ?? 0);
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
  const p = num[K_IP_PROTOCOL] ?? num[K_IP6_NEXTHDR];
  if (p !== null) { rec.proto_num = p; rec.proto = PROTO_NAMES.get(p) ?? String(p); }
  const nh = num[K_IP6_NEXTHDR];
  if (nh !== null && nh !== p) extra(rec, 'ip6.nexthdr', nh);
  if (fam === 4) {
    rec.len = num[K_IP_TOTLEN];
    rec.ttl = num[K_IP_TTL];
    rec.ip_id = num[K_IP_ID];
    const tos = num[K_IP_TOS];
    // The kernel LOG prints TOS and precedence masked apart (0x1e, 0xe0); the ECN bits would be lost there.
    if (tos !== null) { rec.tos = tos & 0x1e; rec.prec = tos & 0xe0; if (tos & 3) extra(rec, 'ecn', tos & 3); }
    const f = num[K_IP_FRAGOFF];
    if (f !== null) { rec.frag = f & 0x1fff; rec.ce = (f & 0x8000) !== 0; rec.df = (f & 0x4000) !== 0; rec.mf = (f & 0x2000) !== 0; }
  } else {
    const pl = num[K_IP6_PAYLOADLEN];
    if (pl !== null) rec.len = pl + 40; // LOG's LEN= counts the 40-byte IPv6 header
    rec.tc = num[K_IP6_PRIORITY];
    rec.ttl = num[K_IP6_HOPLIMIT];
    rec.flowlbl = num[K_IP6_FLOWLABEL];
    rec.frag = num[K_IP6_FRAGOFF];
  }
  rec.sport = num[K_TCP_SPORT] ?? num[K_UDP_SPORT] ?? num[K_SCTP_SPORT] ?? num[K_SRC_PORT];
  rec.dport = num[K_TCP_DPORT] ?? num[K_UDP_DPORT] ?? num[K_SCTP_DPORT] ?? num[K_DEST_PORT];
  rec.seq = num[K_TCP_SEQ];
  rec.ack = num[K_TCP_ACKSEQ];
  rec.win = num[K_TCP_WINDOW];
  rec.urgp = num[K_TCP_URGP];
  rec.l4_len = num[K_UDP_LEN];
  for (let f = 0; f < FLAG_WORDS.length; f++) {
    const v = num[FLAG0 + f];
    if (v === null) continue;
    rec.flags ??= [];
    if (v !== 0) rec.flags.push(FLAG_WORDS[f]);
  }
  const type = num[K_ICMP_TYPE] ?? num[K_ICMPV6_TYPE];
  rec.icmp_type = type;
  rec.icmp_code = num[K_ICMP_CODE] ?? num[K_ICMPV6_CODE];
  // ulogd fills echo id/seq and the MTU from the same header bytes for every ICMP type; LOG shows each only
  // where it means something, and so do these fields (the rest stays in extra).
  const echo = type === 0 || type === 8 || type === 128 || type === 129;
  for (const [key, code, echoField] of ECHO_KEYS) {
    const v = num[code];
    if (v === null) continue;
    if (!echo) extra(rec, key, v);
    else if (echoField === 'id') rec.icmp_id = v;
    else rec.icmp_seq = v;
  }
  const mtu = num[K_ICMP_FRAGMTU];
  if (mtu !== null) {
    if (type === 3 && rec.icmp_code === 4) rec.icmp_extra = `MTU=${mtu}`;
    else extra(rec, 'icmp.fragmtu', mtu);
  }
}

let lastPrefix = '';
let lastAction: Action = 'unknown';

function linkAndMeta(rec: EventRecord): void {
  const prefix = str[K_OOB_PREFIX]?.trim() ?? '';
  if (prefix !== '') {
    // Prefixes repeat: the action of the last one is kept.
    if (prefix !== lastPrefix) { lastPrefix = prefix; lastAction = inferAction(prefix); }
    rec.prefix = prefix;
    rec.action = lastAction;
  }
  // ulogd's JSON `boolean_label` option turns the NFLOG label into action: allowed/blocked.
  const label = str[K_ACTION];
  if (rec.action === 'unknown' && label !== null) {
    if (label === 'blocked') rec.action = 'DROP';
    else if (label === 'allowed') rec.action = 'ACCEPT';
    else extra(rec, 'action', label);
  }
  rec.in_if = str[K_OOB_IN] || null;
  rec.out_if = str[K_OOB_OUT] || null;
  rec.uid = num[K_OOB_UID];
  rec.gid = num[K_OOB_GID];
  rec.mark = num[K_OOB_MARK];
  const dvc = str[K_DVC];
  // "Netfilter" is ulogd's default device name and says nothing about the host.
  if (dvc !== null) { if (dvc !== 'Netfilter' && dvc !== '') rec.host = dvc; else extra(rec, 'dvc', dvc); }
  const whole = str[K_MAC_STR]?.toLowerCase() ?? null;
  const et = num[K_OOB_PROTOCOL];
  if (whole !== null && whole.length >= 41 && whole.charCodeAt(17) === 58 && whole.charCodeAt(35) === 58) {
    rec.mac_dst = whole.slice(0, 17);
    rec.mac_src = whole.slice(18, 35);
    rec.ethertype = whole.slice(36);
  } else {
    if (whole !== null) extra(rec, 'mac.str', whole);
    rec.mac_src = str[K_MAC_SADDR_STR]?.toLowerCase() || null;
    rec.mac_dst = str[K_MAC_DADDR_STR]?.toLowerCase() || null;
    if (et !== null && (rec.mac_src !== null || rec.mac_dst !== null)) rec.ethertype = `${hex2(et >> 8)}:${hex2(et & 255)}`;
    else if (et !== null) extra(rec, 'oob.protocol', et);
  }
  const fam = num[K_OOB_FAMILY];
  if (fam !== null && fam !== (rec.family === 6 ? 10 : 2)) extra(rec, 'oob.family', fam); // bridge (7) and the like
}

/** The family of the last address() read (4 or 6). */
let lastFamily = 4;

function address(text: string): string | null {
  lastFamily = 4;
  if (isIPv4(text)) return text;
  lastFamily = 6;
  return canonicalIPv6(text);
}

const ECHO_KEYS = ([['icmp.echoid', 'id'], ['icmpv6.echoid', 'id'], ['icmp.echoseq', 'seq'], ['icmpv6.echoseq', 'seq']] as const)
  .map(([key, field]) => [key, K(key), field] as const);

const hex2 = (n: number): string => (n < 16 ? '0' : '') + n.toString(16);

/** Keeps an unmapped key as `key=value`; values with blanks or quotes are written as JSON so tokens stay apart. */
function extra(rec: EventRecord, key: string, v: unknown): void {
  const s = typeof v === 'string' ? (v === '' || /[\s"=]/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v);
  const t = `${key}=${s}`;
  rec.extra = rec.extra === null ? t : `${rec.extra} ${t}`;
}
