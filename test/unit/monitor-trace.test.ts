// The two trace monitors' lines, parsed by hand-worked expectations: nft monitor trace and xtables-monitor --trace.
import { describe, it, expect } from 'vitest';
import { EventRecord } from '../../src-main/shared/model.ts';
import { detect as nftDetect, parseNftTrace } from '../../src-main/parse/nft-trace.ts';
import { detect as xtDetect, parseXtablesTrace } from '../../src-main/parse/xtables-trace.ts';

const nft = (line: string) => {
  const rec = new EventRecord();
  return { st: parseNftTrace(line, rec), rec };
};
const xt = (line: string) => {
  const rec = new EventRecord();
  return { st: parseXtablesTrace(line, rec), rec };
};

describe('nft monitor trace lines', () => {
  it('reads a packet dump into the packet fields, the TCP protocol from its tcp fields', () => {
    const { st, rec } = nft('trace id 37860211 ip filter FORWARD packet: iif "wg1" oif "br-c4974cabc2ec" ip saddr 10.1.1.4 ip daddr 172.29.0.5 '
      + 'ip dscp af11 ip ecn ect0 ip ttl 63 ip id 56790 ip length 60 tcp sport 43690 tcp dport 5432 tcp flags == syn tcp window 64860');
    expect(st).toEqual({ id: '37860211', family: 'ip', table: 'filter', chain: 'FORWARD', type: 'packet', handle: null, text: null, verdict: null });
    expect(rec).toMatchObject({
      in_if: 'wg1', out_if: 'br-c4974cabc2ec', family: 4, src: '10.1.1.4', dst: '172.29.0.5', ttl: 63, ip_id: 56790, len: 60,
      // af11 is DSCP 10, ect0 is ECN 2: TOS = 10 << 2 | 2.
      tos: 42, proto_num: 6, proto: 'TCP', sport: 43690, dport: 5432, flags: ['SYN'], win: 64860, extra: null,
    });
  });

  it('reads an IPv6 ICMPv6 dump: canonical addresses, length with the 40-byte header, type and code names', () => {
    const { rec } = nft('trace id 7e57ab1e ip6 filter input packet: iif "eth0" ip6 saddr 2001:db8:0:1:0:0:0:5 ip6 daddr 2001:db8::10 ip6 hoplimit 64 '
      + 'ip6 flowlabel 123456 ip6 nexthdr ipv6-icmp ip6 length 64 icmpv6 type echo-request icmpv6 code no-route icmpv6 id 4242 icmpv6 sequence 1');
    expect(rec).toMatchObject({
      family: 6, src: '2001:db8:0:1::5', dst: '2001:db8::10', ttl: 64, flowlbl: 123456, len: 104, proto_num: 58, proto: 'ICMPv6',
      icmp_type: 128, icmp_code: 0, icmp_id: 4242, icmp_seq: 1,
    });
  });

  it('orders TCP flags as the LOG target does, from names or a hex mask; keeps unknown tokens in extra', () => {
    expect(nft('trace id 1 inet t c packet: ip saddr 192.0.2.1 ip daddr 192.0.2.2 tcp flags == fin | ack tcp window 5').rec.flags).toEqual(['ACK', 'FIN']);
    expect(nft('trace id 1 inet t c packet: ip saddr 192.0.2.1 ip daddr 192.0.2.2 tcp flags == 0x12').rec.flags).toEqual(['ACK', 'SYN']);
    expect(nft('trace id 1 inet t c packet: ip saddr 192.0.2.1 ip daddr 192.0.2.2 vlan id 7 @th,64,96 0x1').rec.extra).toBe('vlan id 7 @th,64,96 0x1');
  });

  it('reads rule steps with and without a handle, unknown rule handles, verdict and policy lines', () => {
    expect(nft('trace id 1a2b3c4d ip filter input rule tcp dport 22 jump ssh # handle 6 (verdict jump ssh)').st)
      .toMatchObject({ type: 'rule', handle: 6, text: 'tcp dport 22 jump ssh', verdict: 'jump ssh' });
    expect(nft('trace id 1a2b3c4d ip filter input rule ip saddr 192.0.2.9 counter packets 0 bytes 0 accept comment "ok (1)" (verdict accept)').st)
      .toMatchObject({ type: 'rule', handle: null, text: 'ip saddr 192.0.2.9 counter packets 0 bytes 0 accept comment "ok (1)"', verdict: 'accept' });
    expect(nft('trace id 5eed0001 ip filter forward unknown rule handle 12 (verdict accept)').st).toMatchObject({ type: 'rule', handle: 12, text: null, verdict: 'accept' });
    expect(nft('trace id 1a2b3c4d ip filter ssh verdict continue').st).toMatchObject({ type: 'return', verdict: 'continue' });
    const pol = nft('trace id 0badf00d inet filter input policy drop meta mark 0x0000002a');
    expect(pol.st).toMatchObject({ family: 'inet', type: 'policy', verdict: 'drop' });
    expect(pol.rec.mark).toBe(42);
  });

  it('keeps the conntrack state line of newer nft as a row of its own, its text in extra', () => {
    const { st, rec } = nft('trace id 32a1b2c3 ip filter input conntrack: ct direction original ct state new ct id 3004718848');
    expect(st).toMatchObject({ type: 'conntrack', verdict: null });
    expect(rec.extra).toBe('ct direction original ct state new ct id 3004718848');
  });

  it('says why a line is not one: a cut rule line is a truncated line', () => {
    expect(nft('trace id 1a2b3c4d ip filter input rule tcp dport 22 accept (verdict')).toMatchObject({ st: expect.stringContaining('truncated line') });
    expect(nft('trace id 1a2b3c4d ip filter input bogus').st).toMatch(/unknown kind/);
    expect(nftDetect('trace id 1a2b3c4d ip filter input policy drop')).toBe(true);
    expect(nftDetect('Jan  1 00:00:00 host kernel: IN=eth0 OUT= SRC=192.0.2.1')).toBe(false);
  });
});

describe('xtables-monitor --trace lines', () => {
  it('reads a PACKET dump: ID with the DF flag glued on, MACPROTO, TCP from its flag words', () => {
    const { st, rec } = xt('PACKET: 2 0d3b1ff6 IN=eth0 OUT= MACSRC=52:54:0:12:34:56 MACDST=52:54:0:ab:cd:ef MACPROTO=0800 '
      + 'SRC=198.51.100.20 DST=192.0.2.10 LEN=60 TOS=0x0 TTL=57 ID=40112DF SPORT=51514 DPORT=22 SYN ');
    expect(st).toMatchObject({ id: '0d3b1ff6', family: 'ip', type: 'packet' });
    expect(rec).toMatchObject({
      in_if: 'eth0', out_if: null, mac_src: '52:54:00:12:34:56', mac_dst: '52:54:00:ab:cd:ef', ethertype: '08:00', family: 4,
      src: '198.51.100.20', dst: '192.0.2.10', len: 60, tos: 0, ttl: 57, ip_id: 40112, df: true, mf: false,
      sport: 51514, dport: 22, flags: ['SYN'], proto_num: 6, extra: null,
    });
  });

  it('reads rule steps (hex handle, verdict, the rule as iptables-save writes it), return and policy steps', () => {
    expect(xt(' TRACE: 2 0d3b1ff6 filter:INPUT:rule:0xc:ACCEPT  -4 -t filter -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT').st).toEqual({
      id: '0d3b1ff6', family: 'ip', table: 'filter', chain: 'INPUT', type: 'rule', handle: 12, verdict: 'accept', text: '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
    });
    expect(xt(' TRACE: 2 0d3b1ff6 filter:INPUT:rule:0x9:JUMP:f2b-sshd  -4 -t filter -A INPUT -p tcp -j f2b-sshd').st).toMatchObject({ handle: 9, verdict: 'jump f2b-sshd' });
    expect(xt(' TRACE: 2 0d3b1ff6 filter:f2b-sshd:return:').st).toMatchObject({ type: 'return', chain: 'f2b-sshd', verdict: 'return' });
    expect(xt(' TRACE: 10 5b6c7d8e filter:INPUT:policy:DROP').st).toMatchObject({ family: 'ip6', type: 'policy', verdict: 'drop' });
  });

  it('reads the old form, with the packet on the rule line', () => {
    const { st, rec } = xt(' TRACE: 2 fbfe8c8d raw:PREROUTING:rule:0x3:CONTINUE  -4 -t raw -A PREROUTING -p icmp -j TRACE PACKET: 0 fbfe8c8d IN=lo OUT= SRC=127.0.0.1 DST=127.0.0.1 LEN=84 TOS=0x0 TTL=64 ID=38349DF');
    expect(st).toMatchObject({ type: 'rule', handle: 3, verdict: 'continue', text: '-A PREROUTING -p icmp -j TRACE' });
    expect(rec).toMatchObject({ in_if: 'lo', src: '127.0.0.1', len: 84, ip_id: 38349, df: true });
  });

  it('refuses a cut policy step and other lines', () => {
    expect(xt(' TRACE: 2 0d3b1ff6 filter:INPUT:policy:').st).toMatch(/truncated line/);
    expect(xt(' EVENT: -4 -t filter -A INPUT -j DROP').st).toMatch(/not an xtables-monitor trace line/);
    expect(xtDetect('PACKET: 2 0d3b1ff6 IN=eth0 OUT= SRC=192.0.2.1')).toBe(true);
  });
});
