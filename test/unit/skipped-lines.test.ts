// Which syslog lines are other programs' (skipped, under which program) and which are firewall data.
import { describe, it, expect } from 'vitest';
import { splitEnvelope, type Envelope } from '../../src-main/parse/envelope.ts';
import { NO_PROGRAM, programSummaryText, skippedProgram } from '../../src-main/import/skipped-lines.ts';

const ctx = { refTimeMs: Date.UTC(2024, 6, 1), tz: 'UTC' };
function program(line: string): string | null {
  const env = splitEnvelope(line, ctx);
  expect(typeof env, line).toBe('object');
  return skippedProgram(line, env as Envelope);
}

describe('skipped syslog lines', () => {
  it('name the program from its tag, with or without a pid, in each envelope form', () => {
    expect(program('Mar  3 06:25:12 bastion sshd[3310]: Invalid user admin from 203.0.113.50 port 40002')).toBe('sshd');
    expect(program('Mar  3 06:25:07 bastion rsyslogd: [origin software="rsyslogd"] rsyslogd was HUPed')).toBe('rsyslogd');
    expect(program('2024-05-02T08:00:04.500000+00:00 mail01 postfix/smtpd[1207]: connect from unknown[198.51.100.23]')).toBe('postfix/smtpd');
    expect(program('<30>1 2024-05-02T08:00:04.5Z mail01 dovecot 991 - - imap-login: Login: user=<a>')).toBe('dovecot');
    expect(program('{"__REALTIME_TIMESTAMP":"1718000000123456","_HOSTNAME":"edge-a","SYSLOG_IDENTIFIER":"systemd","MESSAGE":"Started x."}')).toBe('systemd');
    expect(program('Jul 16 12:55:04 vyos -- MARK --')).toBe(NO_PROGRAM);
  });

  it('count kernel lines that are not firewall data under kernel, and the kernel\'s netfilter messages apart', () => {
    expect(program('Mar  3 06:25:09 bastion kernel: [ 1204.551903] usb 1-1: new high-speed USB device number 3 using xhci_hcd')).toBe('kernel');
    expect(program('[ 1204.551903] usb 1-1: new high-speed USB device number 3 using xhci_hcd')).toBe('kernel');
    expect(program('Mar  3 06:25:24 bastion kernel: [ 1219.000001] nf_conntrack: nf_conntrack: table full, dropping packet')).toBe('kernel (nf_conntrack)');
  });

  it('never take a line with a firewall marker, readable or not', () => {
    expect(program('Mar  3 06:25:21 bastion kernel: [UFW BLOCK] IN=ens3 OUT= SRC=203.0.113.77 DST=10.44.0.5 PROTO=TCP SPT=1234 DPT=')).toBeNull();
    expect(program('Jul 16 12:54:54 vyos-conntrack-logger[9387]: [NEW]     1411737613 udp      17 30 src=10.77.0.1 dst=10.77.0.255')).toBeNull();
    expect(program('Jul 16 12:54:54 fw kernel: TRACE: raw:PREROUTING:policy:2 IN=eth0')).toBeNull();
    expect(program('Jul 16 12:54:54 br0 kernel: [bri-ARP]IN=eth1 OUT=eth2 ARP HTYPE=1 PTYPE=0x0800 OPCODE=1 MACSRC=50:00:00:04:00:00 IPSRC=10.11.11.101')).toBeNull();
  });

  it('summarise programs most first, then how many more', () => {
    const s = [{ program: 'sshd', lines: 412 }, { program: 'CRON', lines: 201 }, { program: 'kernel', lines: 3 }];
    expect(programSummaryText(s)).toBe('sshd 412, CRON 201, kernel 3');
    expect(programSummaryText(s, 1)).toBe('sshd 412, 2 more programs');
  });
});
