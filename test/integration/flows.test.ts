import { describe, it, expect } from 'vitest';
import { writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { setSetting } from '../../src-main/db/settings.ts';
import { scalar } from '../helpers.ts';
import { t, db } from '../fresh-case.ts';
import { enrichOffline } from '../../src-main/enrich/enrich-offline.ts';
import { READY_QUESTIONS } from '../../src-main/db/ready-questions.ts';

// One HTTPS connection seen three times (its counters grow), a second one to the same service from
// another client port, and an attempt that was never answered.
const EVENTS = [
  '[1710410400.000001]     [NEW] tcp      6 120 SYN_SENT src=192.168.1.10 dst=203.0.113.5 sport=40001 dport=443 [UNREPLIED] src=203.0.113.5 dst=198.51.100.1 sport=443 dport=40001',
  '[1710410401.000001]  [UPDATE] tcp      6 432000 ESTABLISHED src=192.168.1.10 dst=203.0.113.5 sport=40001 dport=443 packets=5 bytes=600 src=203.0.113.5 dst=198.51.100.1 sport=443 dport=40001 packets=4 bytes=3000 [ASSURED]',
  '[1710410460.000001] [DESTROY] tcp      6 src=192.168.1.10 dst=203.0.113.5 sport=40001 dport=443 packets=20 bytes=2400 src=203.0.113.5 dst=198.51.100.1 sport=443 dport=40001 packets=30 bytes=45000 [ASSURED]',
  '[1710410470.000001] [DESTROY] tcp      6 src=192.168.1.10 dst=203.0.113.5 sport=40002 dport=443 packets=2 bytes=100 src=203.0.113.5 dst=198.51.100.1 sport=443 dport=40002 packets=1 bytes=900 [ASSURED]',
  '[1710410480.000001] [DESTROY] udp      17 src=192.168.1.11 dst=198.18.0.9 sport=5353 dport=53 packets=1 bytes=70 [UNREPLIED] src=198.18.0.9 dst=192.168.1.11 sport=53 dport=5353 packets=0 bytes=0',
];

describe('conntrack import and the flows view', () => {
  it('imports conntrack -E events with their times, NAT and replied status', async () => {
    const f = join(t.dir, 'ct-events.log');
    writeFileSync(f, EVENTS.join('\n') + '\n');
    const r = await importSource(db, f);
    expect(r).toMatchObject({ format: 'conntrack', table: 'conntrack', lines: 5, events: 5, rejects: 0 });
    const rows = await db.all(`SELECT event, ts, ts_source, state, nat, replied, reply_bytes FROM conntrack ORDER BY line_no`);
    expect(rows.map((x) => x.event)).toEqual(['NEW', 'UPDATE', 'DESTROY', 'DESTROY', 'DESTROY']);
    expect((rows[0].ts as Date).toISOString()).toBe('2024-03-14T10:00:00.000Z');
    expect(rows[0].ts_source).toBe('entry');
    expect(rows[0].nat).toBe('SNAT'); // replies go to 198.51.100.1: the client was masqueraded
    expect(rows.map((x) => x.replied)).toEqual([false, true, true, true, false]);
  });

  it('counts a connection once, with its largest counters, and collapses the client port', async () => {
    const f = join(t.dir, 'ct-events.log');
    writeFileSync(f, EVENTS.join('\n') + '\n');
    await importSource(db, f);
    const https = await db.all(`SELECT sport, records, packets, bytes, reply_packets, reply_bytes, action FROM flows WHERE origin = 'conntrack' AND dport = 443`);
    // 40001 (3 records: max 20/2400 and 30/45000) + 40002 (1 record: 2/100 and 1/900)
    expect(https).toEqual([{ sport: null, records: 4n, packets: 22n, bytes: 2500n, reply_packets: 31n, reply_bytes: 45900n, action: 'REPLIED' }]);
    const dns = await db.all(`SELECT sport, action FROM flows WHERE dport = 53`);
    expect(dns).toEqual([{ sport: null, action: 'UNREPLIED' }]); // 5353 is above 1024: an ephemeral port
  });

  it('the ephemeral threshold is a case setting', async () => {
    const f = join(t.dir, 'ct-events.log');
    writeFileSync(f, EVENTS.join('\n') + '\n');
    await importSource(db, f);
    await setSetting(db, 'ephemeral_port_min', '40001');
    const rows = await db.all(`SELECT sport, records FROM flows WHERE dport = 443 ORDER BY sport NULLS LAST`);
    expect(rows).toEqual([{ sport: 40001, records: 3n }, { sport: null, records: 1n }]);
    await expect(setSetting(db, 'ephemeral_port_min', 'lots')).rejects.toThrow(/not valid/);
  });

  it('a dump without times takes the file time, or the one given', async () => {
    const f = join(t.dir, 'conntrack-L.txt');
    writeFileSync(f, 'tcp      6 431999 ESTABLISHED src=10.0.0.2 dst=10.0.0.9 sport=5000 dport=22 src=10.0.0.9 dst=10.0.0.2 sport=22 dport=5000 [ASSURED] mark=0 use=1\nconntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n');
    utimesSync(f, new Date('2024-05-01T08:00:00Z'), new Date('2024-05-01T08:00:00Z'));
    const r = await importSource(db, f);
    expect(r).toMatchObject({ lines: 2, events: 1, blank: 1, rejects: 0 });
    expect(await scalar(db, `SELECT ts_source FROM conntrack`)).toBe('dump');
    expect(((await scalar(db, `SELECT ts FROM conntrack`)) as Date).toISOString()).toBe('2024-05-01T08:00:00.000Z');
    const g = join(t.dir, 'conntrack-L-2.txt');
    writeFileSync(g, 'udp      17 29 src=10.0.0.3 dst=10.0.0.9 sport=5000 dport=53 [UNREPLIED] src=10.0.0.9 dst=10.0.0.3 sport=53 dport=5000 mark=0 use=1\n');
    await importSource(db, g, { dumpTime: new Date('2023-01-02T03:04:05Z') });
    expect(((await scalar(db, `SELECT ts FROM conntrack WHERE proto = 'udp'`)) as Date).toISOString()).toBe('2023-01-02T03:04:05.000Z');
  });

  it('one query sees log lines and conntrack flows together', async () => {
    const ct = join(t.dir, 'ct-events.log');
    writeFileSync(ct, EVENTS.join('\n') + '\n');
    const log = join(t.dir, 'kern.log');
    writeFileSync(log, '2024-03-14T10:00:00+00:00 fw kernel: [UFW BLOCK] IN=eth1 OUT=eth0 SRC=192.168.1.10 DST=203.0.113.5 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=TCP SPT=40003 DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0\n');
    await importSource(db, ct);
    await importSource(db, log);
    const rows = await db.all(`SELECT origin, sum(records)::INTEGER n FROM flows WHERE src = '192.168.1.10' AND dport = 443 GROUP BY origin ORDER BY origin`);
    expect(rows).toEqual([{ origin: 'conntrack', n: 4 }, { origin: 'log', n: 1 }]);
  });

  it('the top-talkers question, read from observations, counts what flows count: per host, records, bytes, peers and origins', async () => {
    const ct = join(t.dir, 'ct-events.log');
    writeFileSync(ct, EVENTS.join('\n') + '\n');
    const log = join(t.dir, 'kern.log');
    writeFileSync(log, [
      '2024-03-14T10:00:00+00:00 fw kernel: [UFW BLOCK] IN=eth1 OUT=eth0 SRC=192.168.1.10 DST=203.0.113.5 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=TCP SPT=40003 DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0',
      '2024-03-14T10:00:01+00:00 fw kernel: [UFW BLOCK] IN=eth1 OUT=eth0 SRC=192.168.1.10 DST=192.168.1.11 LEN=52 TOS=0x00 PREC=0x00 TTL=63 ID=2 DF PROTO=TCP SPT=40004 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0',
    ].join('\n') + '\n');
    await importSource(db, ct);
    await importSource(db, log);
    await enrichOffline(db);
    const sql = READY_QUESTIONS.find((q) => q.id === 'top-talkers')!.sql;
    const viaFlows = `SELECT src, count(DISTINCT dst) AS peers, count(DISTINCT dst) FILTER (dst_scope = 'external') AS external_peers,
        sum(records) AS records, sum(coalesce(bytes, 0) + coalesce(reply_bytes, 0)) AS bytes, list(DISTINCT origin ORDER BY origin) AS seen_by
      FROM flows_enriched WHERE src_scope = 'internal' GROUP BY src ORDER BY src`;
    // Rows in host order; each host's origins as the question lists them, which must be in name order already.
    const norm = (rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> => [...rows].sort((a, b) => String(a.src).localeCompare(String(b.src)));
    const got = norm(await db.all(sql));
    expect(got).toEqual(norm(await db.all(viaFlows)));
    // By hand: .10 has 4 conntrack records to 203.0.113.5 (2500 + 45900 bytes) and 2 log lines (60 + 52 bytes) to two peers;
    // .11 has one unanswered conntrack connection to 198.18.0.9 (70 bytes).
    expect(got.map((r) => [r.src, Number(r.records), Number(r.bytes), Number(r.peers), r.seen_by])).toEqual([
      ['192.168.1.10', 6, 2500 + 45900 + 60 + 52, 2, ['conntrack', 'log']],
      ['192.168.1.11', 1, 70, 1, ['conntrack']],
    ]);
  });
});
