// The netfilter LOG body (iptables/ip6tables LOG, nftables `log`): `prefix IN=… OUT=… SRC=…` text into an EventRecord.

import { EventRecord } from '../shared/model.ts';
import { applyPrefix } from './nf-prefix.ts';
import { canonicalIPv6At, parseIPv4At } from './ip-text.ts';
import { parseArp } from './netfilter-arp.ts';

const SP = 32;

/** Cheap test: does this text (after any syslog envelope) look like a netfilter LOG body? */
export function detect(body: string): boolean {
  const i = body.indexOf('IN=');
  return i >= 0 && (body.indexOf(' OUT=', i) > 0 || body.indexOf('SRC=', i) > 0);
}

/**
 * Where the fields start. The kernel prints `<prefix>IN=<if> OUT=<if> ` with the prefix glued on, so the
 * `IN=` followed by one word and ` OUT=` is the anchor even when the prefix itself contains `IN=`.
 * pve-firewall drops an empty OUT=, hence the fallback to the first IN= that is not PHYSIN=.
 */
function findAnchor(b: string): number {
  let first = -1;
  for (let i = b.indexOf('IN='); i >= 0; i = b.indexOf('IN=', i + 3)) {
    if (i >= 4 && b.charCodeAt(i - 1) === 83 /* S */ && b.charCodeAt(i - 4) === 80 /* P */) continue; // PHYSIN=
    let j = b.indexOf(' ', i + 3);
    if (j < 0) j = b.length;
    // Char compares: String#startsWith with a position is a slow builtin call here.
    if (b.charCodeAt(j + 1) === 79 && b.charCodeAt(j + 2) === 85 && b.charCodeAt(j + 3) === 84 && b.charCodeAt(j + 4) === 61) return i;
    if (first < 0) first = i;
  }
  return first;
}

/** Parse the body of a kernel netfilter LOG line into rec. Returns null on success or a short reason on reject. */
export function parseNetfilter(body: string, rec: EventRecord): string | null {
  const at = findAnchor(body);
  if (at < 0) return 'no IN= field: not a netfilter LOG line';
  if (at > 0) applyPrefix(body, at, rec);
  arpAt = -1;
  const why = scan(body, at, rec, false);
  if (why !== null) return why;
  if (arpAt >= 0) return parseArp(body, arpAt, rec);
  if (rec.src === null) return endsBeforeSrc(body, rec) ? 'truncated line: it ends before SRC=' : 'no SRC=: not an IP packet';
  // A field missing while later ones are there is not a cut: the line was written that way.
  if (rec.dst === null) return rec.len === null && rec.ttl === null && rec.proto === null ? 'truncated: no DST=' : 'no DST=';
  if (rec.proto === null) return rec.sport === null && rec.dport === null && rec.icmp_type === null ? 'truncated: no PROTO=' : 'no PROTO=';
  if (rec.family === 4) {
    if (rec.ce === null) rec.ce = false;
    if (rec.df === null) rec.df = false;
    if (rec.mf === null) rec.mf = false;
  }
  // Fragments, INCOMPLETE headers and numeric PROTO= (header not decoded) legitimately stop after PROTO=;
  // a decoded TCP/UDP/ICMP header missing its first fields was cut short.
  if (incomplete || (rec.frag !== null && rec.frag !== 0)) return null;
  const p = rec.proto;
  if (p === 'TCP' || p === 'UDP' || p === 'UDPLITE') {
    if (rec.sport === null) return 'truncated: no SPT=';
    if (rec.dport === null) return 'truncated: no DPT=';
  } else if (p === 'ICMP' || p === 'ICMPv6') {
    if (rec.icmp_type === null) return 'truncated: no TYPE=';
    if (rec.icmp_code === null) return 'truncated: no CODE=';
  }
  return null;
}

// Per-call scan state at module level: parsing is synchronous, and this avoids an object per line.
let incomplete = false;
/** Where the `ARP` token of an ARP line is (nft arp/bridge family logging), or -1. */
let arpAt = -1;
let family: 4 | 6 = 4;

/** Integer code of a key's first six upper-case letters (base 32): exact, and a Smi for one integer switch. */
function K(key: string): number {
  let c = 0;
  for (let k = 0; k < key.length && k < 6; k++) c = c * 32 + key.charCodeAt(k) - 64;
  return c;
}
// Keys longer than six letters get small negative codes (-1 means unknown).
const C_HOPLIMIT = -2, C_FLOWLBL = -3, C_PHYSOUT = -4, C_PARAMETER = -5, C_GATEWAY = -6, C_POINTER = -7;
const C_MACPROTO = -8, C_INCOMPLETE = -9, C_TRUNCATED = -10;
const LONG_KEYS = new Map<string, number>([
  ['HOPLIMIT', C_HOPLIMIT], ['FLOWLBL', C_FLOWLBL], ['PHYSOUT', C_PHYSOUT], ['PARAMETER', C_PARAMETER],
  ['GATEWAY', C_GATEWAY], ['POINTER', C_POINTER], ['MACPROTO', C_MACPROTO], ['INCOMPLETE', C_INCOMPLETE],
  ['TRUNCATED', C_TRUNCATED],
]);
const longHead: number[] = [];
const longTail: number[] = [];
const longCode: number[] = [];
for (const [key, c] of LONG_KEYS) {
  longHead.push(K(key));
  longTail.push(K(key.slice(6)));
  longCode.push(c);
}
function longKey(head: number, tail: number): number {
  for (let k = 0; k < longHead.length; k++) if (longHead[k] === head && longTail[k] === tail) return longCode[k];
  return -1;
}

// Switch cases use literal key codes (no binding loads in the hot switch); this check keeps them honest.
for (const [key, lit] of Object.entries({
  IN: 302, OUT: 16052, MAC: 13347, SRC: 20035, DST: 4724, LEN: 12462, TOS: 20979, PREC: 542883, TTL: 21132,
  ID: 292, PROTO: 17383055, SPT: 19988, DPT: 4628, WINDOW: 781652471, RES: 18611, URGP: 706800, SEQ: 19633,
  ACK: 1131, TYPE: 681477, CODE: 113797, TC: 643, FRAG: 215079, UID: 21796, GID: 7460, MARK: 427595,
  PHYSIN: 546098478, MTU: 13973, MACSRC: 437374531, MACDST: 437359220, DF: 134, CE: 101, MF: 422, CWR: 3826,
  ECE: 5221, URG: 22087, PSH: 17000, RST: 19060, SYN: 20270, FIN: 6446, OPT: 15892, ARP: 1616
})) if (K(key) !== lit) throw new Error(`netfilter key code drifted: ${key}`);

function scan(b: string, i: number, rec: EventRecord, nested: boolean): string | null {
  const end = b.length;
  let l4 = false;
  let tcp = false;
  incomplete = false;
  while (i < end) {
    if (b.charCodeAt(i) === SP) { i++; continue; }
    const ts = i;
    if (b.charCodeAt(i) === 91 /* [ */) {
      i = closeBracket(b, i);
      if (i < 0) return 'truncated: embedded packet has no closing ]';
      const inner = b.slice(ts + 1, i).trim();
      i++;
      if (!nested && inner.startsWith('SRC=')) embedded(inner, rec);
      else addExtra(rec, b.slice(ts, i));
      continue;
    }
    let code = 0;
    let tail = 0;
    let n = 0;
    let eq = -1;
    for (; i < end; i++) {
      const c = b.charCodeAt(i);
      if (c === SP) break;
      if (c === 61 /* = */) { eq = i; break; }
      if (code < 0) continue;
      if (c < 65 || c > 90 || n >= 12) code = -1;
      else if (n++ < 6) code = code * 32 + c - 64;
      else tail = tail * 32 + c - 64;
    }
    if (tail !== 0 && code >= 0) code = longKey(code, tail);
    if (eq < 0) {
      i = bareToken(b, ts, i, code, rec, l4, tcp);
      if (i < 0) return `truncated: ${b.slice(ts, ts + 3)} ( has no closing )`;
      continue;
    }
    const vs = eq + 1;
    let v = -1;
    // Numeric keys read their digits and find the token end in one pass; the rest look for the end first.
    switch (code) {
      case 12462 /* LEN */: case 21132 /* TTL */: case 292 /* ID */: case 19988 /* SPT */: case 4628 /* DPT */:
      case 781652471 /* WINDOW */: case 706800 /* URGP */: case 19633 /* SEQ */: case 1131 /* ACK */:
      case 681477 /* TYPE */: case 113797 /* CODE */: case 643 /* TC */: case -2 /* HOPLIMIT */:
      case -3 /* FLOWLBL */: case 215079 /* FRAG */: case 21796 /* UID */: case 7460 /* GID */:
        v = readDec(b, vs);
        i = stop;
        if (v < 0) return fail(b, ts, vs, i, 'is not a number');
        switch (code) {
          case 12462 /* LEN */: if (l4) rec.l4_len = v; else rec.len = v; continue;
          case 21132 /* TTL */: case -2 /* HOPLIMIT */: rec.ttl = v; continue;
          case 292 /* ID */: if (l4) rec.icmp_id = v; else rec.ip_id = v; continue;
          case 19988 /* SPT */: rec.sport = v; continue;
          case 4628 /* DPT */: rec.dport = v; continue;
          case 781652471 /* WINDOW */: rec.win = v; continue;
          case 706800 /* URGP */: rec.urgp = v; continue;
          case 19633 /* SEQ */: if (tcp) rec.seq = v; else rec.icmp_seq = v; continue;
          case 1131 /* ACK */: rec.ack = v; continue;
          case 681477 /* TYPE */: rec.icmp_type = v; continue;
          case 113797 /* CODE */: rec.icmp_code = v; continue;
          case 643 /* TC */: rec.tc = v; continue;
          case -3 /* FLOWLBL */: rec.flowlbl = v; continue;
          case 215079 /* FRAG */: rec.frag = v; continue;
          case 21796 /* UID */: rec.uid = v; continue;
          default: rec.gid = v; continue;
        }
      case 20979 /* TOS */: case 542883 /* PREC */: case 18611 /* RES */: case 427595 /* MARK */:
        v = readHex(b, vs);
        i = stop;
        if (v < 0) return fail(b, ts, vs, i, 'is not a number');
        if (code === 20979 /* TOS */) rec.tos = v;
        else if (code === 542883 /* PREC */) rec.prec = v;
        else if (code === 427595 /* MARK */) rec.mark = v;
        else { rec.res = v; if (tcp) rec.flags = []; } // the kernel prints TCP flag words right after RES=
        continue;
    }
    if (code === 13347 /* MAC */) {
      // MAC= dumps are long: the native search beats a character loop there.
      i = b.indexOf(' ', vs);
      if (i < 0) i = end;
    } else {
      i = vs;
      while (i < end && b.charCodeAt(i) !== SP) i++;
    }
    const ve = i;
    switch (code) {
      case 20035 /* SRC */: case 4724 /* DST */: {
        const a = memoAddress(b, vs, ve, code === 20035 /* SRC */ ? 0 : 1);
        if (a === null) return fail(b, ts, vs, ve, 'is not an IP address');
        if (nested) { if (code === 20035 /* SRC */) rec.src = a; else rec.dst = a; continue; }
        if (code === 4724 /* DST */ && rec.family !== null && rec.family !== family) {
          return `DST= is not an IPv${rec.family} address like SRC=: ${a}`;
        }
        if (code === 20035 /* SRC */) rec.src = a; else rec.dst = a;
        rec.family = family;
        continue;
      }
      case 302 /* IN */: rec.in_if = text(b, vs, ve); continue;
      case 16052 /* OUT */: rec.out_if = text(b, vs, ve); continue;
      case 546098478 /* PHYSIN */: rec.physin = text(b, vs, ve); continue;
      case -4 /* PHYSOUT */: rec.physout = text(b, vs, ve); continue;
      case 13347 /* MAC */: mac(b, vs, ve, rec); continue;
      case 17383055 /* PROTO */: {
        if (ve === vs) return fail(b, ts, vs, ve, '');
        const name = protoName(b, vs, ve);
        rec.proto = name;
        v = dec(b, vs, ve);
        rec.proto_num = v >= 0 ? v : (PROTO_NUMBERS.get(name) ?? null);
        l4 = true;
        tcp = name === 'TCP';
        continue;
      }
      case 13973 /* MTU */: case -5 /* PARAMETER */: case -6 /* GATEWAY */: case -7 /* POINTER */:
        rec.icmp_extra = rec.icmp_extra === null ? b.slice(ts, ve) : `${rec.icmp_extra} ${b.slice(ts, ve)}`;
        continue;
      // nftables `log flags ether` decodes the link header instead of dumping MAC=.
      case 437374531 /* MACSRC */: if (l4) break; rec.mac_src = b.slice(vs, ve); continue;
      case 437359220 /* MACDST */: if (l4) break; rec.mac_dst = b.slice(vs, ve); continue;
      case -8 /* MACPROTO */:
        if (l4) break;
        rec.ethertype = ve - vs === 4 ? `${b.slice(vs, vs + 2)}:${b.slice(vs + 2, ve)}` : b.slice(vs, ve);
        continue;
    }
    // ulogd's printpkt writes its INCOMPLETE/TRUNCATED marker with no blank after it, gluing it to the
    // next key (`INCOMPLETEUID=0`): take the marker, then read the key on its own.
    const glued = b.startsWith('INCOMPLETE', ts) ? 10 : b.startsWith('TRUNCATED', ts) ? 9 : 0;
    if (glued && eq > ts + glued) {
      incomplete = true;
      addExtra(rec, b.slice(ts, ts + glued));
      i = ts + glued;
      continue;
    }
    addExtra(rec, b.slice(ts, ve));
  }
  return null;
}

/** Handles a token without `=`; returns where scanning resumes, or -1 for an unclosed `OPT (`. */
function bareToken(b: string, ts: number, te: number, code: number, rec: EventRecord, l4: boolean, tcp: boolean): number {
  switch (code) {
    case 134 /* DF */: if (l4) break; rec.df = true; return te;
    case 101 /* CE */: if (l4) break; rec.ce = true; return te;
    case 422 /* MF */: if (l4) break; rec.mf = true; return te;
    case 3826 /* CWR */: case 5221 /* ECE */: case 22087 /* URG */: case 1131 /* ACK */: case 17000 /* PSH */: case 19060 /* RST */: case 20270 /* SYN */: case 6446 /* FIN */:
      if (!tcp) break;
      (rec.flags ??= []).push(flagName(code));
      return te;
    case 15892 /* OPT */: {
      let p = te;
      while (b.charCodeAt(p) === SP) p++;
      if (b.charCodeAt(p) !== 40 /* ( */) break;
      const close = b.indexOf(')', p);
      if (close < 0) return -1;
      const text = b.slice(p + 1, close).trim();
      if (!l4 && rec.ip_opt === null) {
        rec.ip_opt = text;
        const f = text.indexOf('FRAG:'); // ip6tables prints the fragment header inside OPT ( … )
        if (f >= 0) rec.frag = leadingDec(text, f + 5);
      } else if (l4 && rec.tcp_opt === null) rec.tcp_opt = text;
      else addExtra(rec, b.slice(ts, close + 1));
      return close + 1;
    }
    case -9 /* INCOMPLETE */:
      incomplete = true;
      if (b.charCodeAt(te + 1) === 91 /* [ */) {
        const close = closeBracket(b, te + 1);
        if (close >= 0) { addExtra(rec, b.slice(ts, close + 1)); return close + 1; }
      }
      break;
    case -10 /* TRUNCATED */: incomplete = true; break;
    case 1616 /* ARP */:
      // The ARP payload's MACSRC=/MACDST= are not the Ethernet header's: netfilter-arp reads the rest.
      if (l4 || rec.src !== null || b.startsWith('ARP HTYPE', ts) === false) break;
      arpAt = ts;
      return b.length;
    default:
      // ip6tables fragment header without IPOPT logging: `FRAG:1232`; ulogd spells it `FRAG: 1232`.
      if (code < 0 && b.startsWith('FRAG:', ts)) {
        if (te - ts > 5) {
          rec.frag = leadingDec(b, ts + 5);
          return te;
        }
        const ds = te + 1;
        let de = ds;
        while (de < b.length && b.charCodeAt(de) >= 48 && b.charCodeAt(de) <= 57) de++;
        if (de > ds && (de === b.length || b.charCodeAt(de) === SP)) {
          rec.frag = leadingDec(b, ds);
          return de;
        }
      }
      // ulogd's `ID: 0000beef` is the kernel's `ID:0000beef` (the IPv6 fragment id): kept as one token.
      if (te - ts === 3 && b.startsWith('ID:', ts) && b.charCodeAt(te) === SP) {
        let ve = te + 1;
        while (ve < b.length && b.charCodeAt(ve) !== SP) ve++;
        if (ve > te + 1) {
          addExtra(rec, 'ID:' + b.slice(te + 1, ve));
          return ve;
        }
      }
  }
  addExtra(rec, b.slice(ts, te));
  return te;
}

/** Flag word for its code, as a shared constant string. */
export function flagName(code: number): string {
  switch (code) {
    case 3826: return 'CWR';
    case 5221: return 'ECE';
    case 22087: return 'URG';
    case 1131: return 'ACK';
    case 17000: return 'PSH';
    case 19060: return 'RST';
    case 20270: return 'SYN';
    default: return 'FIN';
  }
}

/** The bracketed ICMP-error payload: its own header fields, never the outer packet's. */
function embedded(text: string, rec: EventRecord): void {
  const inner = new EventRecord();
  const outerIncomplete = incomplete;
  const outerFamily = family;
  scan(text, 0, inner, true);
  incomplete = outerIncomplete;
  family = outerFamily;
  rec.inner_text = text;
  rec.inner_src = inner.src;
  rec.inner_dst = inner.dst;
  rec.inner_proto = inner.proto;
  rec.inner_sport = inner.sport;
  rec.inner_dport = inner.dport;
  rec.inner_len = inner.len;
  rec.inner_ttl = inner.ttl;
  rec.inner_id = inner.ip_id;
}

/** Index of the `]` matching the `[` at open (nested INCOMPLETE [..] counted), or -1. */
function closeBracket(b: string, open: number): number {
  let depth = 0;
  for (let k = open; k < b.length; k++) {
    const c = b.charCodeAt(k);
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return k;
  }
  return -1;
}

/** Text of b[vs, ve), or null for an empty value (`OUT=`). */
function text(b: string, vs: number, ve: number): string | null {
  return ve === vs ? null : b.slice(vs, ve);
}

// IPv6 canonicalisation is the costliest step and neighbouring lines repeat addresses, so the last
// result per field is kept; the compare is by value on the raw text.
const memoRaw = ['', ''];
const memoCanon = ['', ''];

function memoAddress(b: string, vs: number, ve: number, slot: number): string | null {
  // Every IPv6 text has a colon within its first five characters; IPv4 never has one.
  const lim = Math.min(ve, vs + 5);
  let k = vs;
  while (k < lim && b.charCodeAt(k) !== 58) k++;
  if (k === lim) {
    family = 4;
    return parseIPv4At(b, vs, ve) >= 0 ? b.slice(vs, ve) : null;
  }
  family = 6;
  const raw = b.slice(vs, ve);
  if (raw === memoRaw[slot]) return memoCanon[slot];
  const a = canonicalIPv6At(raw, 0, raw.length);
  if (a !== null) {
    memoRaw[slot] = raw;
    memoCanon[slot] = a;
  }
  return a;
}

function mac(b: string, vs: number, ve: number, rec: EventRecord): void {
  if (ve === vs) return;
  // dst(6):src(6):type(2+) = 41+ chars; other link types dump other lengths, kept whole in extra.
  if (ve - vs < 41 || b.charCodeAt(vs + 17) !== 58 || b.charCodeAt(vs + 35) !== 58) {
    addExtra(rec, b.slice(vs - 4, ve));
    return;
  }
  rec.mac_dst = b.slice(vs, vs + 17);
  rec.mac_src = b.slice(vs + 18, vs + 35);
  rec.ethertype = b.slice(vs + 36, ve);
}

const COMMON_PROTOS = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'UDPLITE'];
const PROTO_NUMBERS = new Map<string, number>([
  ['ICMP', 1], ['IGMP', 2], ['TCP', 6], ['UDP', 17], ['GRE', 47], ['ESP', 50], ['AH', 51],
  ['ICMPv6', 58], ['SCTP', 132], ['UDPLITE', 136],
]);

/** The protocol name, as a shared constant for the common ones (no new string per line). */
function protoName(b: string, vs: number, ve: number): string {
  const name = b.slice(vs, ve);
  for (const p of COMMON_PROTOS) if (p === name) return p;
  return name;
}

/** Decimal value of b[vs, ve), or -1 when empty or not all digits. */
function dec(b: string, vs: number, ve: number): number {
  if (ve === vs || ve - vs > 15) return -1;
  let v = 0;
  for (let k = vs; k < ve; k++) {
    const d = b.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

// Where the last readDec/readHex stopped (the token end), so the caller needs no second scan.
let stop = 0;

/** Decimal token starting at k, up to the next space; -1 when empty or not all digits. */
function readDec(b: string, k: number): number {
  const start = k;
  let v = 0;
  let bad = false;
  for (; k < b.length; k++) {
    const d = b.charCodeAt(k) - 48;
    if (d === SP - 48) break;
    if (d < 0 || d > 9) bad = true;
    else v = v * 10 + d;
  }
  stop = k;
  return bad || k === start || k - start > 15 ? -1 : v;
}

/** Hex token starting at k with optional 0x (some firmwares print `TOS=00`); -1 when not hex. */
function readHex(b: string, k: number): number {
  if (b.charCodeAt(k) === 48 && (b.charCodeAt(k + 1) | 32) === 120) k += 2;
  const start = k;
  let v = 0;
  let bad = false;
  for (; k < b.length; k++) {
    const c = b.charCodeAt(k);
    if (c === SP) break;
    const l = c | 32;
    if (c >= 48 && c <= 57) v = v * 16 + c - 48;
    else if (l >= 97 && l <= 102) v = v * 16 + l - 87;
    else bad = true;
  }
  stop = k;
  return bad || k === start || k - start > 13 ? -1 : v;
}

function leadingDec(s: string, from: number): number | null {
  let k = from;
  while (k < s.length && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
  return k > from ? dec(s, from, k) : null;
}

function fail(b: string, ts: number, vs: number, ve: number, what: string): string {
  let k = ve;
  while (k < b.length && b.charCodeAt(k) === SP) k++;
  // An error in the last token means the line was cut short, and the reason should say so.
  const cut = k >= b.length ? 'truncated: ' : '';
  const key = b.slice(ts, vs);
  return ve === vs ? `${cut}${key} has no value` : `${cut}${key} ${what}: ${b.slice(vs, ve)}`;
}

/**
 * Whether a line without SRC= was cut before it: nothing printed after SRC= is there (DST=, LEN=,
 * PROTO=…), and at most one token fwlens did not read, the last one, the place of the cut.
 */
function endsBeforeSrc(b: string, rec: EventRecord): boolean {
  if (rec.dst !== null || rec.len !== null || rec.ttl !== null || rec.proto !== null || rec.tos !== null) return false;
  if (rec.extra === null) return true;
  return !rec.extra.includes(' ') && b.trimEnd().endsWith(rec.extra);
}

function addExtra(rec: EventRecord, t: string): void {
  rec.extra = rec.extra === null ? t : `${rec.extra} ${t}`;
}
