// `nft monitor trace` lines: the packet dump (`packet: iif "eth0" ip saddr …`) into an EventRecord's
// fields, and each rule / verdict / policy line into a step.
import type { EventRecord } from '../shared/model.ts';
import { canonicalIPv6, isIPv4 } from './ip-text.ts';
import { protoName, protoNumber, sortFlags, type MonitorTraceLine } from './monitor-trace.ts';

const HEAD = /^trace id ([0-9a-fA-F]{1,16}) (ip6?|inet|bridge|arp|netdev) (\S+) (\S+) /;

/** Does the line (after any envelope) look like `nft monitor trace` output? */
export function detect(body: string): boolean {
  return HEAD.test(body);
}

/** Words and "quoted" strings of a packet dump, quotes removed. */
function words(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[1] !== undefined ? m[1] : m[2]);
  return out;
}

const DSCP: Record<string, number> = {
  cs0: 0, cs1: 8, cs2: 16, cs3: 24, cs4: 32, cs5: 40, cs6: 48, cs7: 56, af11: 10, af12: 12, af13: 14, af21: 18, af22: 20,
  af23: 22, af31: 26, af32: 28, af33: 30, af41: 34, af42: 36, af43: 38, ef: 46, va: 44, le: 1,
};
const ECN: Record<string, number> = { 'not-ect': 0, ect1: 1, ect0: 2, ce: 3 };
const ICMP_TYPES: Record<string, number> = {
  'echo-reply': 0, 'destination-unreachable': 3, 'source-quench': 4, redirect: 5, 'echo-request': 8, 'router-advertisement': 9,
  'router-solicitation': 10, 'time-exceeded': 11, 'parameter-problem': 12, 'timestamp-request': 13, 'timestamp-reply': 14,
  'info-request': 15, 'info-reply': 16, 'address-mask-request': 17, 'address-mask-reply': 18,
};
const ICMP_CODES: Record<string, number> = {
  'net-unreachable': 0, 'host-unreachable': 1, 'prot-unreachable': 2, 'port-unreachable': 3, 'frag-needed': 4,
  'net-prohibited': 9, 'host-prohibited': 10, 'admin-prohibited': 13,
};
const ICMP6_TYPES: Record<string, number> = {
  'destination-unreachable': 1, 'packet-too-big': 2, 'time-exceeded': 3, 'parameter-problem': 4, 'echo-request': 128,
  'echo-reply': 129, 'mld-listener-query': 130, 'mld-listener-report': 131, 'mld-listener-done': 132, 'mld-listener-reduction': 132,
  'nd-router-solicit': 133, 'nd-router-advert': 134, 'nd-neighbor-solicit': 135, 'nd-neighbor-advert': 136, 'nd-redirect': 137,
  'router-renumbering': 138, 'ind-neighbor-solicit': 141, 'ind-neighbor-advert': 142, 'mld2-listener-report': 143,
};
const ICMP6_CODES: Record<string, number> = {
  'no-route': 0, 'admin-prohibited': 1, 'addr-unreachable': 3, 'port-unreachable': 4, 'policy-fail': 5, 'reject-route': 6,
};
const ETHERTYPES: Record<string, string> = { ip: '08:00', ip6: '86:dd', arp: '08:06', vlan: '81:00', '8021ad': '88:a8' };
const TCP_FLAGS: Record<string, string> = { fin: 'FIN', syn: 'SYN', rst: 'RST', psh: 'PSH', ack: 'ACK', urg: 'URG', ecn: 'ECE', cwr: 'CWR' };
const TCP_BITS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];

/** A number as nft prints it (decimal or 0x hex), or a name from the table. */
function value(v: string | undefined, names?: Record<string, number>): number | null {
  if (v === undefined) return null;
  if (names && v in names) return names[v];
  if (/^\d+$/.test(v)) return Number(v);
  if (/^0x[0-9a-f]+$/i.test(v)) return parseInt(v, 16);
  return null;
}

function setAddr(rec: EventRecord, side: 'src' | 'dst', v: string | undefined, fam: 4 | 6): boolean {
  if (v === undefined) return false;
  const a = fam === 4 ? (isIPv4(v) ? v : null) : canonicalIPv6(v);
  if (a === null) return false;
  rec[side] = a;
  rec.family = fam;
  return true;
}

/** Reads a `packet:` dump into rec; returns what it did not understand, verbatim, or null. */
export function readNftPacket(text: string, rec: EventRecord): string | null {
  const w = words(text);
  const extra: string[] = [];
  let dscp: number | null = null, ecn: number | null = null, l4: string | null = null;
  let i = 0;
  while (i < w.length) {
    const h = w[i];
    if (h === 'iif' || h === 'oif' || h === 'iifname' || h === 'oifname') {
      if (h[0] === 'i') rec.in_if = w[i + 1] ?? null; else rec.out_if = w[i + 1] ?? null;
      i += 2;
      continue;
    }
    if (h.startsWith('@')) { extra.push(w.slice(i, i + 2).join(' ')); i += 2; continue; }
    const f = w[i + 1];
    let j = i + 2;
    if (w[j] === '==') j++;
    const v = w[j];
    let next = j + 1;
    let ok = true;
    switch (`${h} ${f}`) {
      case 'ether saddr': rec.mac_src = v ?? null; break;
      case 'ether daddr': rec.mac_dst = v ?? null; break;
      case 'ether type': rec.ethertype = ETHERTYPES[v] ?? v ?? null; break;
      case 'ip saddr': ok = setAddr(rec, 'src', v, 4); break;
      case 'ip daddr': ok = setAddr(rec, 'dst', v, 4); break;
      case 'ip6 saddr': ok = setAddr(rec, 'src', v, 6); break;
      case 'ip6 daddr': ok = setAddr(rec, 'dst', v, 6); break;
      case 'ip ttl': case 'ip6 hoplimit': rec.ttl = value(v); break;
      case 'ip id': rec.ip_id = value(v); break;
      case 'ip length': rec.len = value(v); break;
      // nft shows the IPv6 payload length; LEN= (and so `len`) counts the 40-byte header too.
      case 'ip6 length': { const n = value(v); rec.len = n === null ? null : n + 40; break; }
      case 'ip6 flowlabel': rec.flowlbl = value(v); break;
      case 'ip dscp': case 'ip6 dscp': dscp = value(v, DSCP); break;
      case 'ip ecn': case 'ip6 ecn': ecn = value(v, ECN); break;
      case 'ip protocol': case 'ip6 nexthdr': case 'meta l4proto': rec.proto_num = protoNumber(v ?? ''); ok = rec.proto_num !== null; break;
      case 'meta mark': rec.mark = value(v); break;
      case 'tcp flags': {
        const names: string[] = [];
        let k = j;
        for (; k < w.length; k++) {
          const parts = w[k].split(/[|,]/).filter((p) => p !== '');
          if (w[k] !== '|' && !parts.every((p) => p in TCP_FLAGS || /^0x[0-9a-f]+$/i.test(p))) break;
          for (const p of parts) {
            if (p in TCP_FLAGS) names.push(TCP_FLAGS[p]);
            else TCP_BITS.forEach((b, bit) => { if (parseInt(p, 16) & (1 << bit)) names.push(b); });
          }
        }
        rec.flags = sortFlags(names);
        next = k;
        l4 = 'tcp';
        break;
      }
      case 'tcp window': rec.win = value(v); l4 = 'tcp'; break;
      case 'udp length': case 'udplite length': rec.l4_len = value(v); l4 = h; break;
      case 'icmp type': rec.icmp_type = value(v, ICMP_TYPES); l4 = h; break;
      case 'icmp code': rec.icmp_code = value(v, ICMP_CODES); l4 = h; break;
      case 'icmpv6 type': rec.icmp_type = value(v, ICMP6_TYPES); l4 = h; break;
      case 'icmpv6 code': rec.icmp_code = value(v, ICMP6_CODES); l4 = h; break;
      case 'icmp id': case 'icmpv6 id': rec.icmp_id = value(v); l4 = h; break;
      case 'icmp sequence': case 'icmpv6 sequence': rec.icmp_seq = value(v); l4 = h; break;
      default:
        if ((h === 'tcp' || h === 'udp' || h === 'udplite' || h === 'sctp' || h === 'dccp') && (f === 'sport' || f === 'dport')) {
          rec[f] = value(v);
          l4 = h;
        } else ok = false;
    }
    if (!ok || v === undefined) { extra.push(w.slice(i, next).join(' ')); }
    i = next;
  }
  // The dump leaves out `ip protocol tcp` when the tcp fields that follow imply it.
  if (rec.proto_num === null && l4 !== null) rec.proto_num = protoNumber(l4);
  if (rec.proto_num !== null) rec.proto = protoName(rec.proto_num);
  if (dscp !== null || ecn !== null) {
    const tos = ((dscp ?? 0) << 2) | (ecn ?? 0);
    if (rec.family === 6) rec.tc = tos; else rec.tos = tos;
  }
  return extra.length ? extra.join(' ') : null;
}

/** The verdict text inside `(verdict …)` or after `verdict` / `policy`, without a trailing `meta mark …`. */
const verdictText = (s: string): string => s.replace(/\s+meta mark \S+\s*$/, '').trim();

/**
 * One `nft monitor trace` line into a step (packet lines fill rec's packet fields too); a string is the
 * reason it cannot be read.
 */
export function parseNftTrace(body: string, rec: EventRecord): MonitorTraceLine | string {
  const m = HEAD.exec(body);
  if (!m) return 'not an nft trace line';
  const step: MonitorTraceLine = {
    id: m[1].toLowerCase(), family: m[2], table: m[3], chain: m[4], type: 'rule', handle: null, text: null, verdict: null,
  };
  const rest = body.slice(m[0].length).trimEnd();
  if (rest.startsWith('packet:')) {
    step.type = 'packet';
    const extra = readNftPacket(rest.slice(7), rec);
    if (extra !== null) rec.extra = extra;
    return step;
  }
  if (rest.startsWith('conntrack:')) {
    step.type = 'conntrack';
    rec.extra = rest.slice(10).trim() || null;
    return step;
  }
  if (rest.startsWith('rule ') || rest.startsWith('unknown rule handle ')) {
    const at = rest.lastIndexOf(' (verdict ');
    if (at < 0 || !rest.endsWith(')')) return 'nft trace rule line without its (verdict …): truncated line';
    step.verdict = verdictText(rest.slice(at + 10, -1));
    if (rest.startsWith('unknown')) {
      step.handle = value(rest.slice(20, at).trim());
      if (step.handle === null) return 'nft trace: rule handle is not a number';
      return step;
    }
    let text = rest.slice(5, at);
    const h = /\s*#\s*handle\s+(\d+)\s*$/.exec(text);
    if (h) {
      step.handle = Number(h[1]);
      text = text.slice(0, h.index);
    }
    step.text = text.trim();
    return step;
  }
  if (rest.startsWith('verdict ') || rest.startsWith('policy ')) {
    step.type = rest[0] === 'v' ? 'return' : 'policy';
    const mark = /\smeta mark (\S+)\s*$/.exec(rest);
    if (mark) rec.mark = value(mark[1]);
    step.verdict = verdictText(rest.slice(rest.indexOf(' ') + 1));
    return step.verdict === '' ? 'nft trace: empty verdict' : step;
  }
  return `nft trace line of an unknown kind ("${rest.split(' ')[0]}")`;
}
