// Importing into a real case file: every in-repo log reconciles line by line, events stay traceable to their bytes,
// re-imports and cancels leave the case unchanged, journal and gzip inputs (the full corpus: test/conformance/).
import { describe, it, expect } from 'vitest';
import { readdirSync, writeFileSync, copyFileSync, utimesSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { importSource, ImportCancelled } from '../../src-main/import/import-source.ts';
import { OWN, THIRD_PARTY, expectReconciled, scalar } from '../helpers.ts';
import { t, db } from '../fresh-case.ts';

/** Every file under `dir`, licence and documentation files left out. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'LICENSES' ? [] : filesUnder(p);
    return /\.(md|ts)$/.test(e.name) ? [] : [p];
  });
}
const SYN_SCAN = join(OWN, 'scans/syn-scan-1000-1500.log');

describe('import into a real case file', () => {
  it('accounts for every line of every in-repo log: lines = events + rejects + skipped + blank, in the case too', async () => {
    let imported = 0;
    for (const f of [...filesUnder(THIRD_PARTY), ...filesUnder(OWN)]) {
      const name = relative(THIRD_PARTY, f);
      let r;
      try {
        r = await importSource(db, f);
      } catch (e) {
        // tcpdump's .out decodes are text of no format fwlens reads.
        expect(String(e), name).toMatch(/unknown format/);
        expect(f).toMatch(/\.out$/);
        continue;
      }
      if (await expectReconciled(db, f, name, r)) imported++;
    }
    expect(imported).toBeGreaterThan(50);
    // The scan logs written for fwlens are all netfilter lines: no reject comes from that folder.
    const ownRejects = await scalar<number>(db, `SELECT count(*)::INTEGER FROM rejects r JOIN sources s ON s.id = r.source_id WHERE s.path LIKE '%/own/scans/%'`);
    expect(ownRejects).toBe(0);
    // 1756 lines were written there (test/fixtures/own/README.md), all events.
    expect(await scalar(db, `SELECT count(*)::INTEGER FROM events e JOIN sources s ON s.id = e.source_id WHERE s.path LIKE '%/own/scans/%'`)).toBe(1756);
  });

  it('keeps each event traceable: source, line number and byte offset lead back to the exact line', async () => {
    const f = join(OWN, 'drop-input.log');
    const r = await importSource(db, f);
    const bytes = readFileSync(f);
    const rows = await db.all('SELECT line_no, byte_off, src, dst FROM events WHERE source_id = $1 ORDER BY line_no', [r.sourceId]);
    expect(rows.length).toBe(10);
    for (const row of rows) {
      const off = Number(row.byte_off);
      const line = bytes.toString('utf8', off, bytes.indexOf(10, off) === -1 ? bytes.length : bytes.indexOf(10, off));
      expect(line).toContain(`SRC=${row.src as string} `);
      const nth = bytes.toString('utf8').split('\n')[Number(row.line_no) - 1];
      expect(nth).toBe(line);
    }
  });

  it('stores every field of a line and gives it back typed through the events view', async () => {
    const f = join(t.dir, 'full.log');
    writeFileSync(f, [
      '2024-03-14T10:00:01.250000+01:00 fw1 kernel: [ 1234.500000] TRACE: raw:PREROUTING:rule:2 IN=br0 OUT=eth0 PHYSIN=veth1 PHYSOUT=eth3 MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=10.1.2.3 DST=203.0.113.9 LEN=60 TOS=0x10 PREC=0x20 TTL=64 ID=4242 CE DF MF FRAG=5 OPT (07040000) PROTO=TCP SPT=51000 DPT=443 SEQ=123456789 ACK=987654321 WINDOW=29200 RES=0x03 CWR ECE SYN URGP=7 OPT (020405B4) UID=1000 GID=100 MARK=0x2a',
      '2024-03-14T10:00:02+00:00 fw1 kernel: DENY IN=eth0 OUT= SRC=192.0.2.71 DST=192.0.2.83 LEN=88 TOS=0x00 PREC=0x00 TTL=118 ID=21684 PROTO=ICMP TYPE=3 CODE=3 [SRC=192.0.2.83 DST=192.168.173.191 LEN=60 TOS=0x00 PREC=0x00 TTL=54 ID=7 DF PROTO=UDP SPT=21458 DPT=62936 LEN=40 ] ',
      '2024-03-14T10:00:03+00:00 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= MAC=33:33:00:00:00:01:80:3f:5d:87:e2:93:86:dd SRC=fe80:0000:0000:0000:823f:5dff:fe87:e293 DST=ff02:0000:0000:0000:0000:0000:0000:0001 LEN=76 TC=2 HOPLIMIT=1 FLOWLBL=77 PROTO=ICMPv6 TYPE=128 CODE=0 ID=9 SEQ=3 ',
    ].join('\n') + '\n');
    await importSource(db, f);
    const [a, b, c] = await db.all('SELECT * FROM events ORDER BY line_no');
    expect(a.ts).toEqual(new Date('2024-03-14T09:00:01.250Z'));
    expect(a).toMatchObject({
      ts_text: '2024-03-14T10:00:01.250000+01:00', uptime: 1234.5, host: 'fw1', prefix: 'TRACE: raw:PREROUTING:rule:2',
      trace_table: 'raw', trace_chain: 'PREROUTING', trace_type: 'rule', trace_rule: 2, in_if: 'br0', out_if: 'eth0',
      physin: 'veth1', physout: 'eth3', mac_dst: '00:11:22:33:44:55', mac_src: '66:77:88:99:aa:bb', ethertype: '08:00',
      family: 4, src: '10.1.2.3', dst: '203.0.113.9', len: 60, tos: 0x10, prec: 0x20, ttl: 64, ip_id: 4242,
      ce: true, df: true, mf: true, frag: 5, ip_opt: '07040000', proto: 'TCP', proto_num: 6, sport: 51000, dport: 443,
      seq: 123456789n, ack: 987654321n, win: 29200, res: 3, flags: ['CWR', 'ECE', 'SYN'], urgp: 7, tcp_opt: '020405B4',
      uid: 1000, gid: 100, mark: 42n,
    });
    expect(a.src_num).toBe(BigInt(10 * 2 ** 24 + 1 * 2 ** 16 + 2 * 2 ** 8 + 3));
    expect(b).toMatchObject({
      action: 'DROP', src: '192.0.2.71', dst: '192.0.2.83', len: 88, ip_id: 21684, icmp_type: 3, icmp_code: 3, df: false,
      inner_src: '192.0.2.83', inner_dst: '192.168.173.191', inner_proto: 'UDP', inner_sport: 21458, inner_dport: 62936, inner_len: 60, inner_ttl: 54, inner_id: 7,
    });
    expect(b.inner_text).toContain('SRC=192.0.2.83');
    expect(c).toMatchObject({
      family: 6, src: 'fe80::823f:5dff:fe87:e293', dst: 'ff02::1', tc: 2, tos: null, prec: null, ttl: 1, flowlbl: 77,
      proto: 'ICMPv6', icmp_type: 128, icmp_id: 9, icmp_seq: 3, df: null, action: 'DROP',
    });
    expect(c.dst_num).toBe((0xff02n << 112n) + 1n);
  });

  it('re-importing the same bytes is a no-op that says so, whatever the file is called', async () => {
    const f = SYN_SCAN;
    const first = await importSource(db, f);
    const before = await scalar(db, 'SELECT count(*)::INTEGER FROM events');
    const again = await importSource(db, f);
    expect(again.outcome).toBe('duplicate');
    expect(again.message).toMatch(/already imported as source/);
    const copy = join(t.dir, 'renamed.log');
    copyFileSync(f, copy);
    const renamed = await importSource(db, copy);
    expect(renamed.outcome).toBe('duplicate');
    expect(renamed.sourceId).toBe(first.sourceId);
    expect(await scalar(db, 'SELECT count(*)::INTEGER FROM events')).toBe(before);
    expect(await scalar(db, 'SELECT count(*)::INTEGER FROM sources')).toBe(1);
  });

  it('calls onParsed once for each file it parses, and never for a file already in the case', async () => {
    let calls = 0;
    const opts = { onParsed: () => { calls++; } };
    await importSource(db, SYN_SCAN, opts);
    expect(calls).toBe(1);
    // Same name, size and time: known before any parse.
    expect((await importSource(db, SYN_SCAN, opts)).outcome).toBe('duplicate');
    expect(calls).toBe(1);
    const other = join(t.dir, 'other.log');
    writeFileSync(other, readFileSync(SYN_SCAN, 'utf8').split('\n')[0] + '\n');
    await importSource(db, other, opts);
    expect(calls).toBe(2);
  });

  it('a cancelled import leaves the case exactly as it was', async () => {
    await importSource(db, SYN_SCAN);
    const before = await db.all('SELECT (SELECT count(*) FROM events)::INTEGER e, (SELECT count(*) FROM rejects)::INTEGER r, (SELECT count(*) FROM sources)::INTEGER s');
    const big = join(t.dir, 'big.log');
    const line = readFileSync(SYN_SCAN, 'utf8').split('\n')[0];
    writeFileSync(big, (line + '\n').repeat(400_000) + 'garbage line\n');
    const abort = new AbortController();
    let progressCalls = 0;
    await expect(importSource(db, big, { signal: abort.signal, onProgress: () => { if (++progressCalls === 2) abort.abort(); } })).rejects.toBeInstanceOf(ImportCancelled);
    expect(progressCalls).toBeGreaterThanOrEqual(2);
    const after = await db.all('SELECT (SELECT count(*) FROM events)::INTEGER e, (SELECT count(*) FROM rejects)::INTEGER r, (SELECT count(*) FROM sources)::INTEGER s');
    expect(after).toEqual(before);
    // and the case still works: the same file imports fully afterwards
    const r = await importSource(db, big);
    expect(r.events).toBe(400_000);
    expect(r.rejects).toBe(1);
  });
});

describe('envelopes end to end', () => {
  it('journalctl -o json imports with host, UTC time and the kernel message', async () => {
    const f = join(OWN, 'journal.jsonl');
    const lines = readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { MESSAGE: string });
    const r = await importSource(db, f);
    expect(r).toMatchObject({ events: 3, rejects: 0 });
    const rows = await db.all('SELECT host, ts, prefix, src FROM events ORDER BY line_no');
    // __REALTIME_TIMESTAMP 1718000000123456, 1718000061000001 and 1718003600500000 µs (written by hand).
    expect(rows.map((row) => [row.host, (row.ts as Date).toISOString(), row.prefix, row.src])).toEqual([
      ['edge-a', '2024-06-10T06:13:20.123Z', '[UFW BLOCK]', '203.0.113.50'],
      ['edge-a', '2024-06-10T06:14:21.000Z', '[UFW BLOCK]', '198.51.100.12'],
      ['edge-b', '2024-06-10T07:13:20.500Z', '[UFW ALLOW]', '192.168.1.11'],
    ]);
    rows.forEach((row, i) => expect(lines[i].MESSAGE).toContain(`SRC=${row.src as string} `));
  });

  it('a gzip-compressed rotated log imports the same events as its plain text', async () => {
    const f = join(OWN, 'drop-input.log');
    const gz = join(t.dir, 'drop-input.log.1.gz');
    writeFileSync(gz, gzipSync(readFileSync(f)));
    utimesSync(gz, statSync(f).mtime, statSync(f).mtime);
    const a = await importSource(db, f);
    const b = await importSource(db, gz);
    expect(b.outcome).toBe('imported');
    expect(b.events).toBe(10);
    const q = 'SELECT line_no, byte_off, src, dst, dport, prefix FROM events WHERE source_id = $1 ORDER BY line_no';
    expect(await db.all(q, [b.sourceId])).toEqual(await db.all(q, [a.sourceId]));
  });
});
