// Owns the token run after a conntrack text line's head: both tuples, counters, [FLAGS] and the key=value tail.

import { type ConntrackRecord, addExtra, addStatus } from './conntrack-record.ts';
import { address, addrFamily, dec, equals, hex, readDec, stop } from './text-values.ts';
import { monthAt, type Zone } from '../parse/syslog-time.ts';

// Scan state at module level: parsing is synchronous, and this avoids an object per line.
/** 0 before the first src=, 1 in the original tuple, 2 in the reply tuple. */
let dir = 0;

// Key codes: base-32 of the first six characters (a-z = 1..26, '-' = 27); longer keys add the rest as a tail.
// packets, secmark, zone-orig, zone-reply, delta-time: head code, tail code, the code the switch uses.
const LONG_HEAD = [538029236, 642888754, 888608623, 888608626, 139874363];
const LONG_TAIL = [19, 11, 18727, 180633, 664997];
const LONG_CODE = [-2, -3, -4, -5, -6];

function keyCode(k: string): number {
  let c = 0;
  for (let j = 0; j < k.length && j < 6; j++) c = c * 32 + (k.charCodeAt(j) === 45 ? 27 : k.charCodeAt(j) - 96);
  return c;
}
// The switch uses literal codes (no binding loads in the hot path); this keeps them honest.
for (const [k, lit] of Object.entries({
  src: 20035, dst: 4724, sport: 20463188, dport: 4734548, type: 681477, code: 113797, id: 292, srckey: 656518329,
  dstkey: 154807481, bytes: 2937011, mark: 427595, use: 22117, zone: 867781, secctx: 642879128, labels: 403772819,
  helper: 274088114, packets: 538029236, secmark: 642888754, 'zone-orig': 888608623, 'delta-time': 139874363,
})) if (keyCode(k) !== lit) throw new Error(`conntrack key code drifted: ${k}`);

/** Reads tokens from i to the end into rec; null when fine, else the reject reason. */
export function scanBody(b: string, i: number, rec: ConntrackRecord, zone: Zone): string | null {
  const end = b.length;
  dir = 0;
  let icmpIdNext = false; // `id=` right after `code=` is the ICMP id, elsewhere the conntrack id
  while (i < end) {
    const c = b.charCodeAt(i);
    if (c === 32 || c === 9) { i++; continue; }
    const ts = i;
    if (c === 91 /* [ */) {
      const close = b.indexOf(']', i);
      if (close < 0) return `truncated: ${b.slice(i, i + 12)} has no closing ]`;
      const why = bracket(b, i + 1, close, rec, zone);
      if (why !== null) return why;
      i = close + 1;
      icmpIdNext = false;
      continue;
    }
    let code = 0, tail = 0, n = 0, eq = -1;
    for (; i < end; i++) {
      const ch = b.charCodeAt(i);
      if (ch === 32 || ch === 9) break;
      if (ch === 61 /* = */) { eq = i; break; }
      if (code < 0) continue;
      const v = ch >= 97 && ch <= 122 ? ch - 96 : ch === 45 ? 27 : -1;
      if (v < 0 || n >= 12) code = -1;
      else if (n++ < 6) code = code * 32 + v;
      else tail = tail * 32 + v;
    }
    if (eq < 0) { keepExtra(rec, b, ts, i); icmpIdNext = false; continue; }
    if (tail !== 0 && code >= 0) {
      let found = -1;
      for (let k = 0; k < LONG_HEAD.length; k++) if (LONG_HEAD[k] === code && LONG_TAIL[k] === tail) found = LONG_CODE[k];
      code = found;
    }
    const vs = eq + 1;
    let ve = vs;
    let v = -2;
    // Numeric keys read their digits and find the token end in one pass; the rest look for the end first.
    switch (code) {
      case 20463188 /* sport */: case 4734548 /* dport */: case 681477 /* type */: case 113797 /* code */:
      case 292 /* id */: case -2 /* packets */: case 2937011 /* bytes */: case 427595 /* mark */: case -3 /* secmark */:
      case 22117 /* use */: case 867781 /* zone */: case -4: case -5: case -6 /* zone-orig, zone-reply, delta-time */:
        v = readDec(b, vs);
        ve = stop;
        break;
      default:
        while (ve < end && b.charCodeAt(ve) !== 32 && b.charCodeAt(ve) !== 9) ve++;
    }
    i = ve;
    const wasIcmp = icmpIdNext;
    icmpIdNext = false;
    switch (code) {
      case 20035 /* src */: {
        if (dir === 2) return 'a third src= tuple: not a conntrack entry';
        dir++;
        // The reply tuple mostly repeats the original's addresses: share those strings.
        const a = dir === 2 && equals(b, vs, ve, rec.dst) ? rec.dst : address(b, vs, ve);
        if (a === null) return fail(b, ts, vs, ve, 'is not an IP address');
        if (rec.family !== null && rec.family !== addrFamily) return `src= is not an IPv${rec.family} address: ${a}`;
        rec.family = addrFamily;
        if (dir === 1) rec.src = a; else rec.reply_src = a;
        continue;
      }
      case 4724 /* dst */: {
        if (dir === 0) return 'dst= before src=: not a conntrack entry';
        const a = dir === 2 && equals(b, vs, ve, rec.src) ? rec.src : address(b, vs, ve);
        if (a === null) return fail(b, ts, vs, ve, 'is not an IP address');
        if (addrFamily !== rec.family) return `dst= is not an IPv${rec.family} address: ${a}`;
        if (dir === 1) rec.dst = a; else rec.reply_dst = a;
        continue;
      }
      case 656518329 /* srckey */: case 154807481 /* dstkey */:
        // GRE keys sit where the ports sit in the kernel's tuple, so they fill the port columns.
        v = hex(b, vs, ve);
        break;
      case 642879128 /* secctx */: rec.secctx = b.slice(vs, ve); continue;
      case 403772819 /* labels */: rec.labels = b.slice(vs, ve); continue;
      case 274088114 /* helper */: rec.helper = b.slice(vs, ve); continue;
    }
    if (v === -1) return fail(b, ts, vs, ve, 'is not a number');
    const orig = dir === 1;
    switch (code) {
      case 20463188 /* sport */: case 656518329 /* srckey */: if (dir === 0) break; if (orig) rec.sport = v; else rec.reply_sport = v; continue;
      case 4734548 /* dport */: case 154807481 /* dstkey */: if (dir === 0) break; if (orig) rec.dport = v; else rec.reply_dport = v; continue;
      case 681477 /* type */: if (dir === 0) break; if (orig) rec.icmp_type = v; else rec.reply_icmp_type = v; continue;
      case 113797 /* code */: if (dir === 0) break; if (orig) rec.icmp_code = v; else rec.reply_icmp_code = v; icmpIdNext = true; continue;
      case 292 /* id */:
        if (wasIcmp) { if (orig) rec.icmp_id = v; else rec.reply_icmp_id = v; } else rec.id = v;
        continue;
      case -2 /* packets */: if (dir === 0) break; if (orig) rec.packets = v; else rec.reply_packets = v; continue;
      case 2937011 /* bytes */: if (dir === 0) break; if (orig) rec.bytes = v; else rec.reply_bytes = v; continue;
      case 427595 /* mark */: rec.mark = v; continue;
      case -3 /* secmark */: rec.secmark = v; continue;
      case 22117 /* use */: rec.use = v; continue;
      case 867781 /* zone */: rec.zone = v; continue;
      case -4 /* zone-orig */: rec.zone_orig = v; continue;
      case -5 /* zone-reply */: rec.zone_reply = v; continue;
      case -6 /* delta-time */: rec.delta_time = v; continue;
    }
    keepExtra(rec, b, ts, ve);
  }
  return null;
}

/** Adds b[s, e) to the unrecognised tokens with the blanks written before it: a tab stays a tab. */
function keepExtra(rec: ConntrackRecord, b: string, s: number, e: number): void {
  if (rec.extra === null) { addExtra(rec, b.slice(s, e)); return; }
  let w = s;
  while (w > 0 && (b.charCodeAt(w - 1) === 32 || b.charCodeAt(w - 1) === 9)) w--;
  rec.extra += (w < s ? b.slice(w, s) : ' ') + b.slice(s, e);
}

/** `[ASSURED]`-style flags, `[start=…]`/`[stop=…]` (ctime text) and conntrackd's `[active since 536s]`. */
function bracket(b: string, s: number, e: number, rec: ConntrackRecord, zone: Zone): string | null {
  let k = s;
  while (k < e) {
    const c = b.charCodeAt(k);
    if (!((c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57 && k > s))) break;
    k++;
  }
  if (k === e && e > s) { addStatus(rec, flagName(b, s, e)); return null; }
  const c0 = b.charCodeAt(s);
  if ((c0 === 115 /* s */ && b.startsWith('start=', s)) || (c0 === 115 && b.startsWith('stop=', s))) {
    const start = b.charCodeAt(s + 2) === 97;
    const vs = s + (start ? 6 : 5);
    const text = b.slice(vs, e);
    const ms = ctimeMs(b, vs, e, zone);
    if (Number.isNaN(ms)) return `[${start ? 'start' : 'stop'}=] is not a ctime date: ${text}`;
    if (start) { rec.start = ms * 1000; rec.start_text = text; } else { rec.stop = ms * 1000; rec.stop_text = text; }
    return null;
  }
  if (c0 === 97 /* a */ && b.startsWith('active since ', s) && b.charCodeAt(e - 1) === 115 /* s */) {
    const v = dec(b, s + 13, e - 1);
    if (v < 0) return `[active since] is not a number of seconds: ${b.slice(s + 13, e)}`;
    rec.active_since = v;
    return null;
  }
  keepExtra(rec, b, s - 1, e + 1);
  return null;
}

const FLAGS = ['ASSURED', 'UNREPLIED', 'OFFLOAD', 'HW_OFFLOAD', 'SEEN_REPLY', 'CONFIRMED', 'DYING'];

/** The flag text, as a shared constant for the known ones (no new string per line). */
function flagName(b: string, s: number, e: number): string {
  const t = b.slice(s, e);
  for (const f of FLAGS) if (f === t) return f;
  return t;
}

/** ctime(3) text `Fri Jan  4 16:40:02 2019` read in zone, as UTC ms; NaN when it is not that shape. */
export function ctimeMs(b: string, s: number, e: number, zone: Zone): number {
  if (e - s !== 24 || b.charCodeAt(s + 3) !== 32 || b.charCodeAt(s + 7) !== 32) return NaN;
  const mo = monthAt(b, s + 4);
  const d = (b.charCodeAt(s + 8) === 32 ? 0 : dec(b, s + 8, s + 9) * 10) + dec(b, s + 9, s + 10);
  const h = dec(b, s + 11, s + 13), mi = dec(b, s + 14, s + 16), sec = dec(b, s + 17, s + 19);
  const y = dec(b, s + 20, s + 24);
  if (mo === 0 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 || y < 1970) return NaN;
  return zone.toUtc(y, mo, d, h, mi, sec);
}

function fail(b: string, ts: number, vs: number, ve: number, what: string): string {
  // An error in the last token means the line was cut short, and the reason should say so.
  const cut = b.slice(ve).trim() === '' ? 'truncated: ' : '';
  const key = b.slice(ts, vs);
  return ve === vs ? `${cut}${key} has no value` : `${cut}${key} ${what}: ${b.slice(vs, ve)}`;
}
