// Capture reading (pcap, pcapng): timestamps and counts against tcpdump, sections and interfaces, any chunking,
// and damaged files that end in a problem instead of a throw.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCapture, detectCapture } from '../../src-main/pcap/capture-reader.ts';
import { THIRD_PARTY, chunked, decodeAll, pcapFile, ipv4 } from '../fixtures/pcap/helpers.ts';
import { NEEDS, requires } from '../requires.ts';

const PP = `${THIRD_PARTY}pcapplusplus-pcaps/`;
const TD = `${THIRD_PARTY}tcpdump-tests/`;
const tcpdumpIt = requires(NEEDS.tcpdump);

async function collect(buf: Buffer, chunk = 65536) {
  const packets: { index: number; ts: number; caplen: number; byteOffset: number; iface: number; linktype: number; first: number }[] = [];
  const problems: { index: number; byteOffset: number; reason: string }[] = [];
  for await (const x of readCapture(chunked(buf, chunk))) {
    if (x.kind === 'problem') problems.push(x);
    else packets.push({ index: x.index, ts: x.tsMicros, caplen: x.caplen, byteOffset: x.byteOffset, iface: x.interfaceId, linktype: x.linktype, first: x.data[0] });
  }
  return { packets, problems };
}

describe('detectCapture', () => {
  it('recognises pcap (both orders, µs/ns) and pcapng', () => {
    expect(detectCapture(Buffer.from('d4c3b2a1', 'hex'))).toBe('pcap');
    expect(detectCapture(Buffer.from('a1b2c3d4', 'hex'))).toBe('pcap');
    expect(detectCapture(Buffer.from('a1b23c4d', 'hex'))).toBe('pcap');
    expect(detectCapture(Buffer.from('0a0d0d0a', 'hex'))).toBe('pcapng');
    expect(detectCapture(Buffer.from('7f454c46', 'hex'))).toBeNull();
  });
});

describe('timestamps and counts vs tcpdump -tt', () => {
  const files = [...readdirSync(PP).filter((f) => !f.endsWith('.pcapng')).map((f) => PP + f), ...readdirSync(TD).filter((f) => /\.pcap$/.test(f)).map((f) => TD + f)];
  for (const f of files) {
    tcpdumpIt(`${f.split('/').pop()}: the packets and timestamps tcpdump -tt reads`, async () => {
      const { packets, problems } = await collect(readFileSync(f));
      expect(problems).toEqual([]);
      const out = spawnSync('tcpdump', ['-nn', '-tt', '-r', f], { encoding: 'utf8' }).stdout;
      const ts = out.split('\n').filter((l) => /^\d+\.\d+ /.test(l)).map((l) => l.split(' ')[0]);
      expect(packets.length).toBe(ts.length);
      // tcpdump -tt prints µs for µs files; for ns files it prints 9 digits
      packets.forEach((p, i) => expect(Math.floor(p.ts / 1e6) + '.' + String(p.ts % 1e6).padStart(6, '0')).toBe(ts[i].slice(0, 17)));
      expect(packets.map((p) => p.index)).toEqual(packets.map((_, i) => i + 1));
    });
  }
});

describe('pcapng', () => {
  it('several interfaces with different link types', async () => {
    const { packets, problems } = await collect(readFileSync(`${PP}many_interfaces-1.pcapng`));
    expect(problems).toEqual([]);
    expect(packets).toHaveLength(64);
    expect(new Set(packets.map((p) => p.linktype))).toEqual(new Set([0, 1]));
    expect(new Set(packets.map((p) => p.iface)).size).toBeGreaterThan(1);
  });
  it('pcapng-example: several sections and interfaces, 159 packets on Ethernet and Linux cooked links', async () => {
    const { packets, problems } = await collect(readFileSync(`${PP}pcapng-example.pcapng`));
    expect(problems).toEqual([]);
    expect(packets).toHaveLength(159);
    expect(new Set(packets.map((p) => p.linktype))).toEqual(new Set([1, 113]));
  });
  tcpdumpIt('pcapng-example: packets agree with tcpdump up to where it stops', async () => {
    const { packets } = await collect(readFileSync(`${PP}pcapng-example.pcapng`));
    const out = spawnSync('tcpdump', ['-nn', '-tt', '-r', `${PP}pcapng-example.pcapng`], { encoding: 'utf8' }).stdout;
    const lines = out.split('\n').filter((l) => / IP6? /.test(l));
    expect(lines.length).toBeGreaterThan(50);
    lines.forEach((l, i) => {
      if (/^\d/.test(l)) expect(Math.floor(packets[i].ts / 1e6)).toBe(Number(l.split('.')[0]));
    });
  });
  it('big-endian pcapng section is read (byte-swapped copy of a little-endian one)', async () => {
    const tcp = ipv4('10.0.0.1', '10.0.0.2', 6, 1, 2, Buffer.alloc(3));
    const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; };
    const u16 = (v: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(v); return b; };
    const block = (type: number, body: Buffer) => Buffer.concat([u32(type), u32(body.length + 12), body, u32(body.length + 12)]);
    const shb = block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]));
    // IDB with if_tsresol = 9 (nanoseconds)
    const idb = block(1, Buffer.concat([u16(101), u16(0), u32(65535), u16(9), u16(1), Buffer.from([9, 0, 0, 0]), u32(0)]));
    const ns = 1_700_000_000_123_456_789n;
    const pad = Buffer.alloc((4 - (tcp.length % 4)) % 4);
    const epb = block(6, Buffer.concat([u32(0), u32(Number(ns >> 32n)), u32(Number(ns & 0xffffffffn)), u32(tcp.length), u32(tcp.length), tcp, pad]));
    const { packets, problems } = await collect(Buffer.concat([shb, idb, epb]), 5);
    expect(problems).toEqual([]);
    expect(packets).toEqual([expect.objectContaining({ ts: 1_700_000_000_123_456, linktype: 101, caplen: tcp.length })]);
  });
});

describe('streaming', () => {
  it('any chunking gives the same packets', async () => {
    const buf = readFileSync(`${PP}pcapng-example.pcapng`);
    const ref = await collect(buf);
    for (const c of [1, 7, 100, 4093]) expect(await collect(buf, c)).toEqual(ref);
    const pc = readFileSync(`${PP}sll.pcap`);
    const refp = await collect(pc);
    for (const c of [3, 1000]) expect(await collect(pc, c)).toEqual(refp);
  });
});

describe('damage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fwlens-pcap-'));
  for (const name of ['DnsPackets.pcap', 'pcapng-example.pcapng']) {
    it(`${name} truncated at several positions: all packets before the cut, then a problem`, async () => {
      const buf = readFileSync(PP + name);
      const ref = (await collect(buf)).packets;
      for (const frac of [0.13, 0.5, 0.77, 0.999]) {
        const cut = Math.floor(buf.length * frac);
        const file = join(dir, `cut-${cut}-${name}`);
        writeFileSync(file, buf.subarray(0, cut));
        const { rows, problems } = await decodeAll(file);
        const whole = ref.filter((_, i) => (ref[i + 1]?.byteOffset ?? buf.length) <= cut);
        expect(rows.length).toBeGreaterThanOrEqual(whole.length);
        expect(rows.length).toBeLessThan(ref.length);
        expect(rows.map((r) => r.tsMicros)).toEqual(ref.slice(0, rows.length).map((p) => p.ts));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/truncated/);
      }
    });
  }
  it('random bytes after a valid header: a problem, never a throw', async () => {
    const good = pcapFile(101, [ipv4('10.0.0.1', '10.0.0.2', 17, 1, 2, Buffer.alloc(4))]);
    let s = 99;
    const junk = Buffer.from(Array.from({ length: 4000 }, () => ((s = (s * 69069 + 1) >>> 0) >>> 24)));
    const { packets, problems } = await collect(Buffer.concat([good, junk]));
    expect(packets.length).toBeGreaterThanOrEqual(1);
    expect(problems.length).toBe(1);
    const ng = readFileSync(`${PP}many_interfaces-1.pcapng`);
    const r2 = await collect(Buffer.concat([ng, junk]));
    expect(r2.packets).toHaveLength(64);
    expect(r2.problems[0].reason).toMatch(/block length|truncated|section/);
  });
  it('unknown magic → problem', async () => {
    const { packets, problems } = await collect(Buffer.from('this is not a capture file at all'));
    expect(packets).toEqual([]);
    expect(problems[0].reason).toMatch(/unknown capture magic/);
  });
  it('bad record length → problem with its byte offset', async () => {
    const buf = pcapFile(101, [ipv4('10.0.0.1', '10.0.0.2', 17, 1, 2, Buffer.alloc(4)), ipv4('10.0.0.1', '10.0.0.2', 17, 1, 2, Buffer.alloc(4))]);
    buf.writeUInt32LE(0x7fffffff, 24 + 16 + 32 + 8);
    const { packets, problems } = await collect(buf);
    expect(packets).toHaveLength(1);
    expect(problems).toEqual([{ kind: 'problem', index: 2, byteOffset: 24 + 16 + 32, reason: 'bad record length 2147483647' }]);
  });
});
