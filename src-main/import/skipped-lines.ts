// Owns telling other programs' syslog lines (sshd, CRON, a kernel's USB message…) from firewall data that
// could not be read, and counting them per program: they are skipped, not rejected, so rejects stay damage.
import type { Envelope } from '../parse/envelope.ts';

/**
 * What any firewall record carries somewhere in its message: netfilter LOG fields, ARP/bridge fields,
 * a conntrack event tag or tuple, an iptables TRACE or nft trace line. A line with one of these is never
 * skipped: when it cannot be read it is a reject.
 */
const MARKERS = /(?:^|[\s\]:])(?:IN|OUT|SRC|DST|PROTO|MACSRC|IPSRC|IPDST|PHYSIN|PHYSOUT)=|\bsrc=\S+\s+dst=|\[(?:NEW|UPDATE|DESTROY)\]|\bTRACE:|\btrace id \d/;

export function hasFirewallMarkers(message: string): boolean {
  return MARKERS.test(message);
}

// `sshd[412]:`, `CRON[201]:`, `rsyslogd:`, `systemd-logind[1]:`, `postfix/smtpd[9]:`.
const TAG = /^([A-Za-z_][\w./@-]*)(?:\[\d+\])?:$/;

/** The program a tag token names, or null when the token is not a tag. */
function tagName(token: string): string | null {
  const m = TAG.exec(token);
  return m ? m[1] : null;
}

/** Stands for a line whose envelope names no program (dmesg is all kernel: see programOf). */
export const NO_PROGRAM = '(no program)';

/**
 * The program that wrote a line, from its envelope: the tag before the message (`sshd[412]:`), the first
 * word of the message when the envelope reader did not take it as a tag (`rsyslogd:`), RFC 5424's APP-NAME,
 * journald's SYSLOG_IDENTIFIER. A dmesg line (an uptime and no wall time, no host) is the kernel's.
 */
export function programOf(line: string, env: Envelope): string {
  const c = line.charCodeAt(0);
  if (c === 123 /* { */) return journalProgram(line);
  const rfc5424 = /^<\d{1,3}>1 \S+ \S+ (\S+) /.exec(line);
  if (rfc5424) return rfc5424[1] === '-' ? NO_PROGRAM : rfc5424[1];
  const bodyAt = line.lastIndexOf(env.body);
  // The tag is the last one in the head: after it may come the kernel's `[ 1204.551903]` uptime.
  const head = (bodyAt >= 0 ? line.slice(0, bodyAt) : '').split(' ');
  for (let k = head.length - 1; k >= 0; k--) {
    const fromHead = tagName(head[k]);
    if (fromHead !== null) return fromHead === 'kernel' ? kernelProgram(env.body) : fromHead;
  }
  const first = env.body.slice(0, env.body.indexOf(' ') >>> 0);
  const fromBody = tagName(first);
  if (fromBody !== null) return fromBody;
  if (env.ts === null && env.host === null && env.uptime !== null) return kernelProgram(env.body);
  return NO_PROGRAM;
}

// The kernel's own messages about the firewall (`nf_conntrack: table full, dropping packet`: packets dropped
// unlogged) are not packet records, but a responder must see them apart from USB and disk noise.
const NETFILTER_SUBSYSTEM = /^(nf_\w+|nft_\w+|xt_\w+|x_tables|ip_tables|ip6_tables|ipt_\w+|ip6t_\w+|ebtables|arp_tables|conntrack):/;

function kernelProgram(body: string): string {
  const m = NETFILTER_SUBSYSTEM.exec(body);
  return m ? `kernel (${m[1]})` : 'kernel';
}

function journalProgram(line: string): string {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    const p = o.SYSLOG_IDENTIFIER ?? o._COMM;
    return typeof p === 'string' && p !== '' ? p : NO_PROGRAM;
  } catch {
    return NO_PROGRAM;
  }
}

/**
 * The program to count a line under when it is another program's message in a syslog file, or null when
 * the line must be read as firewall data (or rejected). The envelope must have been read: a line without
 * one is not known to be syslog. Kernel lines that are not firewall data (`usb 1-1: new device`) are
 * skipped too, under `kernel`, and so counted apart where a responder sees them.
 */
export function skippedProgram(line: string, env: Envelope): string | null {
  if (hasFirewallMarkers(env.body)) return null;
  return programOf(line, env);
}

/** One skipped line, kept only on request (`--keep-skipped`). */
export interface SkippedRow {
  sourceId: number;
  lineNo: number;
  byteOff: number;
  program: string;
  line: string;
}

// Kept lines are flushed in batches of this many (or this much text); the count per program is always kept.
const KEEP_BATCH = 50_000;
const KEEP_BYTES = 16 << 20;
const KEEP_CHARS = 64 * 1024;

/** A source's skipped lines: how many, per program, and the lines themselves when asked to keep them. */
export class SkippedLines {
  count = 0;
  readonly programs = new Map<string, number>();
  rows: SkippedRow[] = [];
  private bytes = 0;

  constructor(readonly keep = false) {}

  add(program: string, row: () => SkippedRow): void {
    this.count++;
    this.programs.set(program, (this.programs.get(program) ?? 0) + 1);
    if (!this.keep) return;
    // At most KEEP_CHARS of a line, as rejects keep at most 64 KiB: a huge line must not burden the case.
    const r = row();
    if (r.line.length > KEEP_CHARS) r.line = r.line.slice(0, KEEP_CHARS) + ` …[${r.line.length - KEEP_CHARS} more characters not kept]`;
    this.rows.push(r);
    this.bytes += r.line.length;
  }

  get full(): boolean {
    return this.rows.length >= KEEP_BATCH || this.bytes >= KEEP_BYTES;
  }

  take(): SkippedRow[] {
    const r = this.rows;
    this.rows = [];
    this.bytes = 0;
    return r;
  }

  /** Programs by count, most first (ties by name). */
  summary(): Array<{ program: string; lines: number }> {
    return [...this.programs].map(([program, lines]) => ({ program, lines }))
      .sort((a, b) => b.lines - a.lines || (a.program < b.program ? -1 : a.program > b.program ? 1 : 0));
  }
}

/** `sshd 412, CRON 201, kernel 3` (the first `max` programs, then how many more). */
export function programSummaryText(s: Array<{ program: string; lines: number }>, max = 6): string {
  const shown = s.slice(0, max).map((p) => `${p.program} ${p.lines}`);
  if (s.length > max) shown.push(`${s.length - max} more program${s.length - max === 1 ? '' : 's'}`);
  return shown.join(', ');
}
