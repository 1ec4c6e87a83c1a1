// netfilter LOG body parser against third-party golden data (test/fixtures/third-party), the scan logs written
// for fwlens (test/fixtures/own) and hand-written edge cases. The Elastic goldens and the psad and wazuh lines
// are compared in test/conformance/netfilter-corpus.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventRecord } from '../../src-main/shared/model.ts';
import { detect, parseNetfilter } from '../../src-main/parse/netfilter.ts';
import { inferAction } from '../../src-main/parse/nf-prefix.ts';
import { OWN, THIRD_PARTY } from '../helpers.ts';
import { bodyOf, canon, hexNum, iface, parse, parsed } from '../parse-helpers.ts';

const read = (rel: string): string => readFileSync(join(THIRD_PARTY, rel), 'utf8');
const lines = (rel: string): string[] => read(rel).split('\n').filter((l) => l.trim() !== '');
const ownLines = (rel: string): string[] => readFileSync(join(OWN, rel), 'utf8').split('\n').filter((l) => l.trim() !== '');


describe('golden: mozilla lua_sandbox_extensions kernel.lua', () => {
  const cases = JSON.parse(read('mozilla-lua_sandbox_extensions/kernel-netfilter-expected.json')) as
    { input: string; expected: Record<string, unknown> }[];
  const FLAG = /^nf_tcp_(cwr|ece|urg|ack|psh|rst|syn|fin)$/;
  it.each(cases.map((c, i) => [i, c] as const))('parseNetfilter(case %i) matches every asserted field', (_i, c) => {
    const r = parsed(bodyOf(c.input));
    for (const [key, want] of Object.entries(c.expected)) {
      const flag = FLAG.exec(key);
      const got: Record<string, unknown> = {
        nf_prefix: r.prefix, nf_in_interface: r.in_if, nf_out_interface: r.out_if,
        nf_dst_mac: r.mac_dst, nf_src_mac: r.mac_src, nf_type_mac: r.ethertype,
        'nf_src_ip.value': r.src, 'nf_dst_ip.value': r.dst,
        'nf_src_ip.representation': `ipv${r.family}`, 'nf_dst_ip.representation': `ipv${r.family}`,
        nf_len: r.len, nf_tos: r.tos, nf_prec: r.prec, nf_ttl: r.ttl, nf_id: r.ip_id, nf_df: r.df,
        nf_protocol: r.proto, nf_spt: r.sport, nf_dpt: r.dport, nf_window: r.win, nf_res: r.res,
        nf_urgp: r.urgp, nf_uid: r.uid, nf_gid: r.gid, nf_udp_len: r.l4_len,
        nf_icmp_type: r.icmp_type, nf_icmp_code: r.icmp_code, nf_icmp_id: r.icmp_id, nf_icmp_seq: r.icmp_seq,
        nf_icmpv6_type: r.icmp_type, nf_icmpv6_code: r.icmp_code,
        nf_hoplimit: r.ttl, nf_tc: r.tc, nf_flowlbl: r.flowlbl,
      };
      if (key === 'monotonic_timestamp') continue; // envelope, not the body
      if (flag) { expect(r.flags, key).toContain(flag[1].toUpperCase()); continue; }
      expect(key in got, `unmapped golden key ${key}`).toBe(true);
      let w: unknown = want;
      if (key === 'nf_prefix') w = String(want).trim();
      else if (key.endsWith('_interface')) w = iface(String(want));
      else if (key.endsWith('_ip.value')) w = canon(String(want));
      else if (['nf_tos', 'nf_prec', 'nf_res'].includes(key)) w = hexNum(String(want));
      expect(got[key], key).toEqual(w);
    }
  });
});

describe('golden: fluent-plugin-ufw', () => {
  it('parseNetfilter matches the UFW line of test_parser_ufw.rb', () => {
    const [c] = JSON.parse(read('fluent-plugin-ufw/test_parser_ufw-expected.json')) as
      { input: string; expected: Record<string, string | null> }[];
    const r = parsed(bodyOf(c.input));
    const e = c.expected;
    expect(r.prefix).toBe(`[${e.action}]`);
    expect(r.action).toBe('DROP');
    expect(r.in_if).toBe(iface(e.IN as string));
    expect(r.out_if).toBe(iface(e.OUT as string));
    expect(r.physin).toBe(e.PHYSIN);
    expect(`${r.mac_dst}:${r.mac_src}:${r.ethertype}`).toBe(e.MAC);
    expect([r.src, r.dst, r.proto]).toEqual([e.SRC, e.DST, e.PROTO]);
    expect([r.len, r.ttl, r.ip_id, r.sport, r.dport, r.win, r.urgp])
      .toEqual([e.LEN, e.TTL, e.ID, e.SPT, e.DPT, e.WINDOW, e.URGP].map(Number));
    expect([r.tos, r.prec, r.res]).toEqual([e.TOS, e.PREC, e.RES].map((h) => hexNum(h as string)));
    expect('DF' in e && r.df).toBe(true);
    expect('RST' in e && r.flags?.includes('RST')).toBe(true);
  });
});

describe('golden: crowdsec hub parser.assert', () => {
  type Asserts = Map<number, { success?: boolean; f: Record<string, string> }>;
  function asserts(rel: string, parser: string): Asserts {
    const out: Asserts = new Map();
    const re = new RegExp(String.raw`^results\["s01-parse"\]\["${parser}"\]\[(\d+)\]\.(?:Success == (true|false)|Evt\.(Parsed|Unmarshaled\["iptables"\])\["(\w+)"\] == "(.*)")$`);
    for (const l of lines(rel)) {
      const m = re.exec(l);
      if (!m) continue;
      const e = out.get(Number(m[1])) ?? { f: {} };
      if (m[2]) e.success = m[2] === 'true';
      else e.f[`${m[3].startsWith('U') ? 'U.' : ''}${m[4]}`] = JSON.parse(`"${m[5]}"`) as string;
      out.set(Number(m[1]), e);
    }
    return out;
  }
  /** Compares crowdsec's grok captures (Parsed) and key=value map (Unmarshaled) with our record. */
  function check(r: EventRecord, f: Record<string, string>): void {
    const lastLen = r.l4_len ?? r.len; // crowdsec keeps the last LEN= it sees
    const m: Record<string, unknown> = {
      src_ip: r.src, dst_ip: r.dst, src_port: r.sport, dst_port: r.dport, proto: r.proto, length: lastLen,
      iface: r.in_if, oface: r.out_if, physin: r.physin, physout: r.physout, dst_mac: r.mac_dst,
      id: r.ip_id, ttl: r.ttl, ack: r.ack, data_length: r.l4_len, tcp_flags: r.flags?.join(' '),
      prec: r.prec, tos: r.tos,
      'U.IN': r.in_if ?? '', 'U.OUT': r.out_if ?? '', 'U.SRC': r.src, 'U.DST': r.dst, 'U.LEN': lastLen,
      'U.TOS': r.tos, 'U.PREC': r.prec, 'U.TTL': r.ttl, 'U.ID': r.ip_id, 'U.PROTO': r.proto, 'U.SPT': r.sport,
      'U.DPT': r.dport, 'U.WINDOW': r.win, 'U.RES': r.res, 'U.URGP': r.urgp,
      'U.MAC': r.mac_dst === null ? null : `${r.mac_dst}:${r.mac_src}:${r.ethertype}`,
    };
    const HEX = new Set(['prec', 'tos', 'U.TOS', 'U.PREC', 'U.RES']);
    for (const [k, v] of Object.entries(f)) {
      if (!(k in m)) continue; // envelope fields (timestamp, program, vmid, logdate…)
      const want = HEX.has(k) ? hexNum(v) : typeof m[k] === 'number' ? Number(v) : v;
      expect(m[k], k).toEqual(want);
    }
    if (f.int_eth !== undefined && f.iface === undefined) expect(r.in_if).toBe(f.int_eth);
    if (f.action !== undefined) expect(r.action).toBe(inferAction(f.action));
  }

  it('iptables-logs: same fields, and the XX= line crowdsec fails is rejected', () => {
    const input = lines('crowdsec-hub/iptables-logs/iptables-logs.log');
    for (const [i, a] of asserts('crowdsec-hub/iptables-logs/parser.assert', 'crowdsecurity/iptables-logs')) {
      const { rec, why } = parse(bodyOf(input[i]));
      if (a.success === false) { expect(why, input[i]).not.toBeNull(); continue; }
      expect(why, input[i]).toBeNull();
      check(rec, a.f);
    }
  });

  it('proxmox pve-firewall lines: same fields wherever crowdsec parsed one', () => {
    const input = lines('crowdsec-hub/proxmox-iptables-logs/proxmox-iptables.log');
    const pve = /^\d+ \d+ \S+ \d+\/\w+\/\d+:\d\d:\d\d:\d\d [+-]\d{4} /;
    for (const [i, a] of asserts('crowdsec-hub/proxmox-iptables-logs/parser.assert', 'aderumier/proxmox-iptables-logs')) {
      if (a.success !== true) continue;
      check(parsed(input[i].replace(pve, '')), a.f);
    }
    // pve-firewall omits an empty IN= entirely; without IN= the line is not taken as a LOG line.
    const hostOut = input.find((l) => l.includes('PVEFW-HOST-OUT')) as string;
    expect(parse(hostOut.replace(pve, '')).why).toMatch(/^no IN= field/);
  });

  it('iptables-scan-multi-port: every line parses', () => {
    for (const l of lines('crowdsec-hub/iptables-scan-multi-port/iptables-scan-multi-port.log')) parsed(bodyOf(l));
  });
});

describe('third-party and own logs: every netfilter line parses without reject', () => {
  const sources = [
    'logstash-patterns-core/spec-extracted-netfilter-lines.log',
    'csirtg-smrt-ufw/ufw.log', 'csirtg-smrt-ufw/ufw_ubuntu16.log', 'fluent-plugin-ufw/ufw.log',
  ].map((f) => ({ name: f, text: read(f) }));
  const own = ['syn-scan-1000-1500.log', 'xmas-scan-1000-1150.log', 'null-scan-1000-1150.log', 'fin-scan-1000-1150.log',
    'ack-scan-1000-1150.log', 'udp-scan-1000-1150.log', 'syn-sweep-port-22.log', 'ping.log', 'ipv6-syn-scan.log',
    'igmp-shorewall.log', 'rsyslog-iso.log', 'grep-prefixed.log'].map((f) => ({ name: `own/scans/${f}`, text: ownLines(`scans/${f}`).join('\n') }));
  it.each([...sources, ...own].map((x) => [x.name, x.text] as const))('%s', (_name, text) => {
    let n = 0;
    for (const line of text.split('\n')) {
      if (!line.includes('IN=')) continue;
      const body = bodyOf(line);
      expect(detect(body), line).toBe(true);
      const r = parsed(body);
      expect(r.src).not.toBeNull();
      n++;
    }
    expect(n).toBeGreaterThan(0);
  });

  it('scans written for fwlens: flags, protocols and addresses are what the scan names say', () => {
    const first = (f: string): EventRecord => parsed(bodyOf(ownLines(`scans/${f}`)[0]));
    expect(first('null-scan-1000-1150.log').flags).toEqual([]);
    expect(first('xmas-scan-1000-1150.log').flags).toEqual(['URG', 'PSH', 'FIN']);
    expect(first('fin-scan-1000-1150.log').flags).toEqual(['FIN']);
    expect(first('ack-scan-1000-1150.log').flags).toEqual(['ACK']);
    expect(first('udp-scan-1000-1150.log').flags).toBeNull();
    expect(first('syn-scan-1000-1500.log').tcp_opt).toBe('020405B4');
    const igmp = first('igmp-shorewall.log');
    expect([igmp.proto, igmp.proto_num, igmp.action, igmp.prefix]).toEqual(['2', 2, 'DROP', 'Shorewall:wlan0_mac:DROP:']);
    const v6 = first('ipv6-syn-scan.log');
    expect([v6.family, v6.src, v6.dst, v6.ce, v6.df]).toEqual([6, '2001:db8:5::1', '2001:db8:5::2', null, null]);
    // The kernel line of a grep -r hit, after the file-name prefix.
    const grep = first('grep-prefixed.log');
    expect([grep.family, grep.src, grep.dport, grep.flags]).toEqual([6, '2001:db8:9::2', 1433, ['SYN']]);
  });
});

describe('hand-written cases', () => {
  it('parseNetfilter(ICMP error) keeps the embedded packet apart', () => {
    const inner = 'SRC=192.0.2.83 DST=192.168.173.191 LEN=60 TOS=0x00 PREC=0x00 TTL=54 ID=0 DF PROTO=UDP SPT=21458 DPT=62936 LEN=40';
    const r = parsed(`DENY: IN=eth0 OUT= MAC=90:10:28:5f:62:24:90:10:18:5a:89:2a:08:00 SRC=192.0.2.71 DST=192.0.2.83 LEN=88 TOS=0x00 PREC=0x00 TTL=118 ID=21684 PROTO=ICMP TYPE=3 CODE=3 [${inner} ] `);
    expect([r.src, r.dst, r.len, r.ttl, r.ip_id, r.df, r.proto, r.sport, r.l4_len]).toEqual(['192.0.2.71', '192.0.2.83', 88, 118, 21684, false, 'ICMP', null, null]);
    expect([r.icmp_type, r.icmp_code]).toEqual([3, 3]);
    expect([r.inner_src, r.inner_dst, r.inner_proto, r.inner_sport, r.inner_dport, r.inner_len, r.inner_ttl, r.inner_id])
      .toEqual(['192.0.2.83', '192.168.173.191', 'UDP', 21458, 62936, 60, 54, 0]);
    expect(r.inner_text).toBe(inner);
    expect(r.extra).toBeNull();
  });

  it('parseNetfilter(ICMP frag-needed) keeps MTU= in icmp_extra after the embedded packet', () => {
    const r = parsed('IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=576 TOS=0x00 PREC=0xC0 TTL=64 ID=1 PROTO=ICMP TYPE=3 CODE=4 [SRC=10.0.0.2 DST=10.0.0.1 LEN=1500 TOS=0x00 PREC=0x00 TTL=63 ID=7 DF PROTO=TCP SPT=443 DPT=5555 WINDOW=100 RES=0x00 ACK URGP=0 ] MTU=1400 ');
    expect(r.icmp_extra).toBe('MTU=1400');
    expect([r.inner_proto, r.inner_sport, r.inner_dport, r.flags, r.win]).toEqual(['TCP', 443, 5555, null, null]);
  });

  it('parseNetfilter(ip6tables ICMPv6) keeps the inner packet apart', () => {
    const r = parsed('IN=eth0 OUT= MAC=33:33:00:00:00:01:80:3f:5d:87:e2:93:86:dd SRC=2001:0db8:0000:0000:0000:0000:0000:0001 DST=2001:0db8:0000:0000:0000:0000:0000:0002 LEN=1280 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=ICMPv6 TYPE=2 CODE=0 [SRC=2001:0db8:0000:0000:0000:0000:0000:0002 DST=2001:0db8:0000:0000:0000:0000:0000:0003 LEN=1500 TC=0 HOPLIMIT=63 FLOWLBL=5 PROTO=UDP SPT=53 DPT=40000 LEN=1460 ] MTU=1280 ');
    expect([r.family, r.src, r.dst, r.len, r.ttl, r.proto, r.proto_num]).toEqual([6, '2001:db8::1', '2001:db8::2', 1280, 64, 'ICMPv6', 58]);
    expect([r.inner_src, r.inner_dst, r.inner_len, r.inner_ttl, r.inner_proto, r.inner_sport, r.inner_dport])
      .toEqual(['2001:db8::2', '2001:db8::3', 1500, 63, 'UDP', 53, 40000]);
    expect([r.sport, r.l4_len, r.icmp_extra, r.ce, r.df, r.mf]).toEqual([null, null, 'MTU=1280', null, null, null]);
  });

  it('parseNetfilter(TRACE) fills table, chain, type and rule number', () => {
    const r = parsed('TRACE: raw:PREROUTING:policy:3 IN=wlan0 OUT= MAC=00:0b:81:84:37:27:7c:d1:c3:e7:e1:d3:08:00 SRC=192.168.8.103 DST=217.23.9.18 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=2018 PROTO=ICMP TYPE=8 CODE=0 ID=48650 SEQ=0 ');
    expect([r.trace_table, r.trace_chain, r.trace_type, r.trace_rule, r.action]).toEqual(['raw', 'PREROUTING', 'policy', 3, 'LOG']);
    expect([r.ip_id, r.icmp_id, r.icmp_seq]).toEqual([2018, 48650, 0]);
  });

  it('parseNetfilter(TCP with --log-tcp-sequence, options and uid) puts each number in its place', () => {
    const r = parsed('OUT-ACC IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=60 TOS=0x10 PREC=0x00 TTL=64 ID=4242 DF PROTO=TCP SPT=40000 DPT=22 SEQ=4294967295 ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 OPT (020405B40402080A) UID=1000 GID=1000 MARK=0xff00 ');
    expect([r.seq, r.ack, r.win, r.flags, r.tcp_opt, r.ip_opt, r.uid, r.gid, r.mark, r.tos])
      .toEqual([4294967295, 0, 64240, ['SYN'], '020405B40402080A', null, 1000, 1000, 0xff00, 0x10]);
    expect([r.in_if, r.out_if, r.action]).toEqual([null, 'eth0', 'ACCEPT']);
  });

  it('parseNetfilter(NULL scan) gives an empty flag list, non-TCP gives none', () => {
    expect(parsed('DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=44 ID=1 PROTO=TCP SPT=1 DPT=2 WINDOW=1024 RES=0x00 URGP=0 ').flags).toEqual([]);
    expect(parsed('DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=28 TOS=0x00 PREC=0x00 TTL=44 ID=1 PROTO=UDP SPT=1 DPT=2 LEN=8 ').flags).toBeNull();
  });

  it('parseNetfilter(IPv4 options, fragment, CE/MF) keeps header details', () => {
    const r = parsed('IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=1500 TOS=0x00 PREC=0x00 TTL=44 ID=99 CE MF FRAG=185 OPT (07270400000000) PROTO=UDP ');
    expect([r.ce, r.df, r.mf, r.frag, r.ip_opt, r.sport]).toEqual([true, false, true, 185, '07270400000000', null]);
  });

  it('parseNetfilter(ip6tables fragment header) reads FRAG: and keeps INCOMPLETE in extra', () => {
    const r = parsed('IN=eth0 OUT= SRC=2001:db8::1 DST=2001:db8::2 LEN=1280 TC=0 HOPLIMIT=64 FLOWLBL=0 FRAG:1232 ID:0000abcd PROTO=UDP INCOMPLETE [0 bytes] ');
    expect([r.frag, r.extra]).toEqual([1232, 'ID:0000abcd INCOMPLETE [0 bytes]']);
  });

  it('parseNetfilter(prefix glued to IN=) splits prefix and fields', () => {
    expect(parsed('[wan-lan-default-D]IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=47').prefix).toBe('[wan-lan-default-D]');
    const s = parsed('Shorewall:net2fw:DROP:IN=eth1 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=47');
    expect([s.prefix, s.action, s.in_if]).toEqual(['Shorewall:net2fw:DROP:', 'DROP', 'eth1']);
    // A prefix that itself contains IN= text: the anchor is the IN= followed by OUT=.
    const t = parsed('LOGIN=bad IN=eth2 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=47');
    expect([t.prefix, t.in_if]).toEqual(['LOGIN=bad', 'eth2']);
    expect(parsed('IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=47').prefix).toBeNull();
  });

  it('parseNetfilter(unknown tokens) keeps them verbatim in extra', () => {
    const r = parsed('IN=eno1 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=120 TOS=0x00 PREC=0x00 TTL=55 ID=0 DF PROTO=ESP SPI=0xcb886522 FOO BAR=1 URGn=0');
    expect([r.proto, r.proto_num, r.extra]).toEqual(['ESP', 50, 'SPI=0xcb886522 FOO BAR=1 URGn=0']);
  });

  it('parseNetfilter(MAC with extra bytes, empty MAC, bridge ports, nftables ether decode)', () => {
    const r = parsed('IN=eth0.90 OUT= MAC=90:10:92:6e:ea:a7:90:10:73:ba:d6:77:08:00:45:fc:02:1c SRC=1.2.3.4 DST=5.6.7.8 LEN=540 TOS=0x1C PREC=0xE0 TTL=64 ID=1 PROTO=UDP SPT=1 DPT=2 LEN=520');
    expect([r.mac_dst, r.mac_src, r.ethertype, r.tos, r.prec]).toEqual(['90:10:92:6e:ea:a7', '90:10:73:ba:d6:77', '08:00:45:fc:02:1c', 0x1c, 0xe0]);
    const e = parsed('IN=ppp0 OUT= MAC= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=47');
    expect([e.mac_dst, e.mac_src, e.ethertype, e.extra]).toEqual([null, null, null, null]);
    const b = parsed('IN=br0 OUT=br0 PHYSIN=veth1 PHYSOUT=eth0 SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=47');
    expect([b.physin, b.physout]).toEqual(['veth1', 'eth0']);
    const n = parsed('IN=eth0 OUT= MACSRC=00:11:22:33:44:55 MACDST=66:77:88:99:aa:bb MACPROTO=0800 SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=47');
    expect([n.mac_src, n.mac_dst, n.ethertype]).toEqual(['00:11:22:33:44:55', '66:77:88:99:aa:bb', '08:00']);
  });

  it.each([
    ['garbage', 'hello world', /^no IN= field: not a netfilter LOG line$/],
    ['cut inside SRC', 'IN=eth0 OUT= SRC=10.0.', /^truncated: SRC= is not an IP address: 10\.0\.$/],
    ['cut after SRC', 'IN=eth0 OUT= SRC=10.0.0.1 ', /^truncated: no DST=$/],
    ['cut at DPT=', 'IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=TCP SPT=1 DPT=', /^truncated: DPT= has no value$/],
    ['cut after PROTO', 'IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=TCP', /^truncated: no SPT=$/],
    ['cut before PROTO', 'IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 TOS=0x0', /^truncated: no PROTO=$/],
    ['cut inside [..]', 'IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=88 TOS=0x00 PREC=0x00 TTL=1 ID=0 PROTO=ICMP TYPE=3 CODE=3 [SRC=10.0.0.2 DST=10.', /^truncated: embedded packet/],
    ['bad address', 'IN=eth0 OUT= SRC=1.2.3 DST=10.0.0.2 LEN=40', /^SRC= is not an IP address: 1\.2\.3$/],
    ['octet > 255', 'IN=eth0 OUT= SRC=1.2.3.256 DST=10.0.0.2 LEN=40', /^SRC= is not an IP address/],
    ['mixed families', 'IN=eth0 OUT= SRC=1.2.3.4 DST=2001:db8::1 LEN=40', /^DST= is not an IPv4 address/],
    ['non-numeric', 'IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=4x TOS=0x00', /^LEN= is not a number: 4x$/],
    ['non-hex', 'IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 TOS=0xZZ PREC=0x00', /^TOS= is not a number: 0xZZ$/],
  ])('parseNetfilter(%s) rejects with a reason', (_name, body, reason) => {
    expect(parse(body).why).toMatch(reason);
  });

  it('detect() spots LOG bodies and nothing else', () => {
    expect(detect('[UFW BLOCK] IN=eth0 OUT= MAC=00 SRC=1.2.3.4')).toBe(true);
    expect(detect('IN=vmbr0 MAC=00 SRC=1.2.3.4')).toBe(true);
    expect(detect('systemd[1]: Started Session 4 of user root.')).toBe(false);
    expect(detect('USB disconnect, device number 3')).toBe(false);
  });
});

describe('inferAction(prefix)', () => {
  it.each([
    ['[UFW BLOCK]', 'DROP'], ['[UFW ALLOW]', 'ACCEPT'], ['[UFW AUDIT]', 'LOG'], ['[UFW LIMIT BLOCK]', 'DROP'],
    ['SFW2-INext-DROP-DEFLT', 'DROP'], ['SFW2-INext-ACC-TCP', 'ACCEPT'], ['SFW2-IN-ACC-RELATED', 'ACCEPT'],
    ['Shorewall:net2fw:DROP:', 'DROP'], ['Shorewall:FORWARD:REJECT:', 'REJECT'], ['[WAN_OUT-2000-A]', 'ACCEPT'],
    ['[wan-lan-default-D]', 'DROP'], ['[LAN_IN-10-R]', 'REJECT'], ['OUTPUT reject:', 'REJECT'],
    ['iptables DROP_INPUT:', 'DROP'], ['DENY:', 'DROP'], ['DROP(src wan)', 'DROP'], ['IPTABLES-DROP:', 'DROP'],
    ['PVEFW-reject:', 'REJECT'], ['policy DROP:', 'DROP'], ['LOG DROP', 'DROP'],
    ['LOG', 'unknown'], ['FIREWALL_OUT', 'unknown'], ['ICMP', 'unknown'], ['constructor', 'unknown'],
  ])('inferAction(%j) is %s', (prefix, action) => {
    expect(inferAction(prefix)).toBe(action);
  });
});

describe('resetEventRecord', () => {
  it('returns a used record to exactly the state of a new one', async () => {
    const { resetEventRecord } = await import('../../src-main/parse/record-reset.ts');
    const { EventRecord } = await import('../../src-main/shared/model.ts');
    const { parseNetfilter } = await import('../../src-main/parse/netfilter.ts');
    const r = new EventRecord();
    expect(parseNetfilter('[UFW BLOCK] IN=eth0 OUT= SRC=192.0.2.71 DST=192.0.2.83 LEN=88 TOS=0x00 PREC=0x00 TTL=118 ID=21684 PROTO=ICMP TYPE=3 CODE=3 [SRC=192.0.2.83 DST=192.168.173.191 LEN=60 TOS=0x00 PREC=0x00 TTL=54 ID=0 DF PROTO=UDP SPT=21458 DPT=62936 LEN=40 ] MARK=0x1 FOO', r)).toBeNull();
    expect(r.inner_src).not.toBeNull();
    resetEventRecord(r);
    expect(r).toEqual(new EventRecord());
  });
});
