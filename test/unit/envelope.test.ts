// splitEnvelope / detectEnvelope: the syslog, journal and dmesg wrappers around netfilter lines, on the third-party
// fixtures, the logs written for fwlens and hand-written envelopes. The whole corpus and its Elastic goldens:
// test/conformance/envelope-corpus.test.ts.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Envelope, type EnvelopeContext, detectEnvelope, makeEnvelopeSplitter, splitEnvelope,
} from '../../src-main/parse/envelope.ts';
import { OWN, THIRD_PARTY } from '../helpers.ts';

const read = (rel: string): string => readFileSync(join(THIRD_PARTY, rel), 'utf8');
const linesOf = (rel: string): string[] => read(rel).split('\n').filter((l) => l.trim() !== '');
const json = <T>(rel: string): T => JSON.parse(read(rel)) as T;
const ownLines = (rel: string): string[] => readFileSync(join(OWN, rel), 'utf8').split('\n').filter((l) => l.trim() !== '');

const UTC: EnvelopeContext = { refTimeMs: Date.UTC(2024, 11, 31, 12), tz: 'UTC' };

/** Splits and fails the test with the reason when the line is refused. */
function ok(line: string, ctx: EnvelopeContext = UTC): Envelope {
  const r = splitEnvelope(line, ctx);
  if (typeof r === 'string') throw new Error(`refused (${r}): ${line}`);
  return r;
}
const iso = (e: Envelope): string => new Date(e.ts! / 1000).toISOString();

describe('splitEnvelope on the third-party fixtures and the logs written for fwlens', () => {
  const files = [
    'mozilla-lua_sandbox_extensions/kernel-netfilter-lines.log', 'logstash-patterns-core/spec-extracted-netfilter-lines.log',
    'crowdsec-hub/iptables-logs/iptables-logs.log', 'crowdsec-hub/iptables-scan-multi-port/iptables-scan-multi-port.log',
    'crowdsec-hub/proxmox-iptables-logs/proxmox-iptables.log',
    'csirtg-smrt-ufw/ufw.log', 'csirtg-smrt-ufw/ufw_ubuntu16.log', 'fluent-plugin-ufw/ufw.log', 'fluent-plugin-ufw/test_parser_ufw-line.log',
  ];
  const own = [...readdirSync(join(OWN, 'scans')).map((f) => `scans/${f}`), 'drop-input.log', 'journal.jsonl'];
  const all = [
    ...files.flatMap((f) => linesOf(f).map((line) => ({ f, line }))),
    ...own.flatMap((f) => ownLines(f).map((line) => ({ f: `own/${f}`, line }))),
  ];

  it('reads every line of every log file', () => {
    // Own logs: 1756 scan lines (see test/fixtures/own/README.md), 10 in drop-input.log, 3 journal lines.
    expect(all.length).toBeGreaterThan(1756 + 10 + 3);
    const refused = all.map(({ f, line }) => ({ f, line, r: splitEnvelope(line, UTC) })).filter((x) => typeof x.r === 'string');
    expect(refused).toEqual([]);
  });

  it('every netfilter line: body starts at the log prefix, with no stamp, host, tag or uptime left in it', () => {
    let checked = 0;
    for (const { f, line } of all) {
      if (!/\b(?:IN|OUT)=/.test(line)) continue;
      const e = ok(line);
      const where = `${f}: ${line}`;
      expect(e.body, where).toMatch(/\b(?:IN|OUT)=/);
      expect(e.body, where).not.toMatch(/^\s|^\[\s*\d+\.\d+\]|^kernel:|^<\d+>/);
      if (e.ts_text !== null) expect(e.body.includes(e.ts_text), where).toBe(false);
      if (e.host !== null) expect(e.body.startsWith(e.host + ' '), where).toBe(false);
      // The body is the line's tail (pvefw-logger lines alone have their stamp cut from the middle; a journal
      // line's body is its MESSAGE, inside the JSON).
      if (!f.includes('proxmox') && !f.endsWith('.jsonl')) expect(line.trimEnd().endsWith(e.body.trimEnd()), where).toBe(true);
      if (e.ts !== null) expect(Number.isInteger(e.ts), where).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(1756 + 10 + 3);
  });

  it('own journalctl -o json lines give back host, body and time', () => {
    const [first, , third] = ownLines('journal.jsonl').map((l) => ok(l));
    expect(first).toMatchObject({ ts: 1718000000123456, ts_text: '1718000000123456', host: 'edge-a' });
    expect(first.body.startsWith('[UFW BLOCK] IN=eth0 OUT= ')).toBe(true);
    expect(third).toMatchObject({ ts: 1718003600500000, host: 'edge-b' });
    expect(third.body.startsWith('[UFW ALLOW] IN= OUT=eth0 ')).toBe(true);
  });

  it('mozilla goldens: plain dmesg lines give uptime = monotonic_timestamp and a body starting with nf_prefix', () => {
    const cases = json<Array<{ input: string; expected: { monotonic_timestamp: number; nf_prefix: string } }>>('mozilla-lua_sandbox_extensions/kernel-netfilter-expected.json');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const e = ok(c.input);
      expect([e.ts, e.host, e.uptime]).toEqual([null, null, c.expected.monotonic_timestamp]);
      expect(e.body.startsWith(c.expected.nf_prefix)).toBe(true);
    }
  });

  it('fluent golden: host and the [UFW BLOCK] prefix survive, uptime is lifted out', () => {
    const [c] = json<Array<{ input: string; expected: { host: string } }>>('fluent-plugin-ufw/test_parser_ufw-expected.json');
    const e = ok(c!.input);
    expect([e.host, e.uptime, e.body.slice(0, 15)]).toEqual([c!.expected.host, 341682.476244, '[UFW BLOCK] IN=']);
  });

  it('crowdsec golden: the syslog timestamp text is the stamp exactly as written', () => {
    const lines = linesOf('crowdsec-hub/iptables-logs/iptables-logs.log');
    expect(lines.map((l) => ok(l).ts_text)).toEqual(['Jun  8 14:34:33', 'Jun  8 14:34:33', 'Jun  8 14:34:33', 'Sep 27 20:56:38']);
  });

  it('grep-prefixed own log: the file-name prefix is stripped and the envelope read', () => {
    const [line] = ownLines('scans/grep-prefixed.log');
    expect(line!.startsWith('kern.log.1:Jun  2')).toBe(true);
    const e = ok(line!);
    expect([e.ts_text, e.host, e.uptime, e.body.slice(0, 8)]).toEqual(['Jun  2 09:15:42', 'fw2', 8123.004512, 'DROP IN=']);
  });

  it('own rsyslog-iso.log: high-precision rsyslog stamps keep microseconds and the offset', () => {
    const e = ok(ownLines('scans/rsyslog-iso.log')[0]!);
    // 14:20:05.250125 at +02:00 is 12:20:05.250125 UTC.
    expect(e.ts).toBe(Date.UTC(2021, 5, 1, 12, 20, 5) * 1000 + 250125);
    expect([e.host, e.body.slice(0, 9)]).toEqual(['edge-fw', 'DROP: IN=']);
  });

  it('logstash RFC 5424 line with all-nil header fields: no host, body at IN=', () => {
    const line = linesOf('logstash-patterns-core/spec-extracted-netfilter-lines.log').find((l) => l.startsWith('<174>1 '))!;
    const e = ok(line);
    expect([iso(e), e.host, e.body.slice(0, 3)]).toEqual(['2003-08-24T05:14:15.000Z', null, 'IN=']);
  });

  it('proxmox pvefw-logger lines: the stamp with its offset is read and cut from the middle', () => {
    const e = ok(linesOf('crowdsec-hub/proxmox-iptables-logs/proxmox-iptables.log')[0]!);
    expect([iso(e), e.ts_text]).toEqual(['2022-06-20T11:09:14.000Z', '20/Jun/2022:13:09:14 +0200']);
    expect(e.body.startsWith('0 3 PVEFW-HOST-IN policy DROP: IN=vmbr0.94 ')).toBe(true);
  });
});

describe('splitEnvelope on hand-written envelopes', () => {
  const BODY = 'IN=eth0 OUT= SRC=192.0.2.1 DST=192.0.2.2 LEN=40 PROTO=TCP SPT=1 DPT=2';
  const cases: Array<[string, string, Partial<Envelope>]> = [
    ['RFC 3164 with kernel tag and uptime', `Jan  8 03:37:09 fw kernel: [ 3445.031964] iptables DROP_INPUT: ${BODY}`, { ts_text: 'Jan  8 03:37:09', host: 'fw', uptime: 3445.031964, body: `iptables DROP_INPUT: ${BODY}` }],
    ['RFC 3164 without host or tag', `Jan  8 03:37:09 DENY: ${BODY}`, { host: null, body: `DENY: ${BODY}` }],
    ['RFC 3164 with tag and no host', `Jan  8 03:37:09 kernel: [UFW BLOCK] ${BODY}`, { host: null, body: `[UFW BLOCK] ${BODY}` }],
    ['RFC 3164 with host and no tag (Shorewall)', `May 28 17:31:07 server Shorewall:net2fw:DROP:${BODY}`, { host: 'server', body: `Shorewall:net2fw:DROP:${BODY}` }],
    ['RFC 3164 with program[pid] tag', `May 28 17:31:07 gw ulogd[123]: [UFW BLOCK] ${BODY}`, { host: 'gw', body: `[UFW BLOCK] ${BODY}` }],
    ['RFC 3164 with facility.level before the tag', `May  5 20:46:45 gw user.info kernel: ${BODY}`, { host: 'gw', body: BODY }],
    ['RFC 3164 with a bracketed prefix glued to IN=', `Oct 10 07:25:12 gw kernel: [wan-lan-default-D]${BODY}`, { uptime: null, body: `[wan-lan-default-D]${BODY}` }],
    ['RFC 3164 body starting at IN= after the host', `Jan  8 03:37:09 fw ${BODY}`, { host: 'fw', body: BODY }],
    ['RFC 3164 body starting at IN= without a host', `Jan  8 03:37:09 ${BODY}`, { host: null, body: BODY }],
    ['<PRI> RFC 3164', `<161>Oct 10 07:25:12 Hostname kernel: ${BODY}`, { ts_text: 'Oct 10 07:25:12', host: 'Hostname', body: BODY }],
    ['<PRI> ISO', `<6>2021-03-12T14:10:18Z Hostname kernel: ${BODY}`, { ts: Date.UTC(2021, 2, 12, 14, 10, 18) * 1000, host: 'Hostname', body: BODY }],
    ['RFC 5424 with nil fields', `<174>1 2003-08-24T05:14:15+00:00 - - - - - ${BODY}`, { ts: Date.UTC(2003, 7, 24, 5, 14, 15) * 1000, host: null, body: BODY }],
    ['RFC 5424 with structured data holding escaped ] and "', `<174>1 2003-08-24T05:14:15.000003-07:00 fw kernel 1 ID47 [ex@32473 a="x\\]y" b="q\\"]"][t@1] \uFEFF${BODY}`, { ts: Date.UTC(2003, 7, 24, 12, 14, 15) * 1000 + 3, host: 'fw', body: BODY }],
    ['RFC 5424 with nil timestamp', `<174>1 - fw kernel - - - ${BODY}`, { ts: null, ts_text: null, host: 'fw', body: BODY }],
    ['RFC 5424 with uptime at message start', `<6>1 2024-01-08T03:37:09Z fw kernel - - - [  12.500000] ${BODY}`, { uptime: 12.5, body: BODY }],
    ['rsyslog RFC 3339 with microseconds and offset', `2024-05-01T10:00:00.123456+02:00 fw kernel: ${BODY}`, { ts: Date.UTC(2024, 4, 1, 8) * 1000 + 123456, ts_text: '2024-05-01T10:00:00.123456+02:00', host: 'fw', body: BODY }],
    ['journalctl short', `Jan 08 03:37:09 fw kernel: ${BODY}`, { ts: Date.UTC(2024, 0, 8, 3, 37, 9) * 1000, host: 'fw', body: BODY }],
    ['journalctl short-precise', `Jan 08 03:37:09.123456 fw kernel: ${BODY}`, { ts: Date.UTC(2024, 0, 8, 3, 37, 9) * 1000 + 123456, body: BODY }],
    ['journalctl short-iso', `2024-01-08T03:37:09+0100 fw kernel: ${BODY}`, { ts: Date.UTC(2024, 0, 8, 2, 37, 9) * 1000, host: 'fw', body: BODY }],
    ['journalctl short-iso with colon offset', `2024-01-08T03:37:09+01:00 fw kernel: ${BODY}`, { ts: Date.UTC(2024, 0, 8, 2, 37, 9) * 1000 }],
    ['journalctl short-iso-precise', `2024-01-08T03:37:09.000001+0100 fw kernel: ${BODY}`, { ts: Date.UTC(2024, 0, 8, 2, 37, 9) * 1000 + 1 }],
    ['plain dmesg', `[158144.383443] ${BODY}`, { ts: null, ts_text: null, uptime: 158144.383443, host: null, body: BODY }],
    ['dmesg -T', `[Tue Mar  5 10:00:00 2024] ${BODY}`, { ts: Date.UTC(2024, 2, 5, 10) * 1000, ts_text: 'Tue Mar  5 10:00:00 2024', uptime: null, body: BODY }],
    ['grep file-name prefix', `/var/log/kern.log:Jan  8 03:37:09 fw kernel: ${BODY}`, { ts_text: 'Jan  8 03:37:09', host: 'fw', body: BODY }],
    ['grep file-name prefix before ISO', `kern.log.1:2024-01-08T03:37:09Z fw kernel: ${BODY}`, { ts_text: '2024-01-08T03:37:09Z', host: 'fw', body: BODY }],
    ['grep -n prefix', `kern.log:123:Jan 8 03:37:09 fw kernel: ${BODY}`, { ts_text: 'Jan 8 03:37:09', host: 'fw', body: BODY }],
    ['grep prefix whose name looks like a date', `2024-01-08.log:Jan  8 03:37:09 fw kernel: ${BODY}`, { host: 'fw', body: BODY }],
    ['bare netfilter body', BODY, { ts: null, uptime: null, host: null, body: BODY }],
    ['CRLF line ending', `Jan  8 03:37:09 fw kernel: ${BODY}\r`, { body: BODY }],
  ];
  for (const [name, line, want] of cases) {
    it(`splitEnvelope(${name}) → ${JSON.stringify(want).slice(0, 80)}`, () => {
      expect(ok(line)).toMatchObject(want);
    });
  }

  it('splitEnvelope(RFC 3164 in December read in January) takes the previous year', () => {
    const ctx = { refTimeMs: Date.UTC(2024, 0, 2, 9), tz: 'UTC' };
    expect(iso(ok(`Dec 31 23:59:59 fw kernel: ${BODY}`, ctx))).toBe('2023-12-31T23:59:59.000Z');
    expect(iso(ok(`Jan  2 08:00:00 fw kernel: ${BODY}`, ctx))).toBe('2024-01-02T08:00:00.000Z');
  });

  it('splitEnvelope(RFC 3164 with ctx.year) uses that year without inference', () => {
    const ctx = { refTimeMs: Date.UTC(2024, 0, 2, 9), tz: 'UTC', year: 2019 };
    expect(iso(ok(`Dec 31 23:59:59 fw kernel: ${BODY}`, ctx))).toBe('2019-12-31T23:59:59.000Z');
    expect(splitEnvelope(`Feb 29 00:00:00 fw kernel: ${BODY}`, ctx)).toBe('date does not exist');
  });

  it('splitEnvelope(tz Europe/Berlin) converts winter, summer, skipped and repeated hours', () => {
    const ctx = { refTimeMs: Date.UTC(2024, 11, 31), tz: 'Europe/Berlin' };
    const at = (stamp: string): string => iso(ok(`${stamp} fw kernel: ${BODY}`, ctx));
    expect(at('Jan 15 12:00:00')).toBe('2024-01-15T11:00:00.000Z');
    expect(at('Jul 15 12:00:00')).toBe('2024-07-15T10:00:00.000Z');
    expect(at('Mar 31 01:59:59')).toBe('2024-03-31T00:59:59.000Z');
    expect(at('Mar 31 02:30:00')).toBe('2024-03-31T01:30:00.000Z'); // does not exist: read as 03:30 CEST
    expect(at('Mar 31 03:00:00')).toBe('2024-03-31T01:00:00.000Z');
    expect(at('Oct 27 02:30:00')).toBe('2024-10-27T00:30:00.000Z'); // occurs twice: first (CEST) one
    expect(at('Oct 27 03:00:00')).toBe('2024-10-27T02:00:00.000Z');
    // An explicit offset in the stamp wins over ctx.tz.
    expect(at('2024-07-15T12:00:00Z')).toBe('2024-07-15T12:00:00.000Z');
  });

  it('splitEnvelope(tz "+02:00") reads offset-less stamps at that fixed offset', () => {
    expect(iso(ok(`Jul 15 12:00:00 fw kernel: ${BODY}`, { refTimeMs: Date.UTC(2024, 11, 31), tz: '+02:00' }))).toBe('2024-07-15T10:00:00.000Z');
  });

  it('grep-prefix detection never strips a real envelope: a host containing ":" stays the host', () => {
    const e = ok(`Jan  8 03:37:09 fe80::1 kernel: ${BODY}`);
    expect([e.host, e.body]).toEqual(['fe80::1', BODY]);
    // A bare "DROP:" body is not a file name: only a real envelope may follow a grep prefix. With no
    // envelope it is a bare log message, read whole (issue 14).
    expect(splitEnvelope(`DROP:${BODY}`, UTC)).toEqual({ ts: null, ts_text: null, uptime: null, host: null, body: `DROP:${BODY}` });
  });

  it('journal JSON: MESSAGE as a byte array is decoded, monotonic µs become uptime seconds', () => {
    const msg = `[UFW BLOCK] ${BODY}`;
    const line = JSON.stringify({ MESSAGE: [...Buffer.from(msg)], __REALTIME_TIMESTAMP: '1704685029123456', _HOSTNAME: 'fw', _SOURCE_MONOTONIC_TIMESTAMP: '158144383443' });
    expect(ok(line)).toEqual({ ts: 1704685029123456, ts_text: '1704685029123456', uptime: 158144.383443, host: 'fw', body: msg });
  });

  it('journal JSON without __REALTIME_TIMESTAMP has no wall-clock time but keeps the body', () => {
    expect(ok(JSON.stringify({ MESSAGE: BODY }))).toEqual({ ts: null, ts_text: null, uptime: null, host: null, body: BODY });
  });

  const rejects: Array<[string, string]> = [
    ['{}', 'empty JSON object'],
    ['{"MESSAGE": "IN=eth0"', 'not valid JSON'],
    ['{"_HOSTNAME": "fw", "__REALTIME_TIMESTAMP": "1"}', 'JSON without MESSAGE'],
    ['{"MESSAGE": null}', 'MESSAGE is neither text nor bytes'],
    ['{"MESSAGE": "  "}', 'empty message'],
    ['{"MESSAGE": "IN=x", "__REALTIME_TIMESTAMP": "soon"}', 'unreadable __REALTIME_TIMESTAMP'],
    ['Jan 32 03:37:09 fw kernel: IN=eth0', 'unknown timestamp format'],
    ['Jxn  8 03:37:09 fw kernel: IN=eth0', 'unknown timestamp format'],
    ['2024-13-08T03:37:09Z fw kernel: IN=eth0', 'unknown timestamp format'],
    ['hello world', 'unknown timestamp format'],
    ['[UFW BLOCK] IN=eth0', 'unknown timestamp format'],
    ['Jan  8 03:37:09 fw kernel:', 'envelope without a body'],
    ['Jan  8 03:37:09 fw kernel: [ 3445.031964]', 'envelope without a body'],
    ['<174>1 2003-08-24T05:14:15Z fw app - - [unterminated IN=eth0', 'unterminated RFC 5424 structured data'],
    ['<174>1 2003-08-24T05:14:15Z fw app - - x IN=eth0', 'malformed RFC 5424 structured data'],
    ['', 'empty line'],
  ];
  for (const [line, reason] of rejects) {
    it(`splitEnvelope(${JSON.stringify(line)}) is refused with "${reason}"`, () => {
      expect(splitEnvelope(line, UTC)).toBe(reason);
    });
  }

  it('makeEnvelopeSplitter gives the same answers as splitEnvelope across many hours (zone cache stays right)', () => {
    const ctx = { refTimeMs: Date.UTC(2024, 11, 31), tz: 'Europe/Berlin' };
    const split = makeEnvelopeSplitter(ctx);
    for (let h = 0; h < 24 * 400; h += 7) {
      const d = new Date(Date.UTC(2024, 0, 1) + h * 3_600_000 + 59 * 60_000);
      const stamp = `${d.toUTCString().slice(8, 11)} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
      const line = `${stamp} fw kernel: ${BODY}`;
      expect(split(line)).toEqual(splitEnvelope(line, ctx));
    }
  });
});

describe('detectEnvelope', () => {
  const B = 'IN=eth0 OUT= SRC=1.2.3.4';
  const cases: Array<[string, string[]]> = [
    ['rfc3164', [`Jan  8 03:37:09 fw kernel: ${B}`, `<4>Jan 18 03:37:09 fw kernel: ${B}`]],
    ['journal-short', [`Jan 08 03:37:09 fw kernel: ${B}`]],
    ['journal-short-precise', [`Jan 08 03:37:09.123456 fw kernel: ${B}`]],
    ['iso', [`2024-05-01T10:00:00.123456+02:00 fw kernel: ${B}`, `2021-03-12T14:10:18Z fw kernel: ${B}`, `2021-03-12T14:10:18.5 fw kernel: ${B}`]],
    ['journal-short-iso', [`2024-01-08T03:37:09+0100 fw kernel: ${B}`]],
    ['rfc5424', [`<174>1 2003-08-24T05:14:15+00:00 fw kernel - - - ${B}`]],
    ['journal-json', [JSON.stringify({ MESSAGE: B, __REALTIME_TIMESTAMP: '1' })]],
    ['dmesg', [`[ 3445.031964] ${B}`]],
    ['dmesg-T', [`[Tue Mar  5 10:00:00 2024] ${B}`]],
    ['pve-firewall', [`0 3 PVEFW-HOST-IN 20/Jun/2022:13:09:14 +0200 policy DROP: ${B}`]],
  ];
  for (const [kind, lines] of cases) {
    it(`detectEnvelope(${kind} lines) is '${kind}'`, () => expect(detectEnvelope(['', ...lines])).toBe(kind));
  }

  it('detectEnvelope(mostly unreadable lines) names the readable majority, and null when nothing reads', () => {
    expect(detectEnvelope(['garbage', `[ 1.5] ${B}`, `[ 2.5] ${B}`, `Jan  8 03:37:09 fw kernel: ${B}`])).toBe('dmesg');
    expect(detectEnvelope(['garbage', 'more garbage', '{}'])).toBeNull();
  });

  it('detectEnvelope(fixture files) matches their envelopes', () => {
    expect(detectEnvelope(ownLines('scans/rsyslog-iso.log'))).toBe('iso');
    expect(detectEnvelope(ownLines('scans/syn-sweep-port-22.log'))).toBe('rfc3164');
    expect(detectEnvelope(linesOf('mozilla-lua_sandbox_extensions/kernel-netfilter-lines.log'))).toBe('dmesg');
    expect(detectEnvelope(linesOf('crowdsec-hub/proxmox-iptables-logs/proxmox-iptables.log'))).toBe('pve-firewall');
  });
});
