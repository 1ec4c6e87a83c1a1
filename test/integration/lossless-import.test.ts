// Nothing lost, in every format (issue 12, items 9 and 12): over-long lines, damaged captures and
// damaged gzip each give rejects or a damage message with their true reason, the counts reconcile,
// and a source with damage says so.
import { describe, it, expect } from 'vitest';
import { writeFileSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { importSource, type ImportResult } from '../../src-main/import/import-source.ts';
import { pcapFile, ipv4 } from '../fixtures/pcap/helpers.ts';
import { OWN, scalar } from '../helpers.ts';
import { t, db } from '../fresh-case.ts';

const good = readFileSync(join(OWN, 'drop-input.log'), 'utf8').split('\n').filter(Boolean);
const CT = 'tcp      6 431999 ESTABLISHED src=2001:db8::10 dst=2001:db8:1::80 sport=40000 dport=443 src=2001:db8:1::80 dst=2001:db8::10 sport=443 dport=40000 [ASSURED] mark=0 use=1';
const UL = '{"timestamp":"2024-03-14T10:00:01+0000","src_ip":"203.0.113.9","dest_ip":"192.0.2.1","ip.protocol":6,"src_port":4444,"dest_port":22}';
const MiB = 1 << 20;

async function imported(name: string, data: Buffer | string): Promise<ImportResult> {
  const f = join(t.dir, name);
  writeFileSync(f, data);
  const r = await importSource(db, f);
  expect(r.lines).toBe(r.events + r.rejects + r.skipped + r.blank);
  expect(await scalar(db, 'SELECT count(*)::INTEGER FROM rejects WHERE source_id = $1', [r.sourceId])).toBe(r.rejects);
  const [src] = await db.all('SELECT lines::INTEGER lines, events::INTEGER events, rejects::INTEGER rejects, skipped::INTEGER skipped, blank::INTEGER blank, status FROM sources WHERE id = $1', [r.sourceId]);
  expect(src).toEqual({ lines: r.lines, events: r.events, rejects: r.rejects, skipped: r.skipped, blank: r.blank, status: r.status });
  return r;
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('a line over 1 MiB is a reject with its true reason in every text format', () => {
  const long = 'x'.repeat(2 * MiB + 5);
  for (const [fmt, a, b] of [
    ['conntrack', CT, CT.replace('40000', '40001')],
    ['ulogd-json', UL, UL.replace('4444', '4445')],
    ['netfilter-log', good[0], good[1]],
  ]) {
    it(`${fmt}: the good lines are entries, the long one a reject that keeps 64 KiB, its length and sha256`, async () => {
      const r = await imported(`${fmt}.txt`, `${a}\n${long}\n${b}\n`);
      expect(r).toMatchObject({ format: fmt, lines: 3, events: 2, rejects: 1, blank: 0, status: 'damaged' });
      expect(r.message).toMatch(/line 2: line longer than 1 MiB \(2097157 bytes\)/);
      const [rej] = await db.all(`SELECT line_no::INTEGER n, byte_off::INTEGER o, reason, strlen(line)::INTEGER tl,
        octet_length(raw)::INTEGER rl, length::BIGINT len, sha256 FROM rejects`);
      expect(rej).toEqual({ n: 2, o: a.length + 1, reason: 'line longer than 1 MiB (2097157 bytes)', tl: 65536, rl: 65536, len: 2097157n, sha256: sha(long) });
    });
  }

  it('a long line split across many chunks, ending in CRLF, as the last line without a newline too', async () => {
    const body = Buffer.concat([Buffer.from(good[0] + '\r\n'), Buffer.from('y'.repeat(9 * MiB) + '\r\n'), Buffer.from(good[1] + '\r\n'), Buffer.from('z'.repeat(5 * MiB) + '\r')]);
    const r = await imported('crlf.log', body);
    expect(r).toMatchObject({ lines: 4, events: 2, rejects: 2 });
    const rows = await db.all('SELECT line_no::INTEGER n, length::BIGINT len, sha256 FROM rejects ORDER BY line_no');
    expect(rows).toEqual([
      { n: 2, len: BigInt(9 * MiB), sha256: sha('y'.repeat(9 * MiB)) },
      { n: 4, len: BigInt(5 * MiB), sha256: sha('z'.repeat(5 * MiB)) },
    ]);
  });

  it('a line of exactly 1 MiB is still parsed; 1 MiB + 1 byte is long', async () => {
    const r = await imported('edge.log', `${good[0]}\n${'a'.repeat(MiB)}\n${'b'.repeat(MiB + 1)}\r\n`);
    const rows = await db.all('SELECT line_no::INTEGER n, reason FROM rejects ORDER BY line_no');
    expect(r).toMatchObject({ events: 1, rejects: 2 });
    expect(rows[0].reason).not.toMatch(/longer than/);
    expect(rows[1].reason).toBe(`line longer than 1 MiB (${MiB + 1} bytes)`);
  });

  it('a shorter rejected line over 64 KiB keeps its first 64 KiB, its length and sha256', async () => {
    // Firewall data (IN=) that does not read: a reject (another program's line would be skipped instead).
    const mid = 'Jan  8 03:37:09 host kernel: IN=eth0 ' + 'q'.repeat(200_000);
    await imported('mid.log', `${good[0]}\n${mid}\n`);
    const [rej] = await db.all('SELECT octet_length(raw)::INTEGER rl, strlen(line)::INTEGER tl, length::BIGINT len, sha256 FROM rejects');
    expect(rej).toEqual({ rl: 65536, tl: 65536, len: BigInt(mid.length), sha256: sha(mid) });
  });
});

describe('one line never fails a file', () => {
  it('a number that does not fit its column is a reject of that line in every text format', async () => {
    const r1 = await imported('ids.log', `${good[0]}\n${good[1].replace(/ ID=\d+/, ' ID=4295015743')}\n${good[2].replace(/SPT=\d+/, 'SPT=99999999999')}\n`);
    expect(r1).toMatchObject({ events: 1, rejects: 2, status: 'ok' });
    const r2 = await imported('ports.json', `${UL}\n${UL.replace('4444', '1e12')}\n${UL.replace('"src_port":4444', '"src_port":4444,"oob.uid":99999999999')}\n`);
    expect(r2).toMatchObject({ events: 1, rejects: 2 });
    const r3 = await imported('ct.txt', `${CT}\n${CT.replace('sport=40000', 'sport=4000000000')}\n${CT.replace('use=1', 'use=1 zone=99999999999')}\n`);
    expect(r3).toMatchObject({ events: 1, rejects: 2 });
    const reasons = (await db.all('SELECT reason FROM rejects ORDER BY source_id, line_no')).map((x) => x.reason);
    expect(reasons).toEqual([
      'ip_id 4295015743 does not fit its column (UINTEGER)', 'sport 99999999999 does not fit its column (INTEGER)',
      'sport 1000000000000 does not fit its column (INTEGER)', 'uid 99999999999 does not fit its column (UINTEGER)',
      'sport 4000000000 does not fit its column (INTEGER)', 'zone 99999999999 does not fit its column (INTEGER)',
    ]);
  });
});

describe('damaged captures reconcile and say damaged', () => {
  const pkt = (sp: number) => ipv4('10.0.0.1', '10.0.0.2', 17, sp, 53, Buffer.alloc(4));
  const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
  const u16 = (v: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
  const block = (type: number, body: Buffer) => Buffer.concat([u32(type), u32(body.length + 12), body, u32(body.length + 12)]);
  const shb = block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]));
  const idb = block(1, Buffer.concat([u16(101), u16(0), u32(65535)]));
  const epb = (p: Buffer, i: number) => block(6, Buffer.concat([u32(0), u32(0), u32(1_700_000_000 + i), u32(p.length), u32(p.length), p, Buffer.alloc((4 - (p.length % 4)) % 4)]));

  it('absurd.pcap: two packets, then a record length of 2^31 - 1', async () => {
    const cap = pcapFile(101, [pkt(1), pkt(2), pkt(3)]);
    const at = 24 + 2 * (16 + pkt(1).length);
    cap.writeUInt32LE(0x7fffffff, at + 8);
    const r = await imported('absurd.pcap', cap);
    expect(r).toMatchObject({ lines: 3, events: 2, rejects: 1, blank: 0, status: 'damaged' });
    const [rej] = await db.all('SELECT line_no::INTEGER n, byte_off::INTEGER o, reason FROM rejects');
    expect(rej).toMatchObject({ n: 3, o: at });
    expect(rej.reason).toMatch(new RegExp(`^pcap record length 2147483647 at offset ${at}\\b`));
    expect(rej.reason).toMatch(/the \d+ bytes from there to the end are not read/);
    expect(r.message).toMatch(/pcap record length 2147483647/);
  });

  for (const bad of [0, 2 ** 31]) {
    it(`pcapng with a block length of ${bad} after two packets`, async () => {
      const head = Buffer.concat([shb, idb, epb(pkt(1), 0), epb(pkt(2), 1)]);
      const cap = Buffer.concat([head, u32(6), u32(bad), Buffer.alloc(40)]);
      const r = await imported(`bad-${bad}.pcapng`, cap);
      expect(r).toMatchObject({ lines: 3, events: 2, rejects: 1, status: 'damaged' });
      const [rej] = await db.all('SELECT byte_off::INTEGER o, reason FROM rejects');
      expect(rej.o).toBe(head.length);
      expect(rej.reason).toMatch(new RegExp(`^pcapng block length ${bad} at offset ${head.length}\\b`));
    });
  }

  it('two differently damaged captures are two sources, not a duplicate (the whole file is hashed)', async () => {
    const a = pcapFile(101, [pkt(1), pkt(2), pkt(3)]);
    a.writeUInt32LE(0x7fffffff, 24 + 2 * (16 + pkt(1).length) + 8);
    const b = Buffer.from(a);
    b[b.length - 1] ^= 0xff; // after the damage: not read as a packet, but part of the file
    const ra = await imported('a.pcap', a);
    const rb = await imported('b.pcap', b);
    expect(rb.outcome).toBe('imported');
    expect(rb.sourceId).not.toBe(ra.sourceId);
    const shas = await db.all('SELECT sha256 FROM sources ORDER BY id');
    expect(shas.map((s) => s.sha256)).toEqual([sha(a), sha(b)]);
  });

  it('a packet block for an undeclared interface is one reject, and reading goes on', async () => {
    const stray = block(6, Buffer.concat([u32(7), u32(0), u32(1), u32(4), u32(4), Buffer.alloc(4)]));
    const r = await imported('stray.pcapng', Buffer.concat([shb, idb, epb(pkt(1), 0), stray, epb(pkt(2), 1)]));
    expect(r).toMatchObject({ lines: 3, events: 2, rejects: 1, status: 'damaged' });
    expect(await scalar(db, 'SELECT reason FROM rejects')).toMatch(/undeclared interface 7 at offset \d+/);
  });

  it('a clean capture stays ok', async () => {
    const r = await imported('clean.pcapng', Buffer.concat([shb, idb, epb(pkt(1), 0), epb(pkt(2), 1)]));
    expect(r).toMatchObject({ lines: 2, events: 2, rejects: 0, status: 'ok', message: null });
  });
});

describe('a damaged .gz imports every line that decompresses', () => {
  const body = Buffer.from(good.join('\n') + '\n');
  const zcatLines = (f: string) => spawnSync('zcat', [f], { encoding: 'latin1' }).stdout.split('\n').filter(Boolean).length;

  it('a small .gz with a bad CRC: every line is an event, the source damaged with the reason', async () => {
    const gz = gzipSync(body);
    gz.writeUInt32LE((gz.readUInt32LE(gz.length - 8) ^ 1) >>> 0, gz.length - 8);
    const r = await imported('kern.log.1.gz', gz);
    expect(r).toMatchObject({ format: 'netfilter-log', lines: good.length, events: good.length, rejects: 0, status: 'damaged' });
    expect(r.message).toMatch(/^gzip: bad CRC \(data up to here imported/);
    if (spawnSync('zcat', ['--version']).status === 0) expect(zcatLines(join(t.dir, 'kern.log.1.gz'))).toBe(r.events);
  });

  it('a bad length check, and a bad CRC in a larger file, lose nothing either', async () => {
    const big = Buffer.from((good.join('\n') + '\n').repeat(3000));
    const gz = gzipSync(big);
    gz.writeUInt32LE(12, gz.length - 4);
    const r = await imported('kern.log.2.gz', gz);
    expect(r).toMatchObject({ events: good.length * 3000, status: 'damaged' });
    expect(r.message).toMatch(/^gzip: bad length/);
  });

  it('a truncated small .gz is detected on what decompresses', async () => {
    const gz = gzipSync(body);
    const r = await imported('kern.log.3.gz', gz.subarray(0, gz.length - 9));
    expect(r.status).toBe('damaged');
    expect(r.message).toMatch(/^gzip: .*truncated/);
    expect(r.events).toBe(good.length);
  });

  it('corrupt deflate data in the middle: lines before it are kept, the source damaged', async () => {
    const big = Buffer.from(Array.from({ length: 40_000 }, (_, i) => good[i % good.length].replace('ID=', `ID=${i}`)).join('\n') + '\n');
    const gz = gzipSync(big);
    for (let i = gz.length >> 1; i < (gz.length >> 1) + 64; i++) gz[i] ^= 0x55;
    const r = await imported('kern.log.4.gz', gz);
    expect(r.status).toBe('damaged');
    expect(r.message).toMatch(/^gzip: /);
    expect(r.events).toBeGreaterThan(10_000);
    expect(r.events).toBeLessThan(40_000);
  });

  it('two members, trailing junk: both members imported, the junk named', async () => {
    const gz = Buffer.concat([gzipSync(body), gzipSync(body), Buffer.from('junk after the end')]);
    const r = await imported('kern.log.5.gz', gz);
    expect(r).toMatchObject({ events: 2 * good.length, status: 'damaged' });
    expect(r.message).toMatch(/18 bytes after the gzip data/);
  });
});
