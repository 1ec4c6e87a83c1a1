// Conformance: the netfilter LOG body parser against the Elastic goldens and every psad and wazuh line, read from FWLENS_CORPUS.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { EventRecord } from '../../src-main/shared/model.ts';
import { detect, parseNetfilter } from '../../src-main/parse/netfilter.ts';
import { requires } from '../requires.ts';
import { corpus, corpusNeed } from './corpus.ts';
import { bodyOf, canon, hexNum, iface, parse, parsed } from '../parse-helpers.ts';

const cit = requires(corpusNeed);
const read = (rel: string): string => readFileSync(corpus(rel), 'utf8');
const lines = (rel: string): string[] => read(rel).split('\n').filter((l) => l.trim() !== '');


function flatten(o: Record<string, unknown>, pre = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(o)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, `${pre}${k}.`, out);
    else out[pre + k] = v;
  }
  return out;
}

/** Checks our record against one Elastic (filebeat / integrations) golden event, field by field. */
function checkElastic(ev: Record<string, unknown>): void {
  const original = String(ev['event.original'] ?? ev['log.original']);
  const { rec: r, why } = parse(bodyOf(original));
  if (!original.includes('IN=')) {
    // Ubiquiti lines cut before IN=: Elastic salvages a few fields, we reject the line as not a LOG line.
    expect(why).toMatch(/^no IN= field/);
    return;
  }
  expect(why, original).toBeNull();
  const mac = (s: unknown): string => String(s).toLowerCase().replaceAll('-', ':');
  const TRANSPORT: Record<string, string> = { TCP: 'tcp', UDP: 'udp', ICMP: 'icmp', ICMPv6: 'ipv6-icmp', ESP: 'esp' };
  for (const [key, want] of Object.entries(ev)) {
    switch (key) {
      case 'source.ip': expect(r.src).toBe(canon(String(want))); break;
      case 'destination.ip': expect(r.dst).toBe(canon(String(want))); break;
      case 'source.port': expect(r.sport).toBe(want); break;
      case 'destination.port': expect(r.dport).toBe(want); break;
      case 'source.mac': expect(r.mac_src).toBe(mac(want)); break;
      case 'destination.mac': expect(r.mac_dst).toBe(mac(want)); break;
      case 'iptables.ether_type': expect(hexNum((r.ethertype ?? '').slice(0, 5).replace(':', ''))).toBe(want); break;
      case 'iptables.fragment_flags':
        for (const f of ['CE', 'DF', 'MF'] as const) {
          expect(r[f.toLowerCase() as 'ce' | 'df' | 'mf'], f).toBe((want as string[]).includes(f));
        }
        break;
      case 'iptables.id': expect(r.ip_id).toBe(want); break;
      case 'iptables.input_device': expect(r.in_if).toBe(iface(String(want))); break;
      case 'iptables.output_device': expect(r.out_if).toBe(iface(String(want))); break;
      case 'iptables.length': expect(r.len).toBe(want); break;
      case 'iptables.precedence_bits': expect(r.prec).toBe(want); break;
      // Elastic files the IPv6 traffic class under tos.
      case 'iptables.tos': expect(r.family === 6 ? r.tc : r.tos).toBe(want); break;
      case 'iptables.ttl': expect(r.ttl).toBe(want); break;
      case 'iptables.flow_label': expect(r.flowlbl).toBe(want); break;
      case 'iptables.tcp.flags': expect(r.flags).toEqual(want); break;
      case 'iptables.tcp.reserved_bits': expect(r.res).toBe(want); break;
      case 'iptables.tcp.window': expect(r.win).toBe(want); break;
      case 'iptables.udp.length': expect(r.l4_len).toBe(want); break;
      case 'iptables.icmp.type': expect(r.icmp_type).toBe(want); break;
      case 'iptables.icmp.code': expect(r.icmp_code).toBe(want); break;
      case 'iptables.icmp.id': expect(r.icmp_id).toBe(want); break;
      case 'iptables.icmp.seq': expect(r.icmp_seq).toBe(want); break;
      case 'network.transport': expect(TRANSPORT[r.proto ?? '']).toBe(want); break;
      case 'network.iana_number': expect(String(r.proto_num)).toBe(want); break;
      case 'network.type': expect(`ipv${r.family}`).toBe(want); break;
      case 'event.type': {
        const t = want as string[];
        if (t.includes('denied')) expect(['DROP', 'REJECT']).toContain(r.action);
        if (t.includes('allowed')) expect(r.action).toBe('ACCEPT');
        break;
      }
    }
  }
}

const BEATS_GOLDENS = ['geo.log', 'icmp.log', 'iptables.log', 'ipv6.log', 'ubiquiti.log'];

describe('golden: Elastic filebeat iptables module', () => {
  cit('the golden files are the five the comparisons below name', () => {
    expect(readdirSync(corpus('beats-filebeat-iptables')).filter((f) => f.endsWith('-expected.json')).sort())
      .toEqual(BEATS_GOLDENS.map((f) => `${f}-expected.json`));
  });
  for (const f of BEATS_GOLDENS) {
    cit(`parseNetfilter matches ${f}-expected.json`, () => {
      const events = JSON.parse(read(`beats-filebeat-iptables/${f}-expected.json`)) as Record<string, unknown>[];
      expect(events.length).toBeGreaterThan(0);
      for (const ev of events) checkElastic(flatten(ev));
    });
  }
  cit('every line of the .log inputs has a golden event', () => {
    for (const f of BEATS_GOLDENS) {
      const originals = new Set((JSON.parse(read(`beats-filebeat-iptables/${f}-expected.json`)) as Record<string, unknown>[])
        .map((e) => e['log.original']));
      for (const line of lines(`beats-filebeat-iptables/${f}`)) {
        expect(originals.has(line) || originals.has(line.trimEnd()), line).toBe(true);
      }
    }
  });
});

describe('golden: Elastic integrations iptables package', () => {
  for (const f of ['test-iptables-raw.log', 'test-ubiquiti.log', 'test-journald.json']) {
    cit(`parseNetfilter matches ${f}-expected.json`, () => {
      const events = (JSON.parse(read(`elastic-integrations-iptables/${f}-expected.json`)) as
        { expected: Record<string, unknown>[] }).expected;
      expect(events.length).toBeGreaterThan(0);
      for (const ev of events) checkElastic(flatten(ev));
    });
  }
});

describe('GPL corpora: every netfilter line parses without reject', () => {
  function everyLine(src: string, text: string): number {
    let n = 0;
    for (let line of text.split('\n')) {
      if (!line.includes('IN=')) continue;
      if (src.startsWith('wazuh/')) line = line.replace(/^log \d+ pass = /, '');
      if (src === 'psad/ipv6_ms_sql_server_sig_match') line = line.replace(/^[\w]+:/, ''); // grep output
      const body = bodyOf(line);
      expect(detect(body), `${src}: ${line}`).toBe(true);
      const r = parsed(body);
      expect(r.src).not.toBeNull();
      n++;
    }
    return n;
  }
  cit('every psad file', () => {
    const files = readdirSync(corpus('psad'));
    expect(files.length).toBe(25);
    for (const f of files) expect(everyLine(`psad/${f}`, read(`psad/${f}`)), f).toBeGreaterThan(0);
  });
  cit('wazuh/iptables.ini', () => {
    expect(everyLine('wazuh/iptables.ini', read('wazuh/iptables.ini'))).toBeGreaterThan(0);
  });

  cit('psad scans: flags, protocols and addresses are what the scan names say', () => {
    const first = (f: string): EventRecord => parsed(bodyOf(lines(`psad/${f}`)[0]));
    expect(first('null_scan_1000_1150').flags).toEqual([]);
    expect(first('xmas_scan_1000_1150').flags).toEqual(['URG', 'PSH', 'FIN']);
    expect(first('fin_scan_1000_1150').flags).toEqual(['FIN']);
    expect(first('ack_scan_1000_1150').flags).toEqual(['ACK']);
    expect(first('udp_scan_1000_1150').flags).toBeNull();
    expect(first('syn_scan_1000_1500').tcp_opt).toBe('020405B4');
    const igmp = first('ipv4_igmp');
    expect([igmp.proto, igmp.proto_num, igmp.action, igmp.prefix]).toEqual(['2', 2, 'DROP', 'Shorewall:wlan0_mac:DROP:']);
    const v6 = first('topera_ipv6_syn_scan_no_ip_opts');
    expect([v6.family, v6.src, v6.dst, v6.ce, v6.df]).toEqual([6, '2012:1234:1234::1', '2012:1234:1234::2', null, null]);
  });
});
