// Conformance: splitEnvelope on every log line of the full corpus (FWLENS_CORPUS) and against the envelopes of the Elastic goldens and psad files.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { type Envelope, type EnvelopeContext, detectEnvelope, splitEnvelope } from '../../src-main/parse/envelope.ts';
import { requires } from '../requires.ts';
import { corpus, corpusNeed } from './corpus.ts';

const cit = requires(corpusNeed);
const read = (rel: string): string => readFileSync(corpus(rel), 'utf8');
const linesOf = (rel: string): string[] => read(rel).split('\n').filter((l) => l.trim() !== '');
const json = <T>(rel: string): T => JSON.parse(read(rel)) as T;

/** The 25 psad files (the folder is listed only where the corpus is present). */
const PSAD = [
  'ack_scan_1000_1150', 'fin_scan_1000_1150', 'fwknop_spa_pkt', 'invalid_icmp_type_code', 'ipv4_igmp', 'ipv4_valid_ping',
  'ipv6_invalid_icmp6_type_code', 'ipv6_ms_sql_server_sig_match', 'ipv6_ping_scan', 'ipv6_tcp_connect_nmap_default_scan',
  'mirai_default_credentials_scan', 'ms_sql_server_sig_match', 'null_scan_1000_1150', 'proto_scan', 'reputation_scan',
  'syn_scan_1000_1500', 'syn_scan_1000_1500_localhost', 'syn_scan_1000_1500_multi_dst', 'syn_scan_1000_1500_zeroip',
  'syn_sweep', 'syslog_time_fmt1.log', 'topera_ipv6_syn_scan_no_ip_opts', 'topera_ipv6_syn_scan_with_ip_opts',
  'udp_scan_1000_1150', 'xmas_scan_1000_1150',
];

const UTC: EnvelopeContext = { refTimeMs: Date.UTC(2024, 11, 31, 12), tz: 'UTC' };

/** Splits and fails the test with the reason when the line is refused. */
function ok(line: string, ctx: EnvelopeContext = UTC): Envelope {
  const r = splitEnvelope(line, ctx);
  if (typeof r === 'string') throw new Error(`refused (${r}): ${line}`);
  return r;
}
const iso = (e: Envelope): string => new Date(e.ts! / 1000).toISOString();

describe('splitEnvelope on the full third-party corpus', () => {
  const files = [
    ...PSAD.map((f) => `psad/${f}`),
    ...['geo.log', 'icmp.log', 'iptables.log', 'ipv6.log', 'ubiquiti.log'].map((f) => `beats-filebeat-iptables/${f}`),
    'elastic-integrations-iptables/test-iptables-raw.log', 'elastic-integrations-iptables/test-ubiquiti.log',
    'mozilla-lua_sandbox_extensions/kernel-netfilter-lines.log', 'logstash-patterns-core/spec-extracted-netfilter-lines.log',
    'crowdsec-hub/iptables-logs/iptables-logs.log', 'crowdsec-hub/iptables-scan-multi-port/iptables-scan-multi-port.log',
    'crowdsec-hub/proxmox-iptables-logs/proxmox-iptables.log',
    'csirtg-smrt-ufw/ufw.log', 'csirtg-smrt-ufw/ufw_ubuntu16.log', 'fluent-plugin-ufw/ufw.log', 'fluent-plugin-ufw/test_parser_ufw-line.log',
  ];
  const wazuh = (): string[] => linesOf('wazuh/iptables.ini').filter((l) => l.includes('IN=')).map((l) => l.replace(/^log \d+ pass = /, ''));
  const all = (): { f: string; line: string }[] =>
    [...files.flatMap((f) => linesOf(f).map((line) => ({ f, line }))), ...wazuh().map((line) => ({ f: 'wazuh/iptables.ini', line }))];

  cit('every psad file is listed above', () => {
    expect(readdirSync(corpus('psad')).sort()).toEqual([...PSAD].sort());
  });

  cit('reads every line of every corpus log file', () => {
    const lines = all();
    expect(lines.length).toBeGreaterThan(10_000);
    const refused = lines.map(({ f, line }) => ({ f, line, r: splitEnvelope(line, UTC) })).filter((x) => typeof x.r === 'string');
    expect(refused).toEqual([]);
  });

  cit('every netfilter line: body starts at the log prefix, with no stamp, host, tag or uptime left in it', () => {
    let checked = 0;
    for (const { f, line } of all()) {
      if (!/\b(?:IN|OUT)=/.test(line)) continue;
      const e = ok(line);
      const where = `${f}: ${line}`;
      expect(e.body, where).toMatch(/\b(?:IN|OUT)=/);
      expect(e.body, where).not.toMatch(/^\s|^\[\s*\d+\.\d+\]|^kernel:|^<\d+>/);
      if (e.ts_text !== null) expect(e.body.includes(e.ts_text), where).toBe(false);
      if (e.host !== null) expect(e.body.startsWith(e.host + ' '), where).toBe(false);
      // The body is the line's tail (pvefw-logger lines alone have their stamp cut from the middle).
      if (!f.includes('proxmox')) expect(line.trimEnd().endsWith(e.body.trimEnd()), where).toBe(true);
      if (e.ts !== null) expect(Number.isInteger(e.ts), where).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  cit('beats goldens: host is observer.name, and absent for the host-less "Jan  8 03:37:09 DENY:" line', () => {
    for (const f of readdirSync(corpus('beats-filebeat-iptables')).filter((x) => x.endsWith('-expected.json'))) {
      for (const exp of json<Array<Record<string, unknown>>>(`beats-filebeat-iptables/${f}`)) {
        const e = ok(String(exp['log.original']));
        expect(e.host, f).toBe((exp['observer.name'] as string | undefined) ?? null);
      }
    }
    expect(ok(linesOf('beats-filebeat-iptables/icmp.log')[0]!).body.startsWith('DENY: IN=eth0 ')).toBe(true);
  });

  cit('elastic-integrations goldens: time (month/day/clock for year-less, all of it for ISO), host and message tail match', () => {
    type Exp = { '@timestamp': string; message: string; observer?: { name?: string }; event: { original: string } };
    for (const f of ['test-iptables-raw.log', 'test-ubiquiti.log']) {
      const expected = json<{ expected: Exp[] }>(`elastic-integrations-iptables/${f}-expected.json`).expected;
      const lines = linesOf(`elastic-integrations-iptables/${f}`);
      expect(lines.length).toBe(expected.length);
      expected.forEach((exp, k) => {
        const line = lines[k]!;
        expect(line).toBe(exp.event.original);
        const e = ok(line);
        const yearless = !/^(?:<\d+>)?\d{4}-/.test(line);
        // No tz in the test configs: Elastic read offset-less stamps as UTC.
        expect(yearless ? iso(e).slice(5, 19) : iso(e).slice(0, 19), line).toBe(yearless ? exp['@timestamp'].slice(5, 19) : exp['@timestamp'].slice(0, 19));
        expect(exp.message.endsWith(e.body), line).toBe(true);
        if (line.includes(' Abc-A1 ')) {
          // Elastic's grok leaves this host in `message`; it is the syslog HOSTNAME field, so we report it.
          expect(e.host).toBe('Abc-A1');
        } else {
          expect(e.host, line).toBe(exp.observer?.name ?? null);
        }
      });
    }
  });

  cit('elastic journald events rebuilt as journalctl -o json lines give back host, body and time', () => {
    type Ev = { message: string; host: { hostname: string }; '@timestamp': string };
    const events = json<{ events: Ev[] }>('elastic-integrations-iptables/test-journald.json').events;
    expect(events.length).toBeGreaterThan(0);
    for (const ev of events) {
      const us = String(Date.parse(ev['@timestamp']) * 1000);
      const line = JSON.stringify({ MESSAGE: ev.message, _HOSTNAME: ev.host.hostname, __REALTIME_TIMESTAMP: us });
      const e = ok(line);
      expect(e).toEqual({ ts: Number(us), ts_text: us, uptime: null, host: ev.host.hostname, body: ev.message });
    }
  });

  cit('psad grep-prefixed file: the file-name prefix is stripped and the envelope read', () => {
    const [line] = linesOf('psad/ipv6_ms_sql_server_sig_match');
    expect(line!.startsWith('ipv6_tcp_connect_nmap_default_scan:Mar 17')).toBe(true);
    const e = ok(line!);
    expect([e.ts_text, e.host, e.uptime, e.body.slice(0, 8)]).toEqual(['Mar 17 13:39:13', 'linux', 956932.522957, 'DROP IN=']);
  });

  cit('psad syslog_time_fmt1.log: high-precision rsyslog stamps keep microseconds and the offset', () => {
    const e = ok(linesOf('psad/syslog_time_fmt1.log')[0]!);
    expect(e.ts).toBe(Date.UTC(2015, 2, 7, 3, 9, 30) * 1000 + 45015);
    expect([e.host, e.body.slice(0, 9)]).toEqual(['servername', 'DROP: IN=']);
  });
});

describe('detectEnvelope on the GPL corpus', () => {
  cit('detectEnvelope(psad files) matches their envelopes', () => {
    expect(detectEnvelope(linesOf('psad/syslog_time_fmt1.log'))).toBe('iso');
    expect(detectEnvelope(linesOf('psad/syn_sweep'))).toBe('rfc3164');
  });
});
