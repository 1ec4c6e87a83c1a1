// Link-layer headers: from a link type and frame bytes to the network protocol, its offset, VLAN tags and NFLOG prefix.

export const ETH_IPV4 = 0x0800;
export const ETH_IPV6 = 0x86dd;

/** Reused result object: decoding is synchronous, so one instance per caller avoids per-packet garbage. */
export interface LinkInfo {
  /** Ethertype of the network payload (0x0800 / 0x86dd for IP), or another ethertype for non-IP frames. */
  ethertype: number;
  /** Absolute offset of the network header in the buffer. */
  offset: number;
  vlans: number[];
  /** NFLOG log prefix (the firewall rule's --log-prefix / nft log prefix), or null. */
  prefix: string | null;
  problem: string | null;
}

export function newLinkInfo(): LinkInfo {
  return { ethertype: 0, offset: 0, vlans: [], prefix: null, problem: null };
}

const MAX_VLAN_TAGS = 8;

function isVlanTpid(t: number): boolean {
  return t === 0x8100 || t === 0x88a8 || t === 0x9100;
}

/** Follows 802.1Q/QinQ tags: `type` is the protocol field just read, `p` the byte after it. */
function afterTags(buf: Buffer, type: number, p: number, end: number, out: LinkInfo): boolean {
  while (isVlanTpid(type)) {
    if (p + 4 > end) return bad(out, 'truncated VLAN tag');
    if (out.vlans.length === MAX_VLAN_TAGS) return bad(out, 'too many VLAN tags');
    out.vlans.push(buf.readUInt16BE(p) & 0x0fff);
    type = buf.readUInt16BE(p + 2);
    p += 4;
  }
  out.ethertype = type;
  out.offset = p;
  return true;
}

function bad(out: LinkInfo, reason: string): false {
  out.problem = reason;
  return false;
}

/** Ethertype from the IP version nibble, for link types that carry bare IP. */
function rawIp(buf: Buffer, p: number, end: number, out: LinkInfo): boolean {
  if (p >= end) return bad(out, 'empty raw IP packet');
  const v = buf[p] >> 4;
  if (v === 4) out.ethertype = ETH_IPV4;
  else if (v === 6) out.ethertype = ETH_IPV6;
  else return bad(out, `raw IP packet with version ${v}`);
  out.offset = p;
  return true;
}

/** DLT_NULL/LOOP: the 4-byte address family was written in the capturing host's byte order (LOOP: network order). */
function nullLoop(buf: Buffer, p: number, end: number, out: LinkInfo): boolean {
  if (p + 4 > end) return bad(out, 'truncated loopback header');
  let af = buf.readUInt32LE(p);
  if (af > 0xffff) af = buf.readUInt32BE(p);
  if (af === 2) out.ethertype = ETH_IPV4;
  else if (af === 24 || af === 28 || af === 30) out.ethertype = ETH_IPV6;
  else return bad(out, `loopback address family ${af}`);
  out.offset = p + 4;
  return true;
}

const NFULA_PAYLOAD = 9;
const NFULA_PREFIX = 10;

/**
 * NFLOG: 4-byte header (family, version, resource id) then netlink-style TLVs. Lengths are in the capturing
 * host's byte order — little-endian on virtually every Linux box; a big-endian reading is tried when LE is absurd.
 */
function nflog(buf: Buffer, p: number, end: number, out: LinkInfo): boolean {
  if (p + 4 > end) return bad(out, 'truncated NFLOG header');
  const family = buf[p];
  p += 4;
  let found = false;
  while (p + 4 <= end) {
    let len = buf.readUInt16LE(p);
    let type = buf.readUInt16LE(p + 2);
    if (len < 4 || p + len > end) {
      const beLen = buf.readUInt16BE(p);
      if (beLen < 4 || p + beLen > end) return bad(out, `bad NFLOG TLV length ${len}`);
      len = beLen;
      type = buf.readUInt16BE(p + 2);
    }
    type &= 0x3fff; // strip NLA_F_NESTED / NLA_F_NET_BYTEORDER
    if (type === NFULA_PAYLOAD) {
      out.offset = p + 4;
      found = true;
    } else if (type === NFULA_PREFIX) {
      let e = p + len;
      const z = buf.indexOf(0, p + 4);
      if (z >= 0 && z < e) e = z;
      out.prefix = buf.toString('latin1', p + 4, Math.min(e, p + 4 + 256));
    }
    p += (len + 3) & ~3;
  }
  if (!found) return bad(out, 'NFLOG record without payload');
  if (family === 2) out.ethertype = ETH_IPV4;
  else if (family === 10) out.ethertype = ETH_IPV6;
  else return rawIp(buf, out.offset, end, out);
  return true;
}

/**
 * Fills `out` for the frame buf[start, end). Returns false with `out.problem` set when the frame can't be
 * read; a non-IP ethertype is not a problem (callers simply skip it).
 */
export function decodeLink(linktype: number, buf: Buffer, start: number, end: number, out: LinkInfo): boolean {
  out.vlans.length = 0;
  out.prefix = null;
  out.problem = null;
  out.ethertype = 0;
  switch (linktype) {
    case 1: // Ethernet
      if (start + 14 > end) return bad(out, 'truncated Ethernet header');
      return afterTags(buf, buf.readUInt16BE(start + 12), start + 14, end, out);
    case 113: // Linux cooked v1: protocol at 14
      if (start + 16 > end) return bad(out, 'truncated SLL header');
      return afterTags(buf, buf.readUInt16BE(start + 14), start + 16, end, out);
    case 276: // Linux cooked v2: protocol first, header is 20 bytes
      if (start + 20 > end) return bad(out, 'truncated SLL2 header');
      return afterTags(buf, buf.readUInt16BE(start), start + 20, end, out);
    case 101:
    case 12:
    case 14:
      return rawIp(buf, start, end, out);
    case 228:
      out.ethertype = ETH_IPV4;
      out.offset = start;
      return true;
    case 229:
      out.ethertype = ETH_IPV6;
      out.offset = start;
      return true;
    case 0:
    case 108:
      return nullLoop(buf, start, end, out);
    case 239:
      return nflog(buf, start, end, out);
    default:
      return bad(out, `unsupported link type ${linktype}`);
  }
}
