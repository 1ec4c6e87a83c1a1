// The matches replay understands, as conditions over a ReplayPacket; shared by the iptables and nft readers.
import { mergeRanges, parseCidr } from '../enrich/cidr.ts';
import { unknown, type Condition, type ReplayPacket, type Tri } from './packet.ts';

export interface Range { lo: bigint; hi: bigint; family: 4 | 6 }
export type PortRange = [number, number];

const PORT_PROTOS = new Set([6, 17, 33, 132, 136]);

export const PROTO_NAMES: Record<string, number> = {
  tcp: 6, udp: 17, icmp: 1, icmpv6: 58, 'ipv6-icmp': 58, 'icmp6': 58, sctp: 132, dccp: 33, udplite: 136, gre: 47, esp: 50, ah: 51, igmp: 2,
};

const NAME_OF = new Map([[6, 'tcp'], [17, 'udp'], [1, 'icmp'], [58, 'icmpv6'], [132, 'sctp'], [33, 'dccp'], [136, 'udplite'], [47, 'gre'], [50, 'esp'], [51, 'ah'], [2, 'igmp']]);

/** A protocol number as the reports print it: `tcp`, `icmpv6`, else `proto 41`. */
export function protoName(n: number): string {
  return NAME_OF.get(n) ?? `proto ${n}`;
}

/** `tcp`, `6`, `ipv6-icmp`… → protocol number; null when unknown. `all` is handled by callers. */
export function protoNumber(text: string): number | null {
  const t = text.toLowerCase();
  if (/^\d{1,3}$/.test(t) && Number(t) < 256) return Number(t);
  return PROTO_NAMES[t] ?? null;
}

export function protoIn(nums: number[], text: string): Condition {
  return { text, test: (p) => nums.includes(p.proto) };
}

export function familyIs(f: 4 | 6, text: string): Condition {
  return { text, test: (p) => p.family === f };
}

/** Addresses and CIDRs (IPv4 or IPv6); null when any is not one (a name, a set reference…). */
export function parseRanges(items: string[]): Range[] | null {
  const out: Range[] = [];
  for (const s of items) {
    const dash = /^([^-\s]+)-([^-\s]+)$/.exec(s);
    if (dash) {
      const a = parseCidr(dash[1]), b = parseCidr(dash[2]);
      if (!a || !b || a.family !== b.family || a.prefix !== (a.family === 4 ? 32 : 128)) return null;
      out.push({ lo: a.lo, hi: b.hi, family: a.family });
      continue;
    }
    const c = parseCidr(s);
    if (!c) return null;
    out.push({ lo: c.lo, hi: c.hi, family: c.family });
  }
  return out;
}

/** Ranges of one family merged, as parallel arrays for a binary search (an ASN can bring thousands). */
function merged(ranges: Range[], family: 4 | 6): { lo: bigint[]; hi: bigint[] } {
  const m = mergeRanges(ranges.filter((r) => r.family === family));
  return { lo: m.map((r) => r.lo), hi: m.map((r) => r.hi) };
}

function inSorted(s: { lo: bigint[]; hi: bigint[] }, v: bigint): boolean {
  let a = 0, b = s.lo.length - 1;
  while (a <= b) {
    const m = (a + b) >> 1;
    if (v < s.lo[m]) b = m - 1;
    else if (v > s.hi[m]) a = m + 1;
    else return true;
  }
  return false;
}

export function addrIn(side: 'src' | 'dst', ranges: Range[], text: string): Condition {
  const v4 = merged(ranges, 4), v6 = merged(ranges, 6);
  return { text, addr: { side, ranges }, test: (p) => inSorted(p.family === 4 ? v4 : v6, p[side]) };
}

/** `22`, `1024:65535` (iptables), `1024-65535` (nft), `:1023`; null when not ports. */
export function parsePortRange(s: string): PortRange | null {
  const m = /^(\d{0,5})(?:[:-](\d{0,5}))?$/.exec(s);
  if (!m || (m[1] === '' && m[2] === undefined)) return null;
  const lo = m[1] === '' ? 0 : Number(m[1]);
  const hi = m[2] === undefined ? lo : m[2] === '' ? 65535 : Number(m[2]);
  return lo <= hi && hi <= 65535 ? [lo, hi] : null;
}

export function portIn(side: 'sport' | 'dport', ranges: PortRange[], text: string): Condition {
  return {
    text,
    test(p: ReplayPacket): Tri {
      const v = p[side];
      if (v === null) return PORT_PROTOS.has(p.proto) ? unknown(`${text}: the evidence has no ${side === 'sport' ? 'source' : 'destination'} port`) : false;
      if (v !== 'eph') return ranges.some(([lo, hi]) => v >= lo && v <= hi);
      // Collapsed ephemeral source port: decided only when the ranges cover all of it or none of it.
      const lo = p.ephMin + 1;
      if (ranges.some(([a, b]) => a <= lo && b >= 65535)) return true;
      if (ranges.every(([a, b]) => b < lo)) return false;
      return unknown(`${text}: the source port was ephemeral (above ${p.ephMin}) and is not kept`);
    },
  };
}

/** iptables `eth+` and nft `"eth*"` are prefix wildcards. */
export function ifaceIs(side: 'iif' | 'oif', names: string[], text: string): Condition {
  const pats = names.map((n) => (/[+*]$/.test(n) ? { prefix: n.slice(0, -1) } : { exact: n }));
  return {
    text,
    test(p: ReplayPacket): Tri {
      const v = p[side];
      if (v === null) return unknown(`${text}: the evidence records no interfaces (only log lines do)`);
      return v !== '' && pats.some((x) => ('exact' in x ? v === x.exact : v.startsWith(x.prefix)));
    },
  };
}

/** The replayed packet opens its connection, so its conntrack state is NEW. */
export function ctStateIn(states: string[], text: string): Condition {
  const s = states.map((x) => x.toLowerCase());
  return { text, test: () => s.includes('new') };
}

/** `--syn` / `tcp flags syn`: the opening packet of a TCP flow is a SYN. */
export function tcpSyn(text: string): Condition {
  return { text, test: (p) => p.proto === 6 };
}

export function icmpTypeIn(types: Array<{ type: number; code: number | null }>, text: string): Condition {
  return {
    text,
    test(p: ReplayPacket): Tri {
      if (p.proto !== 1 && p.proto !== 58) return false;
      if (p.icmpType === null) return unknown(`${text}: the evidence has no ICMP type`);
      return types.some((t) => t.type === p.icmpType && (t.code === null || t.code === p.icmpCode));
    },
  };
}

/** ICMP type names as iptables and nft spell them (the common ones); family-specific numbers. */
const ICMP4: Record<string, [number, number | null]> = {
  'echo-reply': [0, null], 'pong': [0, null], 'destination-unreachable': [3, null], 'source-quench': [4, null], 'redirect': [5, null],
  'echo-request': [8, null], 'ping': [8, null], 'router-advertisement': [9, null], 'router-solicitation': [10, null],
  'time-exceeded': [11, null], 'ttl-exceeded': [11, null], 'parameter-problem': [12, null], 'timestamp-request': [13, null],
  'timestamp-reply': [14, null], 'fragmentation-needed': [3, 4], 'port-unreachable': [3, 3], 'host-unreachable': [3, 1],
  'network-unreachable': [3, 0], 'protocol-unreachable': [3, 2],
};
const ICMP6: Record<string, [number, number | null]> = {
  'destination-unreachable': [1, null], 'packet-too-big': [2, null], 'time-exceeded': [3, null], 'ttl-exceeded': [3, null],
  'parameter-problem': [4, null], 'echo-request': [128, null], 'ping': [128, null], 'echo-reply': [129, null], 'pong': [129, null],
  'mld-listener-query': [130, null], 'mld-listener-report': [131, null], 'mld-listener-done': [132, null],
  'mld-listener-reduction': [132, null], 'nd-router-solicit': [133, null], 'router-solicitation': [133, null],
  'nd-router-advert': [134, null], 'router-advertisement': [134, null], 'nd-neighbor-solicit': [135, null],
  'neighbour-solicitation': [135, null], 'neighbor-solicitation': [135, null], 'nd-neighbor-advert': [136, null],
  'neighbour-advertisement': [136, null], 'neighbor-advertisement': [136, null], 'nd-redirect': [137, null], 'redirect': [137, null],
  'mld2-listener-report': [143, null], 'port-unreachable': [1, 4],
};

/** `8`, `8/0`, `echo-request` → type and code; null when not understood. */
export function icmpType(text: string, family: 4 | 6): { type: number; code: number | null } | null {
  const m = /^(\d{1,3})(?:\/(\d{1,3}))?$/.exec(text);
  if (m) return { type: Number(m[1]), code: m[2] === undefined ? null : Number(m[2]) };
  const t = (family === 4 ? ICMP4 : ICMP6)[text.toLowerCase()];
  return t ? { type: t[0], code: t[1] } : null;
}

const MCAST4 = [0xe0000000n, 0xefffffffn], MCAST6 = [0xffn << 120n, (1n << 128n) - 1n];
const LOOP4 = [0x7f000000n, 0x7fffffffn];

/** One address type (iptables addrtype, nft fib … type) of the packet's source or destination, as far as it can be told. */
function addrType(type: string, side: 'src' | 'dst', p: ReplayPacket): Tri {
  const n = p[side];
  const mcast = p.family === 4 ? n >= MCAST4[0] && n <= MCAST4[1] : n >= MCAST6[0] && n <= MCAST6[1];
  const loop = p.family === 4 ? n >= LOOP4[0] && n <= LOOP4[1] : n === 1n;
  const bcast: Tri = p.family === 6 ? false : n === 0xffffffffn ? true : (n & 0xffn) === 0xffn ? unknown('a .255 address may be a subnet broadcast') : false;
  switch (type) {
    case 'multicast': return mcast;
    case 'broadcast': return bcast;
    case 'unicast': return mcast ? false : bcast === true ? false : bcast === false ? true : bcast;
    case 'local':
      // A packet on input is addressed to this host; on forward it is not; on output it comes from it.
      if (loop) return true;
      if (side === 'dst') return p.hook === 'input' ? true : p.hook === 'forward' ? false : unknown('whether the destination is this host');
      return p.hook === 'output' ? true : p.iif === 'lo' ? true : p.hook ? false : unknown('whether the source is this host');
    default: return unknown(`address type ${type} depends on the routing table`);
  }
}

/** `--dst-type LOCAL,MULTICAST`, `fib daddr type { local, broadcast }`: any of the types. */
export function addrTypeIn(side: 'src' | 'dst', types: string[], text: string): Condition {
  const ts = types.map((t) => t.toLowerCase());
  return {
    text,
    test(p: ReplayPacket): Tri {
      let pending: Tri | null = null;
      for (const t of ts) {
        const r = addrType(t, side, p);
        if (r === true) return true;
        if (r !== false && pending === null) pending = { unknown: `${text}: ${r.unknown}` };
      }
      return pending ?? false;
    },
  };
}
