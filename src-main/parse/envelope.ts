// Owns splitting a log line into its envelope (time, uptime, host) and the netfilter body.
import { readJournalJson } from './journal-json.ts';
import {
  type Stamp, type Zone, makeYearResolver, makeZone, newStamp, readBsdStamp, readClfStamp,
  readIsoStamp, readUptime, monthAt, civilMs,
} from './syslog-time.ts';
import { isBareMessage, readEpochStamp } from './envelope-forms.ts';
import { glued, isTag, tagFollows } from './syslog-tag.ts';

export interface EnvelopeContext {
  /** Reference time for year-less RFC 3164 stamps: the file's mtime (ms since epoch). */
  refTimeMs: number;
  /** If set, every year-less stamp is taken to be in this year (no inference). */
  year?: number;
  /** Zone for stamps without an offset: IANA name ('Europe/Berlin'), 'UTC', or '+02:00'. Default: the machine's local zone. */
  tz?: string;
}

export interface Envelope {
  /** UTC microseconds since epoch (integer), null if the line has no wall-clock time. */
  ts: number | null;
  /** The stamp exactly as written. */
  ts_text: string | null;
  /** Kernel stamp [158144.383443] in seconds, when present. */
  uptime: number | null;
  host: string | null;
  /** The rest, starting at the netfilter log prefix. */
  body: string;
}

const UNKNOWN = 'unknown timestamp format';
const EMPTY = 'envelope without a body';
const sp = (line: string, i: number): number => { while (line.charCodeAt(i) === 32) i++; return i; };
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
// Syslog daemons that print `facility.level` between host and tag (some router firmwares).
const FACILITY_LEVEL = /(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7])\.[a-z]+ /y;

class Reader {
  kind = '';
  private readonly st: Stamp = newStamp();
  private readonly zone: Zone;
  private readonly yearOf: (mo: number, d: number) => number;

  constructor(ctx: EnvelopeContext) {
    this.zone = makeZone(ctx.tz);
    this.yearOf = makeYearResolver(ctx.refTimeMs, this.zone, ctx.year);
  }

  split(line: string): Envelope | string {
    let n = line.length;
    while (n > 0 && (line.charCodeAt(n - 1) === 13 || line.charCodeAt(n - 1) === 10)) n--;
    if (n === 0) return 'empty line';
    const r = this.at(line, 0, n, true);
    if (typeof r !== 'string') return r;
    const g = grepPrefixEnd(line, n);
    if (g > 0) {
      const r2 = this.at(line, g, n, false);
      if (typeof r2 !== 'string') return r2;
    }
    if (r === UNKNOWN && isBareMessage(line, n)) { this.kind = 'bare'; return plain(line, 0, n); }
    return r;
  }

  /** Reads the envelope starting at i. `bare` allows a line that is only a netfilter body. */
  private at(line: string, i: number, n: number, bare: boolean): Envelope | string {
    let c = line.charCodeAt(i);
    if (c === 123) { this.kind = 'journal-json'; return readJournalJson(i === 0 && n === line.length ? line : line.slice(i, n)); }
    if (c === 60) { // <PRI>
      let k = i + 1;
      while (isDigit(line.charCodeAt(k)) && k - i <= 3) k++;
      if (k === i + 1 || line.charCodeAt(k) !== 62) return UNKNOWN;
      i = k + 1;
      if (line.charCodeAt(i) === 49 && line.charCodeAt(i + 1) === 32) return this.rfc5424(line, i + 2, n);
      c = line.charCodeAt(i);
    }
    const st = this.st;
    // Localized months start lower case (`avr`, `févr.`, `мая`); English ones are capitalized.
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) {
      if (!readBsdStamp(line, i, st)) {
        if (!bare || !line.startsWith('IN=', i)) return UNKNOWN;
        this.kind = 'bare';
        return plain(line, i, n);
      }
      const y = this.yearOf(st.mo, st.d);
      if (y < 0) return 'date does not exist';
      this.kind = st.fracDigits > 0 ? 'journal-short-precise' : line.charCodeAt(st.dayAt) === 48 ? 'journal-short' : 'rfc3164';
      const ts = (this.zone.toUtc(y, st.mo, st.d, st.h, st.mi, st.s) * 1000) + st.us;
      return this.header(line, st.end, n, ts, line.slice(i, st.end));
    }
    if (isDigit(c)) {
      if (readIsoStamp(line, i, st)) {
        // journalctl short-iso writes the offset as +HHMM; rsyslog and RFC 3339 as +HH:MM or Z.
        const e = st.end;
        this.kind = !Number.isNaN(st.offMs) && line.charCodeAt(e - 3) !== 58 && (line.charCodeAt(e - 1) | 32) !== 122 ? 'journal-short-iso' : 'iso';
        return this.header(line, st.end, n, this.isoMicros(), line.slice(i, st.end));
      }
      const pve = this.pveFirewall(line, i, n);
      if (pve !== UNKNOWN) return pve;
      const ts = readEpochStamp(line, i, st);
      if (Number.isNaN(ts) || !tagFollows(line, sp(line, st.end), n)) return UNKNOWN;
      this.kind = 'epoch';
      return this.header(line, st.end, n, ts, line.slice(i, st.end));
    }
    if (c === 91) return this.dmesg(line, i, n);
    return UNKNOWN;
  }

  private isoMicros(): number {
    const st = this.st;
    const ms = Number.isNaN(st.offMs)
      ? this.zone.toUtc(st.y, st.mo, st.d, st.h, st.mi, st.s)
      : utcOf(st) - st.offMs;
    return ms * 1000 + st.us;
  }

  /** After the stamp: optional host, optional `facility.level`, optional tag, optional uptime, then the body. */
  private header(line: string, i: number, n: number, ts: number | null, ts_text: string | null): Envelope | string {
    if (i < n && line.charCodeAt(i) !== 32) return UNKNOWN;
    let p = sp(line, i);
    let host: string | null = null;
    if (glued(line, p)) p += 7;
    else if (p < n && line.charCodeAt(p) !== 91) {
      let e = line.indexOf(' ', p);
      if (e < 0 || e > n) e = n;
      if (line.charCodeAt(e - 1) === 58) {
        // A token ending in ':' is never a host name: it is the tag or already the log prefix (`DENY:`).
        if (isTag(line, p, e)) p = sp(line, e);
      } else {
        const eq = line.indexOf('=', p);
        if (eq < 0 || eq > e) {
          host = line.slice(p, e);
          p = sp(line, e);
          p = this.skipTag(line, p, n, true);
        }
      }
    }
    return this.tail(line, p, n, ts, ts_text, host);
  }

  /** Past an optional tag, and when `level` also an optional `facility.level` before it. */
  private skipTag(line: string, p: number, n: number, level: boolean): number {
    if (glued(line, p)) return p + 7;
    let t = line.indexOf(' ', p);
    if (t < 0 || t > n) t = n;
    if (isTag(line, p, t)) return sp(line, t);
    if (!level || line.charCodeAt(t - 1) === 58) return p;
    FACILITY_LEVEL.lastIndex = p;
    return FACILITY_LEVEL.test(line) ? this.skipTag(line, sp(line, t), n, false) : p;
  }

  /** Uptime stamp (only `[ digits.digits]`), then the body. */
  private tail(line: string, p: number, n: number, ts: number | null, ts_text: string | null, host: string | null): Envelope | string {
    let uptime: number | null = null;
    if (line.charCodeAt(p) === 91) {
      const u = readUptime(line, p, this.st);
      if (!Number.isNaN(u)) { uptime = u; p = sp(line, this.st.end); }
    }
    if (p >= n) return EMPTY;
    return { ts, ts_text, uptime, host, body: line.slice(p, n) };
  }

  private rfc5424(line: string, i: number, n: number): Envelope | string {
    this.kind = 'rfc5424';
    let ts: number | null = null, ts_text: string | null = null, p: number;
    if (line.charCodeAt(i) === 45) {
      p = i + 1;
    } else {
      if (!readIsoStamp(line, i, this.st)) return UNKNOWN;
      p = this.st.end;
      ts = this.isoMicros();
      ts_text = line.slice(i, p);
    }
    // HOSTNAME APP-NAME PROCID MSGID, each `-` when nil.
    let host: string | null = null;
    for (let f = 0; f < 4; f++) {
      if (line.charCodeAt(p) !== 32) return 'malformed RFC 5424 header';
      const s = p + 1;
      p = line.indexOf(' ', s);
      if (p < 0 || p > n) p = n;
      if (f === 0 && !(p === s + 1 && line.charCodeAt(s) === 45)) host = line.slice(s, p);
    }
    if (line.charCodeAt(p) !== 32) return 'malformed RFC 5424 header';
    p++;
    if (line.charCodeAt(p) === 45) p++;
    else if (line.charCodeAt(p) === 91) {
      while (line.charCodeAt(p) === 91) { // SD-ELEMENTs: `"`, `\` and `]` are escaped inside values
        let q = false;
        for (p++; p < n; p++) {
          const c = line.charCodeAt(p);
          if (c === 92) p++;
          else if (c === 34) q = !q;
          else if (c === 93 && !q) break;
        }
        if (p >= n) return 'unterminated RFC 5424 structured data';
        p++;
      }
    } else return 'malformed RFC 5424 structured data';
    p = sp(line, p);
    if (line.charCodeAt(p) === 0xfeff) p++;
    return this.tail(line, p, n, ts, ts_text, host);
  }

  /** Plain dmesg `[ 3445.031964] …` or `dmesg -T` `[Tue Mar  5 10:00:00 2024] …`. */
  private dmesg(line: string, i: number, n: number): Envelope | string {
    const st = this.st;
    if (monthAt(line, i + 5) > 0 && line.charCodeAt(i + 4) === 32 && readBsdStamp(line, i + 5, st) && line.charCodeAt(st.end) === 32) {
      const e = st.end + 1;
      const y = Number(line.slice(e, e + 4));
      if (line.charCodeAt(e + 4) !== 93 || !(y > 1900)) return UNKNOWN;
      this.kind = 'dmesg-T';
      const ts = this.zone.toUtc(y, st.mo, st.d, st.h, st.mi, st.s) * 1000;
      return this.tail(line, sp(line, e + 5), n, ts, line.slice(i + 1, e + 4), null);
    }
    this.kind = 'dmesg';
    if (Number.isNaN(readUptime(line, i, st))) return UNKNOWN;
    return this.tail(line, i, n, null, null, null);
  }

  /** pvefw-logger `VMID LEVEL CHAIN DD/Mon/YYYY:HH:MM:SS +ZZZZ PREFIX…`: the stamp is cut out, the rest kept. */
  private pveFirewall(line: string, i: number, n: number): Envelope | string {
    const m = PVE.exec(line.slice(i, Math.min(n, i + 160)));
    if (m === null || !readClfStamp(line, i + m[0].length, this.st)) return UNKNOWN;
    this.kind = 'pve-firewall';
    const s = i + m[0].length, e = this.st.end;
    if (line.charCodeAt(e) !== 32) return UNKNOWN;
    const ts = (utcOf(this.st) - this.st.offMs) * 1000;
    const rest = sp(line, e);
    if (rest >= n) return EMPTY;
    return { ts, ts_text: line.slice(s, e), uptime: null, host: null, body: line.slice(i, s) + line.slice(rest, n) };
  }
}

const PVE = /^\d+ \d+ \S+ (?=\d\d\/)/;
const utcOf = (st: Stamp): number => civilMs(st.y, st.mo, st.d, st.h, st.mi, st.s);
const plain = (line: string, i: number, n: number): Envelope =>
  ({ ts: null, ts_text: null, uptime: null, host: null, body: line.slice(i, n) });

/**
 * End of a `grep` file-name prefix (`kern.log:` or `kern.log:123:`), or 0. Only tried after the line
 * failed to read as an envelope, and the remainder must then read as one, so a real envelope is
 * never stripped: the prefix is a run of non-blank characters ending in ':'.
 */
function grepPrefixEnd(line: string, n: number): number {
  const lim = Math.min(n, 4096);
  let k = 0;
  for (; k < lim; k++) {
    const c = line.charCodeAt(k);
    if (c === 58) break;
    if (c === 32 || c === 9) return 0;
  }
  if (k === 0 || k >= lim) return 0;
  let j = k + 1;
  while (isDigit(line.charCodeAt(j))) j++;
  return j > k + 1 && line.charCodeAt(j) === 58 ? j + 1 : k + 1;
}

/** Make a context-bound splitter that caches tz offsets etc. (used in the hot path). */
export function makeEnvelopeSplitter(ctx: EnvelopeContext): (line: string) => Envelope | string {
  const r = new Reader(ctx);
  return (line) => r.split(line);
}

/** Returns the envelope, or a string: the reason the line cannot be read. */
export function splitEnvelope(line: string, ctx: EnvelopeContext): Envelope | string {
  return new Reader(ctx).split(line);
}

/**
 * Sniffs which envelope the first lines use: 'rfc3164', 'journal-short', 'journal-short-precise',
 * 'iso', 'journal-short-iso', 'rfc5424', 'journal-json', 'dmesg', 'dmesg-T', 'pve-firewall', 'epoch',
 * 'bare' (no envelope); null
 * if none reads. The most common kind among readable lines wins (a grep prefix is looked through).
 */
export function detectEnvelope(lines: string[]): string | null {
  const r = new Reader({ refTimeMs: Date.now(), tz: 'UTC' });
  const votes = new Map<string, number>();
  for (const line of lines.slice(0, 50)) {
    if (line.trim() === '') continue;
    r.kind = '';
    if (typeof r.split(line) === 'string' || r.kind === '') continue;
    votes.set(r.kind, (votes.get(r.kind) ?? 0) + 1);
  }
  let best: string | null = null, top = 0;
  for (const [k, v] of votes) if (v > top) { best = k; top = v; }
  return best;
}
