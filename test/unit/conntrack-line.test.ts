// conntrack text lines (-L, -E, /proc, conntrackd -i) against the third-party fixtures and the dumps written for fwlens
// (the conntrack-tools manual examples are compared in test/conformance/conntrack-corpus.test.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConntrackRecord, isSkip } from '../../src-main/conntrack/conntrack-record.ts';
import { detect, parseConntrackLine } from '../../src-main/conntrack/conntrack-line.ts';
import { makeZone } from '../../src-main/parse/syslog-time.ts';
import { OWN, THIRD_PARTY } from '../helpers.ts';
import { parseCt as parse, parsedCt as parsed } from '../parse-helpers.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/conntrack/', import.meta.url));
const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
const UTC = makeZone('UTC');


const TP = (rel: string): string => join(THIRD_PARTY, rel);
const OWN_CT = (rel: string): string => join(OWN, 'conntrack', rel);
const THIRD_PARTY_FILES = [
  'weaveworks-scope/conntrack-E-o-id.txt', 'weaveworks-scope/conntrack-L-o-id.txt',
  'weaveworks-scope/conntrack-go-comment-examples.txt', 'yuuki-lsconntrack/conntrack-L-acct-lines.txt',
];
const OWN_FILES = ['conntrack-E.txt', 'conntrack-L-counters.txt', 'conntrackd-cache.txt'];
const FIXTURE_FILES = [
  'proc-nf-conntrack.txt', 'proc-ip-conntrack.txt', 'conntrack-L-extended-ktimestamp.txt', 'conntrack-L-ipv6.txt',
  'conntrack-E-o-timestamp-id.txt',
];

describe('every third-party and fixture line parses or is a recognised non-entry', () => {
  const all = [...THIRD_PARTY_FILES.map(TP), ...OWN_FILES.map(OWN_CT), ...FIXTURE_FILES.map((f) => FIXTURES + f)];
  it.each(all)('%s', (path) => {
    for (const line of lines(path)) {
      const { rec, why } = parse(line);
      if (why !== null) {
        expect(isSkip(why), `${why}: ${line}`).toBe(true);
        expect(line).toMatch(/^conntrack v[\d.]+ \(conntrack-tools\): \d+ flow (entries|events) have been shown\.$/);
        continue;
      }
      expect(rec.extra, line).toBeNull(); // every token of these formats has a field
      expect(rec.src).not.toBeNull();
      expect(rec.nat).not.toBeNull();
    }
  });
});

describe('conntrack -L', () => {
  it('reads a dump with counters', () => {
    const r = parsed(lines(OWN_CT('conntrack-L-counters.txt'))[0]);
    expect(r).toMatchObject({
      event: null, ts: null, family: 4, proto: 'tcp', proto_num: 6, timeout: 431970, state: 'ESTABLISHED',
      src: '192.168.1.20', dst: '203.0.113.80', sport: 40110, dport: 993, packets: 120, bytes: 10230,
      reply_src: '203.0.113.80', reply_dst: '192.168.1.20', reply_sport: 993, reply_dport: 40110,
      reply_packets: 98, reply_bytes: 45120, status: ['ASSURED'], replied: true, nat: 'none', mark: 0, secmark: 0, use: 1,
    });
  });
  it('reads -o id and secctx (weaveworks scope)', () => {
    const r = parsed(lines(TP('weaveworks-scope/conntrack-L-o-id.txt'))[1]);
    expect(r.secctx).toBe('system_u:object_r:unlabeled_t:s0');
    expect(r.id).toBe(4001098880);
    expect(r.use).toBe(1);
    expect(r.packets).toBeNull();
  });
  it('UNREPLIED with zero reply counters (lsconntrack)', () => {
    const r = parsed(lines(TP('yuuki-lsconntrack/conntrack-L-acct-lines.txt'))[0]);
    expect(r.status).toEqual(['UNREPLIED']);
    expect(r.replied).toBe(false);
    expect(r.reply_packets).toBe(0);
  });
  it('conntrackd -i cache: no timeout column, [active since Ns]', () => {
    const rs = lines(OWN_CT('conntrackd-cache.txt')).map(parsed);
    expect(rs.map((r) => r.active_since)).toEqual([612, 612, 612, 87, 612]);
    expect(rs.every((r) => r.timeout === null)).toBe(true);
    expect(rs[3]).toMatchObject({ state: 'TIME_WAIT', mark: null, status: ['ASSURED'] });
  });
  it('summary lines are skipped, not rejected', () => {
    const why = parse('conntrack v0.9.7 (conntrack-tools): 2 flow entries have been shown.').why;
    expect(why !== null && isSkip(why)).toBe(true);
    expect(isSkip(parse('   ').why!)).toBe(true);
  });
});

describe('conntrack -E', () => {
  it('reads right-aligned event tags and -o id (weaveworks scope)', () => {
    const rs = lines(TP('weaveworks-scope/conntrack-E-o-id.txt')).map(parsed);
    expect(rs.map((r) => r.event)).toEqual(['DESTROY', 'NEW', 'UPDATE', 'UPDATE']);
    expect(rs[0]).toMatchObject({ timeout: null, state: null, id: 347275904, nat: 'both', replied: true });
    expect(rs[1]).toMatchObject({ timeout: 120, state: 'SYN_SENT', replied: false, status: ['UNREPLIED'] });
  });
  it('-E stream: UDP without state, replied once the UNREPLIED flag is gone', () => {
    const rs = lines(OWN_CT('conntrack-E.txt')).map(parsed);
    expect(rs.map((r) => [r.event, r.proto, r.state, r.replied])).toEqual([
      ['NEW', 'udp', null, false], ['UPDATE', 'udp', null, true], ['NEW', 'tcp', 'SYN_SENT', false],
      ['UPDATE', 'tcp', 'SYN_RECV', true], ['UPDATE', 'tcp', 'ESTABLISHED', true],
    ]);
  });
  it('-o timestamp: [sec.usec] with space-padded microseconds', () => {
    const rs = lines(FIXTURES + 'conntrack-E-o-timestamp-id.txt').filter((l) => l.startsWith('[')).map(parsed);
    expect(rs.map((r) => r.ts)).toEqual([
      1546616402141234, 1546616402000142, 1546616402191203, 1546616410000009, 1546616411005033, 1546616412000077,
    ]);
    expect(rs[1].ts_text).toBe('1546616402.142');
    expect(rs[3]).toMatchObject({ event: 'DESTROY', packets: 14, reply_bytes: 9811, delta_time: 8, id: 3126391808 });
    // ICMP id right after code= is the tuple's; the last id= is the conntrack id.
    expect(rs[4]).toMatchObject({ icmp_type: 8, icmp_code: 0, icmp_id: 901, reply_icmp_type: 0, reply_icmp_id: 901, id: 3126392000 });
    expect(rs[5]).toMatchObject({ family: 6, src: '2001:db8::10', nat: 'none' });
  });
});

describe('/proc and -o extended', () => {
  const proc = lines(FIXTURES + 'proc-nf-conntrack.txt').map(parsed);
  it('reads the l3 columns and RFC 5952 addresses from fully expanded IPv6', () => {
    expect(proc[3]).toMatchObject({
      family: 6, src: '2001:db8::10', dst: '2001:db8:0:1::80', reply_src: '2001:db8:0:1::80', reply_dst: '2001:db8::10',
      packets: 5, bytes: 560, reply_packets: 4, reply_bytes: 1200, zone: 0, use: 2, nat: 'none',
    });
    expect(proc[4]).toMatchObject({ proto: 'icmpv6', src: 'fe80::211:22ff:fe33:4455', dst: 'ff02::1', icmp_type: 128, reply_icmp_type: 129 });
  });
  it('GRE keys, protocols without a tracker, SCTP state, offloaded flows', () => {
    expect(proc[5]).toMatchObject({ proto: 'gre', proto_num: 47, sport: 0, dport: 0, reply_sport: 0 });
    expect(proc[6]).toMatchObject({ proto: 'igmp', proto_num: 2, sport: null, replied: false });
    expect(proc[7]).toMatchObject({ proto: 'sctp', state: 'ESTABLISHED' });
    expect(proc[8]).toMatchObject({ timeout: null, state: 'ESTABLISHED', status: ['OFFLOAD'], replied: true });
  });
  it('per-tuple zones, secctx and delta-time', () => {
    expect(proc[9]).toMatchObject({ zone_orig: 5, zone_reply: 5, zone: 0, mark: 16, delta_time: 321, nat: 'DNAT' });
  });
  it('old /proc/net/ip_conntrack lines', () => {
    const rs = lines(FIXTURES + 'proc-ip-conntrack.txt').map(parsed);
    expect(rs[2]).toMatchObject({ family: 4, nat: 'SNAT', reply_dst: '80.71.33.10', secmark: 0 });
    expect(rs[3]).toMatchObject({ proto: 'icmp', icmp_id: 3617, packets: 1, reply_bytes: 84, nat: 'none' });
  });
  it('-o extended,ktimestamp: [start=ctime] read in the given zone, helper, labels', () => {
    const rs = lines(FIXTURES + 'conntrack-L-extended-ktimestamp.txt').map(parsed);
    expect(rs[0]).toMatchObject({ start: Date.UTC(2019, 0, 4, 16, 40, 2) * 1000, start_text: 'Fri Jan  4 16:40:02 2019', delta_time: 42, id: 1775029440 });
    expect(rs[2]).toMatchObject({ helper: 'ftp', labels: 'web,audited', zone_orig: 1, zone_reply: 1, zone: 1, mark: 7 });
    const berlin = new ConntrackRecord();
    expect(parseConntrackLine(lines(FIXTURES + 'conntrack-L-extended-ktimestamp.txt')[0], berlin, makeZone('+01:00'))).toBeNull();
    expect(berlin.start).toBe(Date.UTC(2019, 0, 4, 15, 40, 2) * 1000);
  });
});

describe('NAT, replied, status', () => {
  const base = (o: string, r: string, flags = '[ASSURED]'): string => `tcp      6 100 ESTABLISHED ${o} ${r} ${flags} mark=0 use=1`;
  it('SNAT: the reply goes to a different address than the original source', () => {
    expect(parsed(base('src=10.0.0.2 dst=1.1.1.1 sport=4000 dport=443', 'src=1.1.1.1 dst=203.0.113.7 sport=443 dport=4000')).nat).toBe('SNAT');
  });
  it('SNAT by port alone (masquerade with port rewriting)', () => {
    expect(parsed(base('src=10.0.0.2 dst=1.1.1.1 sport=4000 dport=443', 'src=1.1.1.1 dst=10.0.0.2 sport=443 dport=61000')).nat).toBe('SNAT');
  });
  it('DNAT: the reply comes from a different address than the original destination', () => {
    expect(parsed(base('src=198.51.100.9 dst=203.0.113.7 sport=5000 dport=80', 'src=10.0.0.80 dst=198.51.100.9 sport=8080 dport=5000')).nat).toBe('DNAT');
  });
  it('both', () => {
    expect(parsed(base('src=10.0.0.2 dst=203.0.113.7 sport=5000 dport=80', 'src=10.0.0.80 dst=203.0.113.1 sport=80 dport=5000')).nat).toBe('both');
  });
  it('none, replied from SEEN_REPLY-only flags, and several flags at once', () => {
    const r = parsed(base('src=10.0.0.2 dst=10.0.0.3 sport=1 dport=2', 'src=10.0.0.3 dst=10.0.0.2 sport=2 dport=1', '[HW_OFFLOAD] [SEEN_REPLY]'));
    expect(r).toMatchObject({ nat: 'none', replied: true, status: ['HW_OFFLOAD', 'SEEN_REPLY'] });
  });
  it('UNREPLIED but reply counters > 0 still counts as replied', () => {
    const r = parsed('udp      17 10 src=10.0.0.2 dst=10.0.0.3 sport=1 dport=2 packets=1 bytes=40 [UNREPLIED] src=10.0.0.3 dst=10.0.0.2 sport=2 dport=1 packets=1 bytes=40 use=1');
    expect(r.replied).toBe(true);
  });
});

describe('rejects', () => {
  const full = lines(OWN_CT('conntrack-L-counters.txt'))[0];
  it.each([
    ['hello world', /no protocol name and number/],
    ['tcp 6 100 ESTABLISHED sport=1 dport=2 use=1', /^no src=: not a conntrack entry$/],
    [full.slice(0, full.indexOf(' dport=')), /^truncated: original tuple incomplete$/],
    [full.slice(0, full.indexOf(' src=', 30)), /^truncated: no reply tuple$/],
    [full.slice(0, full.indexOf(' dport=', 120)), /^truncated: reply tuple incomplete$/],
    [full.slice(0, full.indexOf('use=') + 4), /^truncated: use= has no value$/],
    [full.slice(0, full.indexOf('[ASSURED]') + 4), /^truncated: \[ASS/],
    ['tcp 6 100 ESTABLISHED src=10.0.0.300 dst=1.2.3.4 sport=1 dport=2 src=1.2.3.4 dst=10.0.0.3 sport=2 dport=1', /src= is not an IP address: 10\.0\.0\.300/],
    ['tcp 6 100 ESTABLISHED src=10.0.0.3 dst=2001:db8::1 sport=1 dport=2 src=2001:db8::1 dst=10.0.0.3 sport=2 dport=1', /dst= is not an IPv4 address/],
    ['ipv6     10 tcp 6 100 ESTABLISHED src=10.0.0.3 dst=1.2.3.4 sport=1 dport=2 src=1.2.3.4 dst=10.0.0.3 sport=2 dport=1', /src= is not an IPv6 address/],
    ['tcp 6 100 ESTABLISHED src=10.0.0.3 dst=1.2.3.4 sport=x dport=2 src=1.2.3.4 dst=10.0.0.3 sport=2 dport=1', /^sport= is not a number: x$/],
    ['[BOGUS] tcp 6 100 src=1.2.3.4', /unknown event tag/],
    ['[123.] tcp 6 100 src=1.2.3.4', /unreadable \[seconds\.micros\] timestamp/],
    ['icmp 1 29 src=10.0.0.2 dst=8.8.8.8 type=8 src=8.8.8.8 dst=10.0.0.2 type=0 code=0 id=1', /^truncated: original tuple incomplete$/],
    ['\u0000\u0001binary', /no protocol name and number/],
  ])('%s', (line, want) => {
    const { why } = parse(line);
    expect(why).toMatch(want);
    expect(isSkip(why!)).toBe(false);
  });
  it('unknown tokens are kept in extra, not dropped', () => {
    const r = parsed('tcp 6 100 ESTABLISHED src=10.0.0.2 dst=10.0.0.3 sport=1 dport=2 src=10.0.0.3 dst=10.0.0.2 sport=2 dport=1 [ASSURED] vtag=5 [weird thing] use=1 FOO');
    expect(r.extra).toBe('vtag=5 [weird thing] FOO');
  });
  it('detect() accepts entries and refuses other text', () => {
    expect(detect(lines(TP('weaveworks-scope/conntrack-E-o-id.txt'))[0])).toBe(true);
    expect(detect('Mar 14 10:00:01 fw1 kernel: DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8')).toBe(false);
  });
});
