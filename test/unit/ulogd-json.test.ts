// ulogd2 JSON output lines into EventRecords: the third-party spr-networks line, hand-written fixtures, malformed input.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventRecord } from '../../src-main/shared/model.ts';
import { detect, parseUlogdJson } from '../../src-main/ulogd/ulogd-json.ts';
import { makeZone } from '../../src-main/parse/syslog-time.ts';
import { THIRD_PARTY } from '../helpers.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/ulogd/', import.meta.url));
const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
const UTC = makeZone('UTC');

function parsed(line: string, zone = UTC): EventRecord {
  const rec = new EventRecord();
  expect(parseUlogdJson(line, rec, zone), line).toBeNull();
  return rec;
}
function reject(line: string): string | null {
  return parseUlogdJson(line, new EventRecord(), UTC);
}

describe('third party: spr-networks ulogd JSON line', () => {
  const line = lines(join(THIRD_PARTY, 'spr-networks-ulogd/ulogd-json-sample.jsonl'))[0];
  it('reads every field the line carries', () => {
    expect(parsed(line)).toMatchObject({
      ts: Date.UTC(2022, 6, 25, 13, 1, 58) * 1000 + 947620, ts_text: '2022-07-25T15:01:58.947620+0200', host: 'spr',
      prefix: 'DRP:INP', action: 'DROP', in_if: 'wlan0', out_if: null,
      mac_dst: '33:33:00:00:00:01', mac_src: 'd8:d7:75:f2:f9:59', ethertype: '86:dd',
      family: 6, src: 'fe80::dad7:75ff:fef2:f959', dst: 'ff02::1', len: 64, tc: 0, ttl: 255, flowlbl: 0,
      proto: 'ICMPv6', proto_num: 58, icmp_type: 134, icmp_code: 0, mark: 0,
    });
  });
  it('keeps the keys without a column in extra', () => {
    expect(parsed(line).extra).toBe('raw.pktlen=64 raw.pktcount=1 oob.ifindex_in=3 oob.hook=1 raw.type=1 icmpv6.csum=57001');
  });
  it('the offset in the text and oob.time agree', () => {
    const noOob = line.replace(/"oob\.time\.sec": \d+, "oob\.time\.usec": \d+, /, '');
    expect(parsed(noOob).ts).toBe(parsed(line).ts);
  });
  it('detect()', () => {
    expect(detect([line])).toBe(true);
    expect(detect(lines(FIXTURES + 'ulogd-json.jsonl'))).toBe(true);
    expect(detect(['{"MESSAGE": "x", "__REALTIME_TIMESTAMP": "1"}'])).toBe(false);
    expect(detect(['Mar 14 10:00:01 fw1 DROP IN=eth0 OUT='])).toBe(false);
    expect(detect(['{"src_ip": "1.2.3.4", "dest_ip": "5.6.7.8"}'])).toBe(true);
  });

  it('detect() still knows a file cut mid-line at its start, or with a damaged line among the first', () => {
    const good = lines(FIXTURES + 'ulogd-json.jsonl').filter((l) => l.trim() !== '').slice(0, 4);
    expect(detect([line.slice(40), ...good])).toBe(true);
    expect(detect([good[0], '{"oob.prefix": "DROP", "src_ip": "1.2.', ...good.slice(1)])).toBe(true);
    // Mostly other text is not ulogd's, even with one ulogd object in it.
    expect(detect([line, 'Mar 14 10:00:01 fw1 sshd[1]: x', 'Mar 14 10:00:02 fw1 sshd[1]: y', 'Mar 14 10:00:03 fw1 cron[2]: z'])).toBe(false);
  });
});

describe('fixtures', () => {
  const rs = lines(FIXTURES + 'ulogd-json.jsonl').map((l) => parsed(l));
  it('IPv4 TCP SYN with MAC, CIM key names, DF from ip.fragoff', () => {
    expect(rs[0]).toMatchObject({
      ts: Date.UTC(2024, 2, 14, 8, 0, 1) * 1000 + 123456, host: 'fw1', prefix: 'INPUT DROP', action: 'DROP',
      mac_dst: '00:11:22:33:44:55', mac_src: '66:77:88:99:aa:bb', ethertype: '08:00', src: '198.51.100.23',
      dst: '203.0.113.7', len: 60, tos: 0, prec: 0, ttl: 51, ip_id: 54321, df: true, mf: false, ce: false, frag: 0,
      proto: 'TCP', proto_num: 6, sport: 51515, dport: 22, seq: 3456789012, ack: 0, win: 64240, flags: ['SYN'],
      in_if: 'eth0', out_if: null,
    });
  });
  it('IPv4 UDP without MAC: uid/gid/mark, TOS split like LOG, the default dvc is not a host', () => {
    expect(rs[1]).toMatchObject({
      prefix: 'ACCEPT out', action: 'ACCEPT', in_if: null, out_if: 'eth0', uid: 1000, gid: 1000, mark: 16,
      mac_src: null, mac_dst: null, ethertype: null, host: null, tos: 0x10, prec: 0, l4_len: 53, sport: 41000, dport: 53,
    });
    expect(rs[1].extra).toContain('dvc=Netfilter');
    expect(rs[1].extra).toContain('ecn=1');
    expect(rs[1].extra).toContain('oob.protocol=2048');
  });
  it('ICMP echo; timestamp without offset read in the given zone; MTU kept out of icmp_extra', () => {
    expect(rs[2]).toMatchObject({ ts: Date.UTC(2024, 2, 14, 10, 0, 3) * 1000 + 1, icmp_type: 8, icmp_id: 4321, icmp_seq: 1, icmp_extra: null });
    expect(rs[2].extra).toContain('icmp.fragmtu=1');
    expect(parsed(lines(FIXTURES + 'ulogd-json.jsonl')[2], makeZone('+02:00')).ts).toBe(Date.UTC(2024, 2, 14, 8, 0, 3) * 1000 + 1);
  });
  it('ICMP fragmentation needed carries the MTU', () => {
    expect(rs[3]).toMatchObject({ action: 'REJECT', icmp_type: 3, icmp_code: 4, icmp_extra: 'MTU=1400', icmp_id: null, prec: 0xc0 });
  });
  it('IPv6 TCP: RFC 5952 addresses, mac.str split, JSON booleans as flags in LOG order', () => {
    expect(rs[4]).toMatchObject({
      family: 6, src: '2001:db8::10', dst: '2001:db8:1::80', len: 80, ttl: 64, tc: 0, mark: 16,
      mac_dst: '00:11:22:33:44:55', mac_src: '66:77:88:99:aa:bb', ethertype: '86:dd', flags: ['ACK', 'PSH'], df: null,
    });
  });
  it('ICMPv6 echo without prefix or MAC', () => {
    expect(rs[5]).toMatchObject({ prefix: null, action: 'unknown', proto: 'ICMPv6', icmp_type: 128, icmp_id: 7, icmp_seq: 3, mac_src: null });
  });
});

describe('rejects', () => {
  it.each([
    ['{"oob.prefix": "x", "ip.protocol": 6', /^not valid JSON$/],
    ['[1, 2]', /^JSON is not an object$/],
    ['"text"', /^JSON is not an object$/],
    ['', /^empty line$/],
    ['{"oob.prefix": "DROP", "ip.daddr.str": "1.2.3.4"}', /^no ip\.saddr\.str\/src_ip: not an IP packet$/],
    ['{"src_ip": "1.2.3.4"}', /^no ip\.daddr\.str\/dest_ip: not an IP packet$/],
    ['{"arp.hwtype": 1, "arp.saddr.str": "1.2.3.4"}', /^ARP packet: not an IP packet$/],
    ['{"src_ip": "1.2.3.400", "dest_ip": "1.2.3.4"}', /^source address is not an IP address: 1\.2\.3\.400$/],
    ['{"src_ip": "1.2.3.4", "dest_ip": "2001:db8::1"}', /^destination is not an IPv4 address/],
    ['{"src_ip": "1.2.3.4", "dest_ip": "1.2.3.5", "ip.ttl": "sixty"}', /^ip\.ttl is not a whole number: "sixty"$/],
    ['{"src_ip": "1.2.3.4", "dest_ip": "1.2.3.5", "tcp.sport": -1}', /^tcp\.sport is not a whole number: -1$/],
    ['{"src_ip": 16909060, "dest_ip": "1.2.3.5"}', /^src_ip is not text: 16909060$/],
    ['{"src_ip": "1.2.3.4", "dest_ip": "1.2.3.5", "timestamp": "yesterday"}', /^unreadable timestamp: yesterday$/],
  ])('%s', (line, want) => {
    expect(reject(line)).toMatch(want);
  });
  it('unknown keys with awkward values stay separate tokens', () => {
    const r = parsed('{"src_ip": "1.2.3.4", "dest_ip": "1.2.3.5", "note": "two words", "list": [1, 2], "empty": ""}');
    expect(r.extra).toBe('note="two words" list=[1,2] empty=""');
  });
});

describe('lines whose keys change from one line to the next', () => {
  // The parser keeps the last line's key at each position: a line with other keys, or the same keys in
  // another order, must read as it does alone.
  const base = lines(join(FIXTURES, 'ulogd-json.jsonl'));
  const reorder = (line: string): string => {
    const o = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify(Object.fromEntries(Object.entries(o).reverse()));
  };
  const withUnknown = (line: string): string => line.replace('{', '{"x.first": 1, ');
  it('reads each line the same after any other line', () => {
    const variants = base.flatMap((l) => [l, reorder(l), withUnknown(l)]);
    const alone = variants.map((l) => {
      const r = new EventRecord();
      // A line of another shape in between resets nothing the next one relies on.
      parseUlogdJson('{"a": 1}', new EventRecord(), UTC);
      const why = parseUlogdJson(l, r, UTC);
      return why ?? { ...r };
    });
    for (const order of [variants, [...variants].reverse()]) {
      for (const l of order) {
        const r = new EventRecord();
        const why = parseUlogdJson(l, r, UTC);
        expect(why ?? { ...r }, l).toEqual(alone[variants.indexOf(l)]);
      }
    }
    // The reordered and the extended lines did read (not all rejected alike).
    expect(alone.filter((a) => typeof a !== 'string').length).toBeGreaterThan(base.length);
  });
});
