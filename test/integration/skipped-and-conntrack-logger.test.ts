// Other programs' syslog lines are skipped (counted per program, kept on request), conntrack logger lines in a
// syslog envelope are read with the envelope's time, a file of nothing but rejects is damaged. Fixtures:
// test/fixtures/own/skipped/ and test/fixtures/own/conntrack/ (see the README there); counts worked out by hand.
import { describe, it, expect } from 'vitest';
import { copyFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { importSource, type ImportResult } from '../../src-main/import/import-source.ts';
import { expectReconciled, fwlensResult, OWN, scalar } from '../helpers.ts';
import { t, db, releaseCase, reopenCase } from '../fresh-case.ts';

const MIXED = join(OWN, 'skipped/syslog-mixed.log');
const NO_FIREWALL = join(OWN, 'skipped/syslog-no-firewall.log');
const ALL_REJECTED = join(OWN, 'skipped/all-rejected.log');
const VYOS = join(OWN, 'conntrack/vyos-conntrack-logger.log');
const IGMP_EVENTS = join(OWN, 'conntrack/conntrack-E-igmp.txt');

async function imported(file: string, opts: Parameters<typeof importSource>[2] = {}): Promise<ImportResult> {
  const r = await importSource(db, file, { year: 2024, tz: 'UTC', ...opts });
  expect(await expectReconciled(db, file, file, r)).toBe(true);
  return r;
}

describe('other programs\' lines of a syslog file', () => {
  it('are skipped and counted per program; only the cut-off firewall line is a reject', async () => {
    const r = await imported(MIXED);
    // 13 lines: 2 UFW events, 1 UFW line cut off after `DPT=`, 1 blank, 9 lines of other programs.
    expect(r).toMatchObject({ format: 'netfilter-log', lines: 13, events: 2, rejects: 1, skipped: 9, blank: 1, status: 'ok' });
    expect(r.skippedPrograms).toEqual([
      { program: 'sshd', lines: 3 }, { program: 'CRON', lines: 2 }, { program: 'kernel', lines: 1 },
      { program: 'kernel (nf_conntrack)', lines: 1 }, { program: 'rsyslogd', lines: 1 }, { program: 'systemd', lines: 1 },
    ]);
    expect(await db.all('SELECT program, lines::INTEGER lines FROM skipped_programs ORDER BY lines DESC, program')).toEqual(r.skippedPrograms);
    expect(await db.all('SELECT line_no::INTEGER line_no FROM rejects')).toEqual([{ line_no: 11 }]);
    expect(await db.all('SELECT line_no::INTEGER line_no, src, dport FROM events ORDER BY line_no')).toEqual([
      { line_no: 5, src: '203.0.113.50', dport: 22 }, { line_no: 8, src: '198.51.100.9', dport: 161 },
    ]);
    // Without --keep-skipped only the counts are kept.
    expect(await scalar(db, 'SELECT count(*)::INTEGER FROM skipped_lines')).toBe(0);
  });

  it('are kept with their line numbers and program when asked (keepSkipped)', async () => {
    const r = await imported(MIXED, { keepSkipped: true });
    const rows = await db.all('SELECT line_no::INTEGER line_no, program, line FROM skipped_lines WHERE source_id = $1 ORDER BY line_no', [r.sourceId]);
    expect(rows.map((x) => x.line_no)).toEqual([1, 2, 3, 4, 6, 7, 10, 12, 13]);
    expect(rows.map((x) => x.program)).toEqual(['CRON', 'CRON', 'rsyslogd', 'kernel', 'sshd', 'sshd', 'systemd', 'kernel (nf_conntrack)', 'sshd']);
    expect(rows[3].line).toBe('Mar  3 06:25:09 bastion kernel: [ 1204.551903] usb 1-1: new high-speed USB device number 3 using xhci_hcd');
  });

  it('a syslog file with no firewall line imports with every line skipped and says so', async () => {
    const r = await imported(NO_FIREWALL);
    expect(r).toMatchObject({ format: 'netfilter-log', lines: 4, events: 0, rejects: 0, skipped: 4, blank: 0, status: 'ok' });
    expect(r.message).toBe("no firewall lines: all 4 lines are other programs' (postfix/smtpd 2, CRON 1, sshd 1)");
    expect(await db.all('SELECT status, message, skipped::INTEGER skipped FROM sources')).toEqual([{ status: 'ok', message: r.message, skipped: 4 }]);
  });

  it('fwlens import --keep-skipped stores the lines and prints the summary by program', async () => {
    releaseCase();
    const kase = join(t.dir, 'cli.duckdb');
    const copy = join(t.dir, 'syslog');
    copyFileSync(MIXED, copy);
    const out = fwlensResult('import', kase, copy, '--keep-skipped', '--year', '2024', '--tz', 'UTC', '--no-enrich');
    expect(out.code, out.err).toBe(0);
    expect(out.out).toContain('13 lines = 2 events + 1 rejects + 9 skipped + 1 blank');
    expect(out.out).toContain("skipped (other programs' lines): sshd 3, CRON 2, kernel 1, kernel (nf_conntrack) 1, rsyslogd 1, systemd 1");
    const plain = join(t.dir, 'plain.duckdb');
    expect(fwlensResult('import', plain, copy, '--no-enrich').code).toBe(0);
    const withLines = await reopenCase(kase);
    expect(await scalar(withLines, 'SELECT count(*)::INTEGER FROM skipped_lines')).toBe(9);
    const without = await reopenCase(plain);
    expect(await scalar(without, 'SELECT count(*)::INTEGER FROM skipped_lines')).toBe(0);
    expect(await scalar(without, 'SELECT skipped::INTEGER FROM sources')).toBe(9);
  });
});

describe('a source whose every line is rejected', () => {
  it('is damaged, in the result and in the case', async () => {
    const r = await imported(ALL_REJECTED);
    expect(r).toMatchObject({ lines: 3, events: 0, rejects: 3, skipped: 0, blank: 0, status: 'damaged' });
    expect(r.message).toBe('every line was rejected (3; the first: line 1: SRC= is not an IP address: 10.1.1.999)');
    expect(await scalar(db, 'SELECT status FROM sources')).toBe('damaged');
  });
});

describe('conntrack event lines in a syslog envelope (VyOS conntrack logger)', () => {
  it('take the envelope\'s time, their event, the real protocol and the conntrack id', async () => {
    const r = await imported(VYOS);
    expect(r).toMatchObject({ format: 'conntrack', lines: 7, events: 6, rejects: 0, skipped: 1, blank: 0, status: 'ok' });
    expect(r.skippedPrograms).toEqual([{ program: 'systemd', lines: 1 }]);
    const rows = await db.all(`SELECT line_no::INTEGER line_no, event, strftime(ts, '%Y-%m-%d %H:%M:%S') ts, ts_source, ts_text, proto,
      proto_num::INTEGER proto_num, timeout, state, id::DOUBLE id, src, dst, sport, dport, icmp_id::INTEGER icmp_id, status FROM conntrack ORDER BY line_no`);
    expect(rows.map((x) => [x.line_no, x.event, x.ts, x.ts_source, x.proto, x.proto_num, x.timeout, x.state, x.id])).toEqual([
      [1, 'NEW', '2024-07-16 12:54:54', 'envelope', 'udp', 17, 30, null, 1411737613],
      [2, 'NEW', '2024-07-16 12:54:55', 'envelope', 'tcp', 6, 120, 'SYN_SENT', 1411737700],
      [3, 'UPDATE', '2024-07-16 12:54:55', 'envelope', 'tcp', 6, 60, 'SYN_RECV', 1411737700],
      [4, 'DESTROY', '2024-07-16 12:55:02', 'envelope', 'udp', 17, null, null, 1411737613],
      [5, 'NEW', '2024-07-16 12:55:03', 'envelope', 'icmp', 1, 30, null, 1411737801],
      [7, 'NEW', '2024-07-16 12:55:05', 'envelope', 'igmp', 2, 599, null, 1411737900],
    ]);
    expect(rows[0]).toMatchObject({ ts_text: 'Jul 16 12:54:54', src: '10.77.0.1', dst: '10.77.0.255', sport: 17500, dport: 17500, status: ['UNREPLIED'] });
    // `id=` after `code=` is the ICMP id; the number after [NEW] stays the conntrack id.
    expect(rows[4]).toMatchObject({ src: '10.77.0.20', dst: '10.77.0.1', icmp_id: 4242 });
  });

  it('are found among a majority of other programs\' lines, which are skipped', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const vyos = readFileSync(VYOS, 'utf8').split('\n').filter(Boolean);
    const noise = Array.from({ length: 12 }, (_, k) => `Jul 16 12:56:${String(k).padStart(2, '0')} vyos sshd[77${k}]: Disconnected from user vyos 10.77.0.9 port ${50000 + k}`);
    const f = join(t.dir, 'messages');
    writeFileSync(f, [...noise.slice(0, 6), vyos[0], ...noise.slice(6), vyos[1]].join('\n') + '\n');
    const r = await imported(f);
    expect(r).toMatchObject({ format: 'conntrack', lines: 14, events: 2, rejects: 0, skipped: 12 });
    expect(r.skippedPrograms).toEqual([{ program: 'sshd', lines: 12 }]);
  });

  it('a stream whose first lines are mostly damaged is still read as conntrack, its good lines rows', async () => {
    const { writeFileSync } = await import('node:fs');
    const f = join(t.dir, 'damaged-ct.txt');
    const entry = (k: number) => `[1710374400.${String(k).padStart(6, '0')}]\t    [NEW] tcp      6 120 SYN_SENT src=192.168.1.${k % 250} dst=203.0.113.9 sport=${40000 + k} dport=443 [UNREPLIED] src=203.0.113.9 dst=203.0.113.7 sport=443 dport=${40000 + k}`;
    // Two of every three lines broken, as a careless copy or a disk error leaves them.
    const lines = Array.from({ length: 90 }, (_, k) => (k % 3 === 0 ? entry(k) : entry(k).replace('src=', 'srcc=').replace(' tcp ', ' t\u0000cp ')));
    writeFileSync(f, lines.join('\n') + '\n');
    const r = await imported(f);
    expect(r).toMatchObject({ format: 'conntrack', lines: 90, events: 30, rejects: 60 });
  });

  it('a line whose protocol field is not a protocol is a reject, never a row', async () => {
    const f = join(t.dir, 'ct.txt');
    const good = '    [NEW] udp      17 30 src=10.88.0.5 dst=10.88.0.1 sport=40053 dport=53 [UNREPLIED] src=10.88.0.1 dst=10.88.0.5 sport=53 dport=40053';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(f, [good, '    [NEW] tcp      17 30 src=10.88.0.5 dst=10.88.0.1 sport=1 dport=2 src=10.88.0.1 dst=10.88.0.5 sport=2 dport=1',
      '    [NEW] jul      16 30 src=10.88.0.5 dst=10.88.0.1 sport=1 dport=2 src=10.88.0.1 dst=10.88.0.5 sport=2 dport=1', good].join('\n') + '\n');
    const r = await imported(f);
    expect(r).toMatchObject({ format: 'conntrack', lines: 4, events: 2, rejects: 2, skipped: 0 });
    expect((await db.all('SELECT reason FROM rejects ORDER BY line_no')).map((x) => x.reason)).toEqual([
      'protocol name and number disagree: tcp 17', 'protocol field is not a protocol: jul',
    ]);
  });
});

describe('a conntrack -E stream without stamps', () => {
  it('takes the file\'s time and says so in ts_source; `unknown 2` is igmp', async () => {
    const f = join(t.dir, 'events.txt');
    copyFileSync(IGMP_EVENTS, f);
    const mtime = new Date('2024-02-01T09:30:00Z');
    utimesSync(f, mtime, mtime);
    await imported(f);
    const rows = await db.all(`SELECT event, ts, ts_source, proto, proto_num::INTEGER proto_num FROM conntrack ORDER BY line_no`);
    expect(rows.map((x) => [x.event, (x.ts as Date).toISOString(), x.ts_source, x.proto, x.proto_num])).toEqual([
      ['NEW', mtime.toISOString(), 'file', 'igmp', 2],
      ['NEW', mtime.toISOString(), 'file', 'udp', 17],
      ['DESTROY', mtime.toISOString(), 'file', 'igmp', 2],
    ]);
  });

  it('with a time the user gave (dump time) says `dump`', async () => {
    await imported(IGMP_EVENTS, { dumpTime: new Date('2024-02-01T10:00:00Z') });
    expect(await db.all(`SELECT DISTINCT ts, ts_source FROM conntrack`)).toEqual([{ ts: new Date('2024-02-01T10:00:00Z'), ts_source: 'dump' }]);
  });
});
