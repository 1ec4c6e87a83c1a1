// Names from captures: DNS answers (checked against tcpdump where installed), CNAME chains, TLS SNI, HTTP Host.
import { describe, expect, it } from 'vitest';
import { createReadStream } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { decodeCaptureToFlows } from '../../src-main/pcap/pcap-import.ts';
import { tlsSni, httpHost, type NameObservation } from '../../src-main/pcap/names.ts';
import { THIRD_PARTY, chunked, pcapFile, ipv4 } from '../fixtures/pcap/helpers.ts';
import { NEEDS, requires } from '../requires.ts';

const PP = `${THIRD_PARTY}pcapplusplus-pcaps/`;
const tcpdumpIt = requires(NEEDS.tcpdump);

async function names(src: string | Buffer): Promise<NameObservation[]> {
  const out: NameObservation[] = [];
  await decodeCaptureToFlows(typeof src === 'string' ? createReadStream(src) : chunked(src, 1000), () => {}, (n) => out.push(n), () => {});
  return out;
}

function clientHello(sni: string): Buffer {
  const name = Buffer.from(sni);
  const sniExt = Buffer.alloc(9 + name.length);
  sniExt.writeUInt16BE(0, 0);
  sniExt.writeUInt16BE(5 + name.length, 2);
  sniExt.writeUInt16BE(3 + name.length, 4);
  sniExt[6] = 0;
  sniExt.writeUInt16BE(name.length, 7);
  name.copy(sniExt, 9);
  const other = Buffer.from([0x00, 0x0b, 0x00, 0x02, 0x01, 0x00]); // ec_point_formats first
  const exts = Buffer.concat([other, sniExt]);
  const body = Buffer.concat([
    Buffer.from([0x03, 0x03]), Buffer.alloc(32, 7), Buffer.from([0]), Buffer.from([0, 2, 0x13, 0x01]), Buffer.from([1, 0]),
    Buffer.from([exts.length >> 8, exts.length & 255]), exts,
  ]);
  const hs = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 255]), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x01, hs.length >> 8, hs.length & 255]), hs]);
}

describe('DNS names', () => {
  tcpdumpIt('every A/AAAA answer tcpdump prints in DnsPackets.pcap maps to its query name', async () => {
    const got = await names(`${PP}DnsPackets.pcap`);
    const have = new Set(got.filter((n) => n.how === 'dns').map((n) => `${n.address} ${n.name}`));
    const out = spawnSync('tcpdump', ['-nn', '-r', `${PP}DnsPackets.pcap`], { encoding: 'utf8' }).stdout;
    let checked = 0;
    for (const line of out.split('\n')) {
      // Response lines for a single-question query: "...: ID q/a/n ... A 1.2.3.4, AAAA ..." — names come from the matching query
      const m = / (\d+)\*?-? ?\d+\/\d+\/\d+ (.*) \(\d+\)$/.exec(line);
      if (!m || / CNAME /.test(m[2])) continue;
      for (const a of m[2].matchAll(/\bA (\d+\.\d+\.\d+\.\d+)/g)) {
        expect([...have].some((h) => h.startsWith(a[1] + ' ')), a[1]).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(have.has('173.194.112.19 www.google.com')).toBe(true);
  });
  it('CNAME chain: the final address maps to the query name and every alias', async () => {
    const got = await names(`${PP}linktype_ipv4.pcap`);
    expect(got.map((n) => [n.address, n.name, n.how])).toEqual([
      ['23.221.143.117', 'www.ynet.co.il', 'dns'],
      ['23.221.143.117', 'www.ynet.co.il.edgekey.net', 'dns-cname'],
      ['23.221.143.117', 'e12476.b.akamaiedge.net', 'dns-cname'],
    ]);
  });
  it('DNS over TCP and NFLOG-wrapped DNS', async () => {
    const tcp = await names(`${THIRD_PARTY}tcpdump-tests/dns_tcp.pcap`);
    expect(tcp.map((n) => n.address).sort()).toEqual(['192.139.46.66', '198.199.88.104']);
    const nf = await names(`${THIRD_PARTY}tcpdump-tests/nflog.pcap`);
    expect(nf).toContainEqual(expect.objectContaining({ address: '2606:2800:220:6d:26bf:1447:1097:aa7', how: 'dns' }));
  });
});

describe('TLS SNI and HTTP Host', () => {
  it('SNI from a synthetic ClientHello; address is the destination', async () => {
    const pkt = ipv4('10.0.0.5', '203.0.113.9', 6, 50000, 443, clientHello('Example.ORG'));
    expect(await names(pcapFile(101, [pkt]))).toEqual([{ address: '203.0.113.9', name: 'example.org', how: 'tls-sni', tsMicros: 1_700_000_000_000_000 }]);
  });
  it('hostile ClientHello bytes never throw and never invent names', () => {
    const good = clientHello('a.example');
    let s = 1;
    for (let i = 0; i < 3000; i++) {
      const b = Buffer.from(good);
      for (let k = 0; k < 3; k++) b[5 + ((s = (s * 48271) % 2147483647) % (b.length - 5))] = s & 255;
      const r = tlsSni(b, 0, b.length - (i % 7));
      if (r !== null) expect(r).toMatch(/^[a-z0-9._-]+$/);
    }
  });
  it('HTTP Host from the IPv6 streams corpus (the hosts tcpdump -A shows)', async () => {
    const got = await names(`${PP}four_ipv6_http_streams.pcap`);
    expect(got).toHaveLength(9); // 8 × www.uk6x.com + 1 × 6bone…, one per request
    expect(new Set(got.map((n) => `${n.how} ${n.name}`))).toEqual(new Set(['http-host www.uk6x.com', 'http-host 6bone.informatik.uni-leipzig.de']));
    expect(got.filter((n) => n.name === 'www.uk6x.com').every((n) => n.address === '2001:618:1:8000::5')).toBe(true);
  });
  it('Host header parsing: case, port, literals', () => {
    const h = (s: string) => httpHost(Buffer.from(s), 0, s.length);
    expect(h('GET / HTTP/1.1\r\nhOsT:  WWW.Example.com:8080 \r\n\r\n')).toBe('www.example.com');
    expect(h('GET / HTTP/1.1\r\nHost: 10.0.0.1\r\n\r\n')).toBeNull();
    expect(h('GET / HTTP/1.1\r\nHost: [2001:db8::1]:80\r\n\r\n')).toBeNull();
    expect(h('HTTP/1.1 200 OK\r\nHost: x.example\r\n\r\n')).toBeNull();
  });
});
