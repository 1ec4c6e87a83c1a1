// Captures into a case: flows, names, NFLOG prefixes, truncated and gzip-compressed captures (third-party captures).
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { THIRD_PARTY, scalar } from '../helpers.ts';
import { t, db } from '../fresh-case.ts';
import { NEEDS, requires } from '../requires.ts';

const tcpdumpIt = requires(NEEDS.tcpdump);

describe('captures into a case', () => {
  it('every decoded packet is counted in exactly one flow', async () => {
    const r = await importSource(db, join(THIRD_PARTY, 'pcapplusplus-pcaps/sll.pcap'));
    expect(r).toMatchObject({ format: 'pcap', unit: 'packet', table: 'pcap_flows' });
    expect(r.lines).toBe(r.events + r.blank + r.rejects + r.skipped);
    expect(await scalar(db, 'SELECT sum(packets + reply_packets)::INTEGER FROM pcap_flows')).toBe(r.events);
    expect(await scalar(db, 'SELECT count(*)::INTEGER FROM pcap_flows')).toBe(r.rows);
  });

  tcpdumpIt('flows hold the addresses and ports tcpdump prints for the same capture', async () => {
    const f = join(THIRD_PARTY, 'pcapplusplus-pcaps/four_ipv6_http_streams.pcap');
    await importSource(db, f);
    const out = spawnSync('tcpdump', ['-nn', '-r', f], { encoding: 'utf8' }).stdout;
    const pairs = new Set<string>();
    for (const m of out.matchAll(/IP6 (\S+)\.(\d+) > (\S+)\.(\d+):/g)) pairs.add([m[1], m[2], m[3], m[4]].join(' '));
    const rows = await db.all(`SELECT src, sport, dst, dport FROM pcap_flows`);
    expect(rows.length).toBe(4);
    for (const r of rows) expect(pairs.has(`${r.src} ${r.sport} ${r.dst} ${r.dport}`)).toBe(true);
  });

  it('DNS answers in a capture name the addresses they resolve, CNAME chains included', async () => {
    await importSource(db, join(THIRD_PARTY, 'pcapplusplus-pcaps/DnsPackets.pcap'));
    const hows = (await db.all(`SELECT DISTINCT how FROM names ORDER BY how`)).map((r) => r.how);
    expect(hows).toEqual(['dns', 'dns-cname']);
    const named = await db.all(`SELECT address, name FROM names WHERE name = 'www.google.com' AND how = 'dns'`);
    expect(named.length).toBeGreaterThan(0);
    for (const n of named) expect(n.address as string).toMatch(/^[\d.]+$|:/);
  });

  it('NFLOG captures keep the rule log prefix on their flows', async () => {
    await importSource(db, join(THIRD_PARTY, 'tcpdump-tests/nflog.pcap'));
    const golden = readFileSync(join(THIRD_PARTY, 'tcpdump-tests/nflog-e.out'), 'utf8');
    const prefixes = (await db.all(`SELECT DISTINCT prefix FROM pcap_flows WHERE prefix IS NOT NULL`)).map((r) => r.prefix as string);
    expect(prefixes.length).toBeGreaterThan(0);
    for (const p of prefixes) expect(golden).toContain(p.trim());
  });

  it('a truncated capture keeps every flow before the cut and records the damage', async () => {
    const whole = readFileSync(join(THIRD_PARTY, 'pcapplusplus-pcaps/sll.pcap'));
    const f = join(t.dir, 'cut.pcap');
    writeFileSync(f, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const r = await importSource(db, f);
    expect(r.rejects).toBeGreaterThan(0);
    expect(r.events).toBeGreaterThan(0);
    const [rej] = await db.all(`SELECT reason, line_no, byte_off FROM rejects`);
    expect(rej.reason).toMatch(/truncat/i);
    expect(Number(rej.byte_off)).toBeLessThanOrEqual(whole.length * 0.7);
    expect(await scalar(db, 'SELECT sum(packets + reply_packets)::INTEGER FROM pcap_flows')).toBe(r.events);
  });

  it('a gzip-compressed capture reads like the capture itself', async () => {
    const { gzipSync } = await import('node:zlib');
    const f = join(THIRD_PARTY, 'tcpdump-tests/ntp.pcap');
    const gz = join(t.dir, 'ntp.pcap.gz');
    writeFileSync(gz, gzipSync(readFileSync(f)));
    const a = await importSource(db, f);
    const b = await importSource(db, gz);
    const q = `SELECT src, sport, dst, dport, packets, bytes FROM pcap_flows WHERE source_id = $1 ORDER BY ALL`;
    expect(await db.all(q, [b.sourceId])).toEqual(await db.all(q, [a.sourceId]));
  });
});
