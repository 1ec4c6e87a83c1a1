// Owns one line of conntrack text: `conntrack -L`/`-E` (any -o id,extended,timestamp,ktimestamp), /proc/net/nf_conntrack,
// /proc/net/ip_conntrack and `conntrackd -i` cache dumps. They differ only in the head before the first tuple.

import { ConntrackRecord, SKIP, finish } from './conntrack-record.ts';
import { scanBody } from './line-body.ts';
import { dec } from './text-values.ts';
import { makeZone, type Zone } from '../parse/syslog-time.ts';
import { makeEnvelopeSplitter, type Envelope } from '../parse/envelope.ts';

/** Reads a syslog envelope (the conntrack importer's is bound to the file's year and zone). */
export type EnvelopeSplit = (line: string) => Envelope | string;
let defaultSplit: EnvelopeSplit | null = null;

/** What the last parsed line's head carried (for format detection): bits of HEAD_*. */
export let lastHead = 0;
export const HEAD_STAMP = 1, HEAD_EVENT = 2, HEAD_L3 = 4, HEAD_TIMEOUT = 8, HEAD_ENVELOPE = 16;

const STATES = ['ESTABLISHED', 'TIME_WAIT', 'SYN_SENT', 'SYN_RECV', 'CLOSE', 'CLOSE_WAIT', 'FIN_WAIT', 'LAST_ACK', 'NONE'];

let localZone: Zone | null = null;

/** Cheap test: does this line read as a conntrack text entry? */
export function detect(line: string): boolean {
  return line.includes('src=') && parseConntrackLine(line, new ConntrackRecord()) === null;
}

/**
 * Parses one line into rec. Returns null on success, a reason starting with `skip: ` for lines that are
 * legitimately not entries (blank, the tool's summary; see isSkip), or a reject reason for broken entries.
 * `zone` reads the local-time `[start=…]`/`[stop=…]` stamps; the default is this machine's zone.
 * A line in a syslog envelope (a conntrack logger's: `Jul 16 12:54:54 vyos-conntrack-logger[9387]: [NEW] …`)
 * takes the envelope's time; `split` reads it (default: year from today, this machine's zone).
 */
export function parseConntrackLine(line: string, rec: ConntrackRecord, zone?: Zone, split?: EnvelopeSplit): string | null {
  lastHead = 0;
  let n = line.length;
  while (n > 0 && isBlank(line.charCodeAt(n - 1))) n--;
  let b = n === line.length ? line : line.slice(0, n);
  let i = skip(b, 0);
  if (i >= n) return `${SKIP}blank line`;
  let c = b.charCodeAt(i);
  // conntrack's own heads start with `[`, a protocol or `ipv4`/`ipv6`, all lower case: anything else
  // starting with a capital, a digit or `<PRI>` is a syslog envelope (or not a conntrack line at all).
  if ((c >= 65 && c <= 90) || isDigit(c) || c === 60) {
    const env = (split ?? (defaultSplit ??= makeEnvelopeSplitter({ refTimeMs: Date.now() })))(i === 0 ? b : b.slice(i));
    if (typeof env === 'string') return `not a conntrack entry: ${env}`;
    lastHead |= HEAD_ENVELOPE;
    if (env.ts !== null) { rec.ts = env.ts; rec.ts_text = env.ts_text; rec.ts_source = 'envelope'; }
    b = env.body;
    n = b.length;
    i = skip(b, 0);
    if (i >= n) return 'not a conntrack entry: an envelope without a message';
    c = b.charCodeAt(i);
  }
  if (c === 99 /* c */ && b.startsWith('conntrack v', i) && b.includes('(conntrack-tools)')) {
    return `${SKIP}conntrack tool message`;
  }
  if (c === 91 /* [ */ && isDigit(b.charCodeAt(i + 1))) {
    i = stamp(b, i + 1, rec);
    if (i < 0) return 'unreadable [seconds.micros] timestamp';
    lastHead |= HEAD_STAMP;
    rec.ts_source = 'entry';
    i = skip(b, i);
    c = b.charCodeAt(i);
  }
  if (c === 91) {
    const close = b.indexOf(']', i);
    const tag = close < 0 ? '' : b.slice(i + 1, close);
    if (tag === 'NEW') rec.event = 'NEW';
    else if (tag === 'UPDATE') rec.event = 'UPDATE';
    else if (tag === 'DESTROY') rec.event = 'DESTROY';
    else return `unknown event tag: ${b.slice(i, close < 0 ? i + 12 : close + 1)}`;
    lastHead |= HEAD_EVENT;
    i = skip(b, close + 1);
    // VyOS's conntrack logger writes the conntrack id between the event and the protocol: `[NEW] 1411737613 udp 17 …`.
    const we = wordEnd(b, i), next = skip(b, we);
    if (we > i && isDigit(b.charCodeAt(i)) && isLower(b.charCodeAt(next))) {
      const id = dec(b, i, we);
      if (id < 0) return `unreadable conntrack id: ${b.slice(i, we)}`;
      rec.id = id;
      i = next;
    }
  }
  // `ipv4 2 tcp 6` (extended, /proc/net/nf_conntrack) or just `tcp 6`.
  let w = wordEnd(b, i);
  let ns = skip(b, w), ne = wordEnd(b, ns);
  let num = dec(b, ns, ne);
  if (w === i || num < 0) return 'no protocol name and number: not a conntrack entry';
  if (w - i === 4 && b.charCodeAt(i) === 105 && b.charCodeAt(i + 1) === 112 && b.charCodeAt(i + 2) === 118 && (num === 2 || num === 10)) {
    const six = b.charCodeAt(i + 3) === 54;
    if ((num === 10) !== six) return `layer 3 name and number disagree: ${b.slice(i, ne)}`;
    rec.family = six ? 6 : 4;
    lastHead |= HEAD_L3;
    i = skip(b, ne);
    w = wordEnd(b, i);
    ns = skip(b, w); ne = wordEnd(b, ns);
    num = dec(b, ns, ne);
    if (w === i || num < 0) return 'no protocol name and number after the layer 3 columns';
  }
  if (num > 255) return `protocol number out of range: ${num}`;
  const bad = protoProblem(b, i, w, num);
  if (bad !== null) return bad;
  rec.proto = protoName(b, i, w, num);
  rec.proto_num = num;
  i = skip(b, ne);
  // Timeout (absent in DESTROY events, conntrackd caches and offloaded flows), then the protocol state.
  w = wordEnd(b, i);
  const t = dec(b, i, w);
  if (t >= 0) { rec.timeout = t; lastHead |= HEAD_TIMEOUT; i = skip(b, w); w = wordEnd(b, i); }
  if (w > i && b.charCodeAt(i) !== 91 && !hasEq(b, i, w)) {
    rec.state = stateName(b, i, w);
    i = skip(b, w);
  }
  const why = scanBody(b, i, rec, zone ?? (localZone ??= makeZone()));
  if (why !== null) return why;
  return finish(rec);
}

/**
 * `conntrack -E -o timestamp` prints `[%-8ld.%-6ld]`: the microseconds are NOT zero-padded but
 * space-padded on the right, so `[1546616402.1234  ]` means 1234 µs, and the digits are read as an integer.
 */
function stamp(b: string, i: number, rec: ConntrackRecord): number {
  const s = i;
  let sec = 0, us = 0, k = i;
  while (isDigit(b.charCodeAt(k))) sec = sec * 10 + b.charCodeAt(k++) - 48;
  if (k === s || k - s > 12 || b.charCodeAt(k) !== 46) return -1;
  const f = ++k;
  while (isDigit(b.charCodeAt(k))) us = us * 10 + b.charCodeAt(k++) - 48;
  const digits = k - f;
  if (digits === 0) return -1;
  if (digits > 6) us = Math.floor(us / 10 ** (digits - 6)); // a zero-padded finer fraction
  let e = k;
  while (b.charCodeAt(e) === 32) e++;
  if (b.charCodeAt(e) !== 93) return -1;
  rec.ts = sec * 1_000_000 + us;
  rec.ts_text = b.slice(s, k);
  return e + 1;
}

// Names by protocol number, so the common case compares characters and allocates nothing.
const PROTO_BY_NUM: string[] = [];
for (const [k, v] of [[6, 'tcp'], [17, 'udp'], [1, 'icmp'], [58, 'icmpv6'], [132, 'sctp'], [33, 'dccp'], [47, 'gre'], [136, 'udplite']] as const) {
  PROTO_BY_NUM[k] = v;
}

// conntrack prints `unknown` for these (no tracker of their own): named as the events table names them.
const OTHER_BY_NUM: string[] = [];
for (const [k, v] of [[2, 'igmp'], [50, 'esp'], [51, 'ah'], [4, 'ipip'], [41, 'ipv6']] as const) OTHER_BY_NUM[k] = v;

function protoName(b: string, s: number, e: number, num: number): string {
  const known = PROTO_BY_NUM[num];
  if (known !== undefined && same(b, s, e, known)) return known;
  const name = b.slice(s, e);
  return name === 'unknown' ? (OTHER_BY_NUM[num] ?? String(num)) : name;
}

/**
 * Why b[s, e) cannot be the protocol column, or null. conntrack and the kernel print a name of their own
 * table or `unknown` (libnetfilter_conntrack's proto2str, the kernel's l4proto names); a month name, a
 * host or a stamp there is not a conntrack entry, nor is a name that contradicts the number.
 */
function protoProblem(b: string, s: number, e: number, num: number): string | null {
  if (same(b, s, e, 'unknown')) return null;
  const known = PROTO_BY_NUM[num] ?? OTHER_BY_NUM[num];
  if (known !== undefined && same(b, s, e, known)) return null;
  for (const name of [...PROTO_BY_NUM, ...OTHER_BY_NUM]) {
    if (name !== undefined && same(b, s, e, name)) return `protocol name and number disagree: ${b.slice(s, e)} ${num}`;
  }
  return `protocol field is not a protocol: ${b.slice(s, e)}`;
}

function stateName(b: string, s: number, e: number): string {
  for (const st of STATES) if (same(b, s, e, st)) return st;
  return b.slice(s, e);
}

/** Whether b[s, e) is exactly t, without cutting a string. */
function same(b: string, s: number, e: number, t: string): boolean {
  if (e - s !== t.length) return false;
  for (let k = 0; k < t.length; k++) if (b.charCodeAt(s + k) !== t.charCodeAt(k)) return false;
  return true;
}

function hasEq(b: string, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (b.charCodeAt(k) === 61) return true;
  return false;
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLower = (c: number): boolean => c >= 97 && c <= 122;

function skip(b: string, i: number): number {
  while (i < b.length && (b.charCodeAt(i) === 32 || b.charCodeAt(i) === 9)) i++;
  return i;
}

function wordEnd(b: string, i: number): number {
  while (i < b.length && b.charCodeAt(i) !== 32 && b.charCodeAt(i) !== 9) i++;
  return i;
}
