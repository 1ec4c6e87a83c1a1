// Reads an nft rule (as `nft list ruleset` prints it) into conditions and a verdict for replay.
import {
  addrIn, addrTypeIn, ctStateIn, familyIs, icmpType, icmpTypeIn, ifaceIs, parsePortRange, parseRanges, portIn, protoIn, protoNumber,
  type PortRange,
} from './conditions.ts';
import { negate, unsupported, type Condition } from './packet.ts';
import { tokenize, type CompiledRule, type Verdict } from './verdict.ts';
import type { NamedSet } from './named-set.ts';

const SERVICES: Record<string, number> = {
  ssh: 22, http: 80, https: 443, domain: 53, smtp: 25, submission: 587, imap: 143, imaps: 993, pop3: 110, pop3s: 995,
  ntp: 123, ftp: 21, telnet: 23, bootps: 67, bootpc: 68, snmp: 161, ldap: 389, ldaps: 636, mysql: 3306, postgresql: 5432,
  'microsoft-ds': 445, rdp: 3389, 'ms-wbt-server': 3389, kerberos: 88, syslog: 514, 'http-alt': 8080,
};
const SYN = 2;
const TCP_BITS: Record<string, number> = { fin: 1, syn: 2, rst: 4, psh: 8, ack: 16, urg: 32, ecn: 64, cwr: 128 };
const OPS = new Set(['==', '!=', 'eq', 'ne']);
const STOP = new Set(['accept', 'drop', 'reject', 'return', 'continue', 'jump', 'goto', 'queue', 'masquerade', 'snat', 'dnat', 'redirect']);

interface Cursor { t: string[]; i: number }

/** An optional operator, then one value or a `{ a, b }` set; `neg` when the operator was !=. */
function values(c: Cursor): { neg: boolean; vals: string[] } {
  let neg = false;
  if (OPS.has(c.t[c.i])) neg = c.t[c.i++] === '!=' || c.t[c.i - 1] === 'ne';
  if (c.t[c.i] !== '{') {
    // A bare list (`ct state established,related`) is several values too.
    const vals = c.i < c.t.length ? [c.t[c.i++]] : [];
    while (c.t[c.i] === ',' && c.i + 1 < c.t.length) { vals.push(c.t[c.i + 1]); c.i += 2; }
    return { neg, vals };
  }
  const vals: string[] = [];
  c.i++;
  while (c.i < c.t.length && c.t[c.i] !== '}') {
    if (c.t[c.i] !== ',') vals.push(c.t[c.i]);
    c.i++;
  }
  c.i++;
  return { neg, vals };
}

function ports(vals: string[]): PortRange[] | null {
  const out: PortRange[] = [];
  for (const v of vals) {
    const r = SERVICES[v] !== undefined ? [SERVICES[v], SERVICES[v]] as PortRange : parsePortRange(v);
    if (!r) return null;
    out.push(r);
  }
  return out;
}

const flagsOf = (words: string[]) => words.reduce((m, w) => m | (TCP_BITS[w] ?? 0), 0);

/** `tcp flags …` in its spellings; the opening packet carries SYN alone, so each is decided. */
function tcpFlags(c: Cursor, text: () => string): Condition {
  const t = c.t;
  let test: (flags: number) => boolean;
  if (t[c.i] === '&') {
    c.i++;
    const mask: string[] = [];
    if (t[c.i] === '(') { c.i++; while (c.i < t.length && t[c.i] !== ')') { if (t[c.i] !== '|') mask.push(t[c.i]); c.i++; } c.i++; } else mask.push(t[c.i++]);
    const { neg, vals } = values(c);
    const m = flagsOf(mask), v = flagsOf(vals.flatMap((x) => x.split('|')));
    test = (f) => ((f & m) === v) !== neg;
  } else {
    const exact = t[c.i] === '==' || t[c.i] === '!=';
    const { neg, vals } = values(c);
    const v = flagsOf(vals.flatMap((x) => x.split(',')));
    if (t[c.i] === '/') {
      c.i++;
      const mask: string[] = [];
      while (c.i < t.length && (TCP_BITS[t[c.i]] !== undefined || t[c.i] === ',')) { if (t[c.i] !== ',') mask.push(t[c.i]); c.i++; }
      const m = flagsOf(mask);
      test = (f) => ((f & m) === v) !== neg;
    } else test = exact ? (f) => (f === v) !== neg : (f) => ((f & v) !== 0) !== neg;
  }
  const s = text();
  return { text: s, test: (p) => p.proto === 6 && test(SYN) };
}

/** One rule body (without `# handle N`). */
/** Literal values plus the elements of `@set` references; a string says why they cannot be used. */
function resolve<T>(vals: string[], sets: ReadonlyMap<string, NamedSet> | undefined, kind: 'addr' | 'port', literal: (v: string[]) => T[] | null): T[] | string {
  const out: T[] = [];
  const plain = vals.filter((v) => !v.startsWith('@'));
  for (const ref of vals.filter((v) => v.startsWith('@'))) {
    const s = sets?.get(ref.slice(1));
    if (!s) return `named set ${ref} is not in the dump`;
    if (s.kind !== kind) return `named set ${ref}: ${s.kind === 'other' ? s.why : `holds ${s.kind === 'addr' ? 'addresses' : 'ports'}`}`;
    out.push(...(s.ranges as T[]));
  }
  const lit = plain.length ? literal(plain) : [];
  return lit ? out.concat(lit) : 'not understood';
}

export function readNftRule(body: string, chains: ReadonlySet<string>, sets?: ReadonlyMap<string, NamedSet>): CompiledRule {
  const c: Cursor = { t: tokenize(body, true), i: 0 };
  const t = c.t;
  const conds: Condition[] = [];
  let verdict: Verdict = { kind: 'continue' };
  let junk: string[] = [];
  const flush = () => { if (junk.length) conds.push(unsupported(junk.join(' '))); junk = []; };
  while (c.i < t.length) {
    const start = c.i;
    const w = t[c.i], w2 = t[c.i + 1];
    const text = () => t.slice(start, c.i).join(' ');
    const add = (neg: boolean, cond: Condition) => { flush(); conds.push(neg ? negate(cond) : cond); };
    if ((w === 'ip' || w === 'ip6') && (w2 === 'saddr' || w2 === 'daddr')) {
      c.i += 2;
      const { neg, vals } = values(c);
      const r = resolve(vals, sets, 'addr', parseRanges);
      flush();
      conds.push(familyIs(w === 'ip' ? 4 : 6, w));
      conds.push(typeof r !== 'string' ? (neg ? negate(addrIn(w2 === 'saddr' ? 'src' : 'dst', r, text())) : addrIn(w2 === 'saddr' ? 'src' : 'dst', r, text())) : unsupported(text(), r));
    } else if (['tcp', 'udp', 'sctp', 'dccp', 'udplite', 'th'].includes(w) && (w2 === 'sport' || w2 === 'dport')) {
      c.i += 2;
      const { neg, vals } = values(c);
      const r = resolve(vals, sets, 'port', ports);
      if (w !== 'th') add(false, protoIn([protoNumber(w)!], w));
      add(neg, typeof r !== 'string' ? portIn(w2, r, text()) : unsupported(text(), r));
    } else if (w === 'tcp' && w2 === 'flags') {
      c.i += 2;
      add(false, tcpFlags(c, text));
    } else if ((w === 'meta' && w2 === 'l4proto') || (w === 'ip' && w2 === 'protocol') || (w === 'ip6' && w2 === 'nexthdr')) {
      c.i += 2;
      const { neg, vals } = values(c);
      const nums = vals.map(protoNumber);
      if (w !== 'meta') add(false, familyIs(w === 'ip' ? 4 : 6, w));
      add(neg, nums.every((n) => n !== null) ? protoIn(nums as number[], text()) : unsupported(text(), 'protocol not understood'));
    } else if (w === 'meta' && w2 === 'nfproto') {
      c.i += 2;
      const { neg, vals } = values(c);
      add(neg, { text: text(), test: (p) => vals.includes(p.family === 4 ? 'ipv4' : 'ipv6') });
    } else if (['iif', 'oif', 'iifname', 'oifname'].includes(w) || (w === 'meta' && ['iif', 'oif', 'iifname', 'oifname'].includes(w2))) {
      const key = w === 'meta' ? w2 : w;
      c.i += w === 'meta' ? 2 : 1;
      const { neg, vals } = values(c);
      add(neg, ifaceIs(key.startsWith('i') ? 'iif' : 'oif', vals, text()));
    } else if (w === 'ct' && w2 === 'state') {
      c.i += 2;
      const { neg, vals } = values(c);
      add(neg, ctStateIn(vals.flatMap((v) => v.split(',')), text()));
    } else if ((w === 'icmp' || w === 'icmpv6') && w2 === 'type') {
      c.i += 2;
      const { neg, vals } = values(c);
      const types = vals.map((v) => icmpType(v, w === 'icmp' ? 4 : 6));
      add(false, protoIn([w === 'icmp' ? 1 : 58], w));
      add(neg, types.every((x) => x) ? icmpTypeIn(types as Array<{ type: number; code: number | null }>, text()) : unsupported(text(), 'ICMP type not understood'));
    } else if (w === 'fib' && (w2 === 'daddr' || w2 === 'saddr') && t[c.i + 2] === 'type') {
      // Only the plain form: `fib daddr . iif type …` asks about an interface's addresses too.
      c.i += 3;
      const { neg, vals } = values(c);
      add(neg, addrTypeIn(w2 === 'daddr' ? 'dst' : 'src', vals, text()));
    } else if (w === 'counter') {
      c.i++;
      if (t[c.i] === 'packets') c.i += 4;
    } else if (w === 'comment') {
      c.i += 2;
    } else if (w === 'log') {
      // log and its options (prefix "…", level x, flags a,b, group n…): a statement, the packet goes on.
      c.i++;
      while (['prefix', 'level', 'flags', 'group', 'snaplen', 'queue-threshold'].includes(t[c.i])) {
        c.i += 2;
        while (t[c.i] === ',') c.i += 2;
      }
    } else if (STOP.has(w)) {
      flush();
      if (w === 'jump' || w === 'goto') verdict = chains.has(w2) ? { kind: w, chain: w2 } : { kind: 'undecided', why: `${w} ${w2}: no such chain` };
      else if (w === 'accept' || w === 'drop' || w === 'reject' || w === 'return' || w === 'continue') verdict = { kind: w };
      else verdict = { kind: 'undecided', why: `${w}: not modelled by replay` };
      break;
    } else {
      junk.push(w);
      c.i++;
    }
  }
  flush();
  return { conds, verdict };
}
