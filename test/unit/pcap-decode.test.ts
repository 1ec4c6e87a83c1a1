// Packet decoding checked against tcpdump: its golden .out decodes, and tcpdump itself (when installed) on the
// PcapPlusPlus captures; plus link layers, fragments, truncation and hostile bytes.
import { describe, expect, it } from 'vitest';
import { readdirSync, existsSync } from 'node:fs';
import { NEEDS, requires } from '../requires.ts';
import { THIRD_PARTY, decodeAll, parseOutFile, runTcpdump, pcapFile, ipv4, ether, type Row, type TcpdumpLine } from '../fixtures/pcap/helpers.ts';
import { ipv6Text } from '../../src-main/pcap/addr-text.ts';
import { canonicalIPv6 } from '../../src-main/parse/ip-text.ts';

const TD = `${THIRD_PARTY}tcpdump-tests/`;
const PP = `${THIRD_PARTY}pcapplusplus-pcaps/`;
const tcpdumpIt = requires(NEEDS.tcpdump);

/** Compares the fields both tcpdump and we have; returns how many fields were compared. */
function compare(file: string, ours: Row[], theirs: TcpdumpLine[]): number {
  expect(ours.length, `${file}: packet count`).toBe(theirs.length);
  let n = 0;
  theirs.forEach((t, i) => {
    const o = ours[i];
    const where = `${file} packet ${i + 1}`;
    if (t.src === undefined) return;
    expect(o.ok, `${where}: ${o.problem}`).toBe(true);
    expect([o.src, o.dst], where).toEqual([t.src, t.dst]);
    n += 2;
    if (t.sport !== undefined) (expect(o.sport, where).toBe(t.sport), n++);
    if (t.dport !== undefined) (expect(o.dport, where).toBe(t.dport), n++);
    if (t.proto !== undefined) (expect(o.proto, where).toBe(t.proto), n++);
    if (t.flags !== undefined) (expect(o.flags! & 0xff, where).toBe(t.flags), n++);
  });
  return n;
}

describe('decode vs tcpdump golden .out files', () => {
  const outs = readdirSync(TD).filter((f) => f.endsWith('.out'));
  for (const out of outs) {
    const base = out.replace(/(-e)?\.out$/, '');
    const cap = [`${base}.pcap`, `${base}.pcapng`].map((f) => TD + f).find(existsSync)!;
    it(out, async () => {
      const { rows, problems } = await decodeAll(cap);
      expect(problems).toEqual([]);
      const n = compare(out, rows, parseOutFile(TD + out));
      if (base !== 'icmp-length-zero') expect(n).toBeGreaterThan(0);
    });
  }

  it('icmp-length-zero: total length 0 is a problem, not a throw', async () => {
    const { rows } = await decodeAll(`${TD}icmp-length-zero.pcapng`);
    expect(rows).toHaveLength(1);
    expect(rows[0].problem).toMatch(/total length 0 < header length 20/);
  });

  it('nflog: family, payload and (empty) prefix', async () => {
    const { rows } = await decodeAll(`${TD}nflog.pcap`);
    expect(rows.map((r) => r.linktype)).toEqual([239, 239, 239, 239]);
    expect(rows.every((r) => r.ok && r.proto === 17 && r.sport === 53)).toBe(true);
  });
});

describe('decode vs tcpdump -nn -tt on the PcapPlusPlus corpus', () => {
  const files = readdirSync(PP).filter((f) => !f.endsWith('.pcapng')); // tcpdump refuses mixed-linktype pcapng
  for (const f of files) {
    tcpdumpIt(`${f}: addresses, ports, protocol and flags as tcpdump prints them`, async () => {
      const { rows } = await decodeAll(PP + f);
      compare(f, rows, runTcpdump(PP + f)!);
    });
  }
});

describe('fragments', () => {
  it('IPv4: later fragments carry the first fragment ports', async () => {
    const { rows } = await decodeAll(`${PP}ip4_fragments.pcap`);
    const later = rows.filter((r) => r.isFragment && r.fragOffset! > 0);
    expect(later.length).toBeGreaterThan(10);
    for (const r of later) {
      expect(r.fragPortsFromFirst).toBe(true);
      expect([r.sport, r.dport]).toEqual([789, 2049]);
    }
  });
  it('IPv6: fragment header walked, later fragments attributed', async () => {
    const { rows } = await decodeAll(`${PP}ip6_fragments.pcap`);
    const later = rows.filter((r) => r.isFragment && r.fragOffset! > 0);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((r) => r.proto === 17 && r.fragPortsFromFirst)).toBe(true);
    // mDNS (5353) and WS-Discovery (3702) datagrams, as tcpdump shows on their first fragments
    expect(new Set(later.map((r) => r.dport))).toEqual(new Set([5353, 3702]));
  });
  it('Ethernet padding after a short fragment is not taken as IP payload', async () => {
    const { rows, problems } = await decodeAll(`${PP}frag_with_padding.pcap`);
    expect(problems).toEqual([]);
    expect(rows.every((r) => r.ok && r.isFragment)).toBe(true);
  });
});

describe('link layers', () => {
  it('VLAN (802.1Q in 802.1Q) from the corpus', async () => {
    const { rows } = await decodeAll(`${PP}VlanPackets.pcap`);
    expect(rows[0].vlans).toEqual([118, 10]);
  });
  it('QinQ 0x88a8 + 0x8100 and 0x9100 synthetic', async () => {
    const pkt = ipv4('10.1.1.1', '10.2.2.2', 17, 1000, 2000, Buffer.from('x'));
    const file = pcapFile(1, [ether(0x0800, pkt, [[0x88a8, 0x2064], [0x8100, 0x00c8]]), ether(0x0800, pkt, [[0x9100, 7]])]);
    const { rows } = await decodeAll(file);
    expect(rows.map((r) => r.vlans)).toEqual([[100, 200], [7]]);
    expect(rows.every((r) => r.ok && r.dport === 2000)).toBe(true);
  });
  it('NFLOG TLVs: payload and the rule log prefix', async () => {
    const pkt = ipv4('192.0.2.1', '198.51.100.7', 6, 40000, 22, Buffer.alloc(0), 0x02);
    const tlv = (type: number, v: Buffer): Buffer => {
      const h = Buffer.alloc(4);
      h.writeUInt16LE(4 + v.length, 0);
      h.writeUInt16LE(type, 2);
      return Buffer.concat([h, v, Buffer.alloc((4 - ((4 + v.length) % 4)) % 4)]);
    };
    const frame = Buffer.concat([Buffer.from([2, 0, 0, 5]), tlv(1, Buffer.alloc(4)), tlv(10, Buffer.from('[UFW BLOCK] \0')), tlv(9, pkt)]);
    const { rows } = await decodeAll(pcapFile(239, [frame]));
    expect(rows[0]).toMatchObject({ ok: true, prefix: '[UFW BLOCK] ', src: '192.0.2.1', dport: 22, flags: 2 });
  });
  it('unknown link type → problem "unsupported link type N"', async () => {
    const { rows } = await decodeAll(pcapFile(147, [Buffer.alloc(40)]));
    expect(rows[0].problem).toBe('unsupported link type 147');
  });
  it('SLL, SLL2, raw IP, IPv4/IPv6 link types, null loopback all decode', async () => {
    for (const f of ['sll.pcap', 'sll2.pcap', 'raw_ip.pcap', 'linktype_ipv4.pcap', 'linktype_ipv6.pcap', 'null_loopback.pcap']) {
      const { rows } = await decodeAll(PP + f);
      expect(rows.filter((r) => r.ok).length, f).toBeGreaterThan(0);
    }
  });
});

describe('truncation and malformed headers', () => {
  it('snap-length-cut packets decode as far as possible and are flagged', async () => {
    const full = ether(0x0800, ipv4('10.0.0.1', '10.0.0.2', 6, 1234, 80, Buffer.alloc(100), 0x12));
    const cuts = [14 + 20 + 14, 14 + 20 + 4, 14 + 20 + 1].map((n) => ({ data: full.subarray(0, n), origlen: full.length }));
    const { rows } = await decodeAll(pcapFile(1, cuts, 48));
    expect(rows[0]).toMatchObject({ ok: true, truncated: true, sport: 1234, dport: 80, flags: 0x12 });
    expect(rows[1]).toMatchObject({ ok: true, truncated: true, sport: 1234, dport: 80, flags: 0 });
    expect(rows[2]).toMatchObject({ ok: true, truncated: true, src: '10.0.0.1' });
  });
  it('a header claiming more than is present (not snap-cut) is a problem', async () => {
    const pkt = ipv4('10.0.0.1', '10.0.0.2', 17, 1, 2, Buffer.alloc(10));
    pkt.writeUInt16BE(500, 2);
    const tcp = ipv4('10.0.0.1', '10.0.0.2', 6, 1, 2, Buffer.alloc(0));
    tcp[20 + 12] = 0xf0; // data offset 60 > 20 present
    const { rows } = await decodeAll(pcapFile(101, [pkt, tcp]));
    expect(rows[0].problem).toMatch(/total length 500 exceeds/);
    expect(rows[1].problem).toMatch(/TCP header length 60/);
  });
  it('random bytes as frames never throw', async () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 255;
    const frames = Array.from({ length: 500 }, (_, i) => Buffer.from(Array.from({ length: i % 90 }, (_, k) => (k === 0 ? 0x45 + (i % 2) * 0x20 : rnd()))));
    for (const lt of [1, 101, 113, 276, 239, 0]) await expect(decodeAll(pcapFile(lt, frames))).resolves.toBeDefined();
  });
});

describe('ICMP errors and IPv6 text', () => {
  it('ICMP error quotes the embedded packet', async () => {
    const inner = ipv4('10.0.0.2', '8.8.8.8', 17, 5353, 53, Buffer.alloc(0)).subarray(0, 28);
    const icmp = Buffer.concat([Buffer.from([3, 3, 0, 0, 0, 0, 0, 0]), inner]);
    const ip = ipv4('8.8.8.8', '10.0.0.2', 17, 0, 0, Buffer.alloc(0)).subarray(0, 20);
    ip[9] = 1;
    ip.writeUInt16BE(20 + icmp.length, 2);
    const { rows } = await decodeAll(pcapFile(101, [Buffer.concat([ip, icmp])]));
    expect(rows[0]).toMatchObject({ ok: true, proto: 1, icmpType: 3, innerProto: 17, innerSport: 5353, innerDport: 53 });
  });
  it('IPv6 text equals canonicalIPv6 (RFC 5952) for edge cases', () => {
    const cases = ['::', '::1', '1::', '2001:db8::1:0:0:1', '2001:db8:0:1:1:1:1:1', '::ffff:1.2.3.4', 'fe80::1:0:0:0', '1:0:0:2:0:0:0:3', 'abcd:ef01:2345:6789:abcd:ef01:2345:6789'];
    for (const c of cases) {
      const b = Buffer.alloc(16);
      const full = canonicalIPv6(c)!;
      // expand via the canonical parser: write groups back from the text
      const [h, t] = full.includes('::') ? full.split('::') : [full, undefined];
      const hg = h ? h.split(':') : [];
      const tg = t === undefined ? [] : t ? t.split(':') : [];
      const expand = (g: string[]): number[] => g.flatMap((x) => (x.includes('.') ? ((v) => [v[0] * 256 + v[1], v[2] * 256 + v[3]])(x.split('.').map(Number)) : [parseInt(x, 16)]));
      const he = expand(hg);
      const te = expand(tg);
      const groups = [...he, ...Array(8 - he.length - te.length).fill(0), ...te];
      groups.forEach((g, i) => b.writeUInt16BE(g, i * 2));
      expect(ipv6Text(b, 0), c).toBe(full);
    }
  });
});
