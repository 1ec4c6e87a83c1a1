// Netfilter body forms of issue 14: ARP lines (nft arp/bridge family logging) and lines cut off before their fields.
import { describe, it, expect } from 'vitest';
import { EventRecord } from '../../src-main/shared/model.ts';
import { parseNetfilter } from '../../src-main/parse/netfilter.ts';

function parse(body: string): { why: string | null; r: EventRecord } {
  const r = new EventRecord();
  return { why: parseNetfilter(body, r), r };
}
const arpOf = (r: EventRecord) => ({
  prefix: r.prefix, in_if: r.in_if, out_if: r.out_if, family: r.family, src: r.src, dst: r.dst, proto: r.proto,
  arp_op: r.arp_op, arp_htype: r.arp_htype, arp_ptype: r.arp_ptype, arp_mac_src: r.arp_mac_src, arp_mac_dst: r.arp_mac_dst,
  mac_src: r.mac_src, mac_dst: r.mac_dst, ethertype: r.ethertype, extra: r.extra,
});

describe('ARP lines', () => {
  it('an nft bridge ARP request: IPSRC/IPDST become src/dst, the header and payload MACs go to arp_*', () => {
    const { why, r } = parse('[bri-NAM-TEST-10-C]IN=eth1 OUT=eth2 ARP HTYPE=1 PTYPE=0x0800 OPCODE=1 MACSRC=50:00:00:04:00:00 IPSRC=10.11.11.101 MACDST=00:00:00:00:00:00 IPDST=10.11.11.102');
    expect(why).toBeNull();
    expect(arpOf(r)).toEqual({
      prefix: '[bri-NAM-TEST-10-C]', in_if: 'eth1', out_if: 'eth2', family: 4, src: '10.11.11.101', dst: '10.11.11.102', proto: null,
      arp_op: 1, arp_htype: 1, arp_ptype: '0x0800', arp_mac_src: '50:00:00:04:00:00', arp_mac_dst: '00:00:00:00:00:00',
      mac_src: null, mac_dst: null, ethertype: null, extra: null,
    });
  });

  it('with `log flags ether` the Ethernet header stays in mac_src/mac_dst/ethertype, apart from the ARP payload MACs', () => {
    const { why, r } = parse('arp-drop IN=eth1 OUT= MACSRC=52:54:00:aa:00:03 MACDST=ff:ff:ff:ff:ff:ff MACPROTO=0806 ARP HTYPE=1 PTYPE=0x0800 OPCODE=2 MACSRC=52:54:00:aa:00:03 IPSRC=192.168.50.13 MACDST=52:54:00:aa:00:09 IPDST=192.168.50.1');
    expect(why).toBeNull();
    expect(arpOf(r)).toMatchObject({
      prefix: 'arp-drop', src: '192.168.50.13', dst: '192.168.50.1', arp_op: 2, arp_mac_src: '52:54:00:aa:00:03', arp_mac_dst: '52:54:00:aa:00:09',
      mac_src: '52:54:00:aa:00:03', mac_dst: 'ff:ff:ff:ff:ff:ff', ethertype: '08:06',
    });
  });

  it('an iptables-style MAC= dump before ARP is read as the Ethernet header', () => {
    const { why, r } = parse('IN=br0 OUT= MAC=ff:ff:ff:ff:ff:ff:00:11:22:33:44:55:08:06 ARP HTYPE=1 PTYPE=0x0800 OPCODE=1 MACSRC=00:11:22:33:44:55 IPSRC=10.0.0.1 MACDST=00:00:00:00:00:00 IPDST=10.0.0.2');
    expect(why).toBeNull();
    expect([r.mac_dst, r.mac_src, r.ethertype, r.src, r.dst, r.arp_op]).toEqual(['ff:ff:ff:ff:ff:ff', '00:11:22:33:44:55', '08:06', '10.0.0.1', '10.0.0.2', 1]);
  });

  it.each([
    ['payload not logged', 'IN=eth1 OUT= ARP HTYPE=1 PTYPE=0x0800 OPCODE=1 INCOMPLETE [10 bytes]', /^ARP payload not logged \(INCOMPLETE\)/],
    ['not Ethernet/IPv4', 'IN=eth1 OUT= ARP HTYPE=6 PTYPE=0x0800 OPCODE=1', /^ARP for HTYPE=6 PTYPE=0x0800: no IPv4 addresses/],
    ['cut in the header', 'IN=eth1 OUT= ARP HTYPE=1 PTYPE=0x0800 OPC', /^truncated line: ARP header incomplete$/],
    ['cut in IPDST', 'IN=eth1 OUT= ARP HTYPE=1 PTYPE=0x0800 OPCODE=1 MACSRC=50:00:00:04:00:00 IPSRC=10.11.11.101 MACDST=00:00:00:00:00:00 IPDST=10.11.', /^truncated line: IPDST= is not an IPv4 address: 10\.11\.$/],
    ['cut before IPDST', 'IN=eth1 OUT= ARP HTYPE=1 PTYPE=0x0800 OPCODE=1 MACSRC=50:00:00:04:00:00 IPSRC=10.11.11.101', /^truncated line: no IPSRC=\/IPDST=/],
    ['bad sender address', 'IN=eth1 OUT= ARP HTYPE=1 PTYPE=0x0800 OPCODE=1 MACSRC=50:00:00:04:00:00 IPSRC=10.11.300.1 MACDST=00:00:00:00:00:00 IPDST=10.11.11.102', /^IPSRC= is not an IPv4 address/],
    ['bad opcode', 'IN=eth1 OUT= ARP HTYPE=1 PTYPE=0x0800 OPCODE=x MACSRC=50:00:00:04:00:00 IPSRC=10.11.11.1 MACDST=00:00:00:00:00:00 IPDST=10.11.11.102', /^ARP HTYPE= or OPCODE= is not a number/],
  ])('ARP %s is a reject that says why', (_name, body, reason) => {
    expect(parse(body).why).toMatch(reason);
  });

  it('the word ARP inside an IP packet line is no ARP line', () => {
    const { why, r } = parse('ARP IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=TCP SPT=1 DPT=2 WINDOW=1 RES=0x00 SYN URGP=0');
    expect([why, r.prefix, r.arp_op, r.proto]).toEqual([null, 'ARP', null, 'TCP']);
  });
});

describe('lines cut off before their fields', () => {
  const HEAD = 'IN=eth0 OUT= MAC=00:16:3e:0a:0b:0c:00:16:3e:0d:0e:0f:08:00';
  it.each([
    ['inside MAC=', 'IN=eth0 OUT= MAC=00:16:3e:0a:0b:0c:00:16:3e:'],
    ['after MAC=', HEAD],
    ['inside the SRC key', `${HEAD} SR`],
    ['after OUT=', 'IN=eth0 OUT=eth1'],
    ['inside OUT=', 'IN=eth0 OU'],
  ])('cut %s: "truncated line"', (_name, body) => {
    expect(parse(body).why).toBe('truncated line: it ends before SRC=');
  });

  it('a line that lacks SRC= with later fields present is not truncated: not an IP packet', () => {
    expect(parse(`${HEAD} DST=10.1.1.1 LEN=40 TOS=0x00 PREC=0x00 TTL=50 ID=2 PROTO=TCP SPT=1 DPT=22`).why).toBe('no SRC=: not an IP packet');
    expect(parse(`${HEAD} FOO=1 BAR=2`).why).toBe('no SRC=: not an IP packet');
  });

  it('a field missing in the middle is named without calling the line truncated', () => {
    expect(parse('IN=eth0 OUT= SRC=10.0.0.1 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=TCP SPT=1 DPT=2').why).toBe('no DST=');
    expect(parse('IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 SPT=1 DPT=2').why).toBe('no PROTO=');
    expect(parse('IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=60 TOS=0x00 PREC=0x00 TTL=6').why).toBe('truncated: no PROTO=');
  });
});
