// The fast path of the netfilter LOG body: the common IPv4/IPv6 TCP, UDP and ICMP echo lines, read in one
// pass over the line with no body string, no key strings and no per-line prefix cut. Any key, token or
// value outside that shape returns false and the exact parser (netfilter.ts, the reference) reads the line.
import type { EventRecord } from '../shared/model.ts';
import { canonicalIPv6At, parseIPv4At } from './ip-text.ts';
import { type Prefix, dec, hex, prefixOf, stop, valueEnd } from './netfilter-fast-tokens.ts';
import { flagName } from './netfilter.ts';

const SP = 32;
const I32 = 2147483647;

let lastRaw = '';
let lastPrefix: Prefix | null = { text: null, action: 'unknown' };

// Interface names repeat: the last text per field is kept, compared in place.
let lastIn = '';
let lastOut = '';

/** Fills a reset record (its envelope fields already set) from the body at `p`; false to decline. */
export function fastNetfilter(b: string, p: number, rec: EventRecord): boolean {
  const n = b.length;
  // The anchor: the first IN= must be the field (not PHYSIN=, not inside the prefix), followed by OUT=.
  const at = b.indexOf('IN=', p);
  if (at < 0 || (at > p && b.charCodeAt(at - 1) !== SP && b.charCodeAt(at - 1) !== 93 /* ] */ && b.charCodeAt(at - 1) !== 58 /* : */)) return false;
  if (at - p >= 4 && b.charCodeAt(at - 1) === 83 && b.charCodeAt(at - 4) === 80) return false;
  // The exact parser anchors on the first IN= whose value is followed by ` OUT=`: this one must be it.
  let j = b.indexOf(' ', at + 3);
  if (j < 0) j = n;
  if (b.charCodeAt(j + 1) !== 79 || b.charCodeAt(j + 2) !== 85 || b.charCodeAt(j + 3) !== 84 || b.charCodeAt(j + 4) !== 61) return false;
  if (at > p) {
    if (at - p !== lastRaw.length || !b.startsWith(lastRaw, p)) {
      lastRaw = b.slice(p, at);
      lastPrefix = prefixOf(lastRaw);
    }
    if (lastPrefix === null) return false;
    rec.prefix = lastPrefix.text;
    rec.action = lastPrefix.action;
  }
  let i = at;
  let l4 = false, tcp = false, icmp = false, v6 = false, fam = 0;
  let tos = -1, prec = -1;
  // IN= and OUT= seen, empty or not: a repeat is the exact parser's to read (its last value wins).
  let seenIn = false, seenOut = false;
  while (i < n) {
    const c0 = b.charCodeAt(i);
    if (c0 === SP) { i++; continue; }
    // Keys: their letters read as one small integer (base 32, up to 6 letters; HOPLIMIT and FLOWLBL apart).
    const ks = i;
    let code = 0;
    for (; i < n; i++) {
      const c = b.charCodeAt(i);
      if (c < 65 || c > 90) break;
      if (i - ks < 6) code = code * 32 + c - 64;
    }
    const kl = i - ks;
    if (kl === 0) return false;
    if (kl > 6) code = kl === 8 && b.startsWith('HOPLIMIT', ks) ? -2 : kl === 7 && b.startsWith('FLOWLBL', ks) ? -3 : -1;
    if (i === n || b.charCodeAt(i) === SP) {
      // A bare word: IP flags before PROTO=, TCP flags after RES=.
      switch (code) {
        case 134 /* DF */: if (l4 || v6 || rec.df !== null) return false; rec.df = true; continue;
        case 101 /* CE */: if (l4 || v6 || rec.ce !== null) return false; rec.ce = true; continue;
        case 422 /* MF */: if (l4 || v6 || rec.mf !== null) return false; rec.mf = true; continue;
        case 3826: case 5221: case 22087: case 1131: case 17000: case 19060: case 20270: case 6446:
          if (!tcp || kl !== 3 || rec.flags === null) return false;
          rec.flags.push(flagName(code));
          continue;
        default: return false;
      }
    }
    if (b.charCodeAt(i) !== 61 /* = */) return false;
    const vs = i + 1;
    let v = 0;
    switch (code) {
      case 302 /* IN */: case 16052 /* OUT */: {
        const ve = valueEnd(b, vs, n);
        if (ve < 0 || l4) return false;
        i = ve;
        if (code === 302) {
          if (seenIn) return false;
          seenIn = true;
          if (ve === vs) continue;
          if (ve - vs !== lastIn.length || !b.startsWith(lastIn, vs)) lastIn = b.slice(vs, ve);
          rec.in_if = lastIn;
        } else {
          if (seenOut) return false;
          seenOut = true;
          if (ve === vs) continue;
          if (ve - vs !== lastOut.length || !b.startsWith(lastOut, vs)) lastOut = b.slice(vs, ve);
          rec.out_if = lastOut;
        }
        if (rec.in_if === '\\N' || rec.out_if === '\\N') return false;
        continue;
      }
      case 13347 /* MAC */: {
        // MAC= dumps are long: the native search beats a character loop (the exact parser's way too, so
        // the record is the same; the writers check the text for control characters).
        let ve = b.indexOf(' ', vs);
        if (ve < 0) ve = n;
        if (l4 || rec.mac_dst !== null) return false;
        i = ve;
        if (ve === vs) continue;
        if (ve - vs < 41 || b.charCodeAt(vs + 17) !== 58 || b.charCodeAt(vs + 35) !== 58) return false;
        rec.mac_dst = b.slice(vs, vs + 17);
        rec.mac_src = b.slice(vs + 18, vs + 35);
        rec.ethertype = b.slice(vs + 36, ve);
        continue;
      }
      case 20035 /* SRC */: case 4724 /* DST */: {
        const ve = valueEnd(b, vs, n);
        if (ve <= vs || l4) return false;
        i = ve;
        let k = vs;
        const lim = Math.min(ve, vs + 5);
        while (k < lim && b.charCodeAt(k) !== 58) k++;
        let a: string | null;
        let f: number;
        if (k === lim) {
          if (parseIPv4At(b, vs, ve) < 0) return false;
          a = b.slice(vs, ve);
          f = 4;
        } else {
          a = canonicalIPv6At(b, vs, ve);
          if (a === null) return false;
          f = 6;
        }
        if (code === 20035) {
          if (rec.src !== null || rec.dst !== null) return false;
          rec.src = a;
          fam = f;
          v6 = f === 6;
        } else {
          if (rec.src === null || rec.dst !== null || f !== fam) return false;
          rec.dst = a;
        }
        continue;
      }
      case 17383055 /* PROTO */: {
        if (l4 || rec.src === null || rec.dst === null) return false;
        const ve = valueEnd(b, vs, n);
        const len = ve - vs;
        const c = b.charCodeAt(vs);
        if (len === 3 && c === 84 && b.charCodeAt(vs + 1) === 67 && b.charCodeAt(vs + 2) === 80) { rec.proto = 'TCP'; rec.proto_num = 6; tcp = true; }
        else if (len === 3 && c === 85 && b.charCodeAt(vs + 1) === 68 && b.charCodeAt(vs + 2) === 80) { rec.proto = 'UDP'; rec.proto_num = 17; }
        else if (len === 4 && !v6 && b.startsWith('ICMP', vs)) { rec.proto = 'ICMP'; rec.proto_num = 1; icmp = true; }
        else if (len === 6 && v6 && b.startsWith('ICMPv6', vs)) { rec.proto = 'ICMPv6'; rec.proto_num = 58; icmp = true; }
        else return false;
        l4 = true;
        i = ve;
        continue;
      }
      case 20979 /* TOS */: case 542883 /* PREC */: case 18611 /* RES */:
        v = hex(b, vs, n);
        if (v < 0) return false;
        i = stop;
        if (code === 20979) { if (l4 || v6 || tos >= 0 || v > 255) return false; tos = v; rec.tos = v; }
        else if (code === 542883) { if (l4 || v6 || prec >= 0 || v > 255) return false; prec = v; rec.prec = v; }
        else { if (!tcp || rec.res !== null || v !== 0) return false; rec.res = v; rec.flags = []; }
        continue;
    }
    v = dec(b, vs, n);
    if (v < 0) return false;
    i = stop;
    switch (code) {
      case 12462 /* LEN */:
        if (l4) { if (tcp || icmp || rec.l4_len !== null) return false; rec.l4_len = v; }
        else { if (rec.len !== null) return false; rec.len = v; }
        continue;
      case 21132 /* TTL */: if (l4 || v6 || rec.ttl !== null || v > 65535) return false; rec.ttl = v; continue;
      case 292 /* ID */:
        if (l4) { if (!icmp || rec.icmp_id !== null) return false; rec.icmp_id = v; }
        else { if (v6 || rec.ip_id !== null) return false; rec.ip_id = v; }
        continue;
      case 643 /* TC */: if (l4 || !v6 || rec.tc !== null || v > 65535) return false; rec.tc = v; continue;
      case -2 /* HOPLIMIT */: if (l4 || !v6 || rec.ttl !== null || v > 65535) return false; rec.ttl = v; continue;
      case -3 /* FLOWLBL */: if (l4 || !v6 || rec.flowlbl !== null) return false; rec.flowlbl = v; continue;
      case 19988 /* SPT */: if (!l4 || icmp || rec.sport !== null) return false; rec.sport = v; continue;
      case 4628 /* DPT */: if (!l4 || icmp || rec.dport !== null) return false; rec.dport = v; continue;
      case 781652471 /* WINDOW */: if (!tcp || rec.win !== null) return false; rec.win = v; continue;
      case 706800 /* URGP */: if (!tcp || rec.urgp !== null || v !== 0) return false; rec.urgp = v; continue;
      case 681477 /* TYPE */: if (!icmp || rec.icmp_type !== null || v > 65535) return false; rec.icmp_type = v; continue;
      case 113797 /* CODE */: if (!icmp || rec.icmp_code !== null || v > 65535) return false; rec.icmp_code = v; continue;
      case 19633 /* SEQ */: if (!icmp || rec.icmp_seq !== null) return false; rec.icmp_seq = v; continue;
      default: return false;
    }
  }
  if (rec.src === null || rec.dst === null || rec.proto === null) return false;
  if (icmp) { if (rec.icmp_type === null || rec.icmp_code === null) return false; }
  else if (rec.sport === null || rec.dport === null) return false;
  if (rec.len !== null && rec.len > I32) return false;
  if (fam === 4) {
    rec.family = 4;
    if (rec.ce === null) rec.ce = false;
    if (rec.df === null) rec.df = false;
    if (rec.mf === null) rec.mf = false;
  } else rec.family = 6;
  return true;
}
