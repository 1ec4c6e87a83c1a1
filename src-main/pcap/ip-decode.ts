// IPv4/IPv6 headers (options, extension headers, fragments) into a reusable DecodedPacket; L4 in l4-decode.ts.

import { ipv4Text, ipv6Text } from './addr-text.ts';
import { decodeL4 } from './l4-decode.ts';
import { ETH_IPV4, ETH_IPV6 } from './link-layer.ts';
import type { DecodedPacket } from './decoded-packet.ts';

export { tcpFlagNames } from './l4-decode.ts';

export type { DecodedPacket, QuotedPacket } from './decoded-packet.ts';
export { newDecodedPacket } from './decoded-packet.ts';

const FRAG_MEMORY = 8192;
const MAX_EXT_HEADERS = 16;

/** Stateful decoder: remembers first fragments so later fragments can be attributed to their flow. */
export class IpDecoder {
  private frags = new Map<string, number>(); // key → sport << 16 | dport

  /** Decodes the IP packet at buf[p, end); `cut` = the capture's snap length shortened it. */
  decode(ethertype: number, buf: Buffer, p: number, end: number, cut: boolean, d: DecodedPacket): boolean {
    d.sport = 0; d.dport = 0; d.tcpFlags = 0; d.tcpSeq = 0; d.tcpAck = 0; d.tcpWindow = 0;
    d.icmpType = -1; d.icmpCode = -1; d.icmpId = -1; d.inner.proto = -1;
    d.isFragment = false; d.fragOffset = 0; d.moreFragments = false; d.fragId = 0; d.fragPortsFromFirst = false;
    d.truncated = false; d.problem = null; d.payloadLength = 0;
    if (ethertype === ETH_IPV4) return this.v4(buf, p, end, cut, d);
    if (ethertype === ETH_IPV6) return this.v6(buf, p, end, cut, d);
    d.problem = `not IP (ethertype 0x${ethertype.toString(16).padStart(4, '0')})`;
    return false;
  }

  private v4(buf: Buffer, p: number, end: number, cut: boolean, d: DecodedPacket): boolean {
    const avail = end - p;
    if (avail < 20) return fail(d, `truncated IPv4 header (${avail} bytes)`);
    const vihl = buf[p];
    if (vihl >> 4 !== 4) return fail(d, `IPv4 header with version ${vihl >> 4}`);
    const hlen = (vihl & 15) * 4;
    if (hlen < 20) return fail(d, `IPv4 header length ${hlen} < 20`);
    const total = buf.readUInt16BE(p + 2);
    if (total < hlen) return fail(d, `IPv4 total length ${total} < header length ${hlen}`);
    d.family = 4;
    d.ipLen = total;
    d.ttl = buf[p + 8];
    d.proto = buf[p + 9];
    d.src = ipv4Text(buf, p + 12);
    d.dst = ipv4Text(buf, p + 16);
    d.srcHash = buf.readInt32BE(p + 12);
    d.dstHash = buf.readInt32BE(p + 16);
    let ipEnd = p + total; // shorter than the frame when Ethernet padding follows
    if (ipEnd > end) {
      if (!cut) return fail(d, `IPv4 total length ${total} exceeds ${avail} captured bytes`);
      d.truncated = true;
      ipEnd = end;
    }
    const ff = buf.readUInt16BE(p + 6);
    d.fragOffset = (ff & 0x1fff) * 8;
    d.moreFragments = (ff & 0x2000) !== 0;
    if (d.fragOffset !== 0 || d.moreFragments) {
      d.isFragment = true;
      d.fragId = buf.readUInt16BE(p + 4);
    }
    if (hlen > ipEnd - p) {
      if (!cut) return fail(d, `IPv4 header length ${hlen} exceeds total length`);
      d.truncated = true;
      return true;
    }
    return this.transport(buf, p + hlen, ipEnd, cut && ipEnd === end, d);
  }

  private v6(buf: Buffer, p: number, end: number, cut: boolean, d: DecodedPacket): boolean {
    const avail = end - p;
    if (avail < 40) return fail(d, `truncated IPv6 header (${avail} bytes)`);
    if (buf[p] >> 4 !== 6) return fail(d, `IPv6 header with version ${buf[p] >> 4}`);
    const plen = buf.readUInt16BE(p + 4);
    d.family = 6;
    d.ttl = buf[p + 7];
    d.src = ipv6Text(buf, p + 8);
    d.dst = ipv6Text(buf, p + 24);
    d.srcHash = hash16(buf, p + 8);
    d.dstHash = hash16(buf, p + 24);
    let nh = buf[p + 6];
    // Payload length 0 with a hop-by-hop header is a jumbogram: the frame is the only bound.
    let ipEnd = plen === 0 && nh === 0 ? end : p + 40 + plen;
    d.ipLen = ipEnd - p;
    if (ipEnd > end) {
      if (!cut) return fail(d, `IPv6 payload length ${plen} exceeds ${avail - 40} captured bytes`);
      d.truncated = true;
      ipEnd = end;
    }
    let q = p + 40;
    for (let n = 0; n < MAX_EXT_HEADERS; n++) {
      if (nh !== 0 && nh !== 43 && nh !== 60 && nh !== 51 && nh !== 44) break;
      if (q + 8 > ipEnd) {
        d.proto = nh;
        if (!cut) return fail(d, `IPv6 extension header ${nh} cut short`);
        d.truncated = true;
        return true;
      }
      const next = buf[q];
      if (nh === 44) {
        const fo = buf.readUInt16BE(q + 2);
        d.isFragment = true;
        d.fragOffset = fo & 0xfff8;
        d.moreFragments = (fo & 1) !== 0;
        d.fragId = buf.readUInt32BE(q + 4);
        q += 8;
      } else {
        const len = nh === 51 ? (buf[q + 1] + 2) * 4 : (buf[q + 1] + 1) * 8;
        if (q + len > ipEnd) {
          d.proto = nh;
          if (!cut) return fail(d, `IPv6 extension header ${nh} length ${len} exceeds packet`);
          d.truncated = true;
          return true;
        }
        q += len;
      }
      nh = next;
    }
    d.proto = nh;
    return this.transport(buf, q, ipEnd, cut && ipEnd === end, d);
  }

  private transport(buf: Buffer, p: number, end: number, cut: boolean, d: DecodedPacket): boolean {
    if (d.fragOffset > 0) {
      // Non-first fragment: no L4 header here; borrow the ports of its first fragment if we saw it.
      d.l4Offset = p;
      d.payloadOffset = p;
      d.payloadLength = end - p;
      const key = this.fragKey(d);
      const ports = this.frags.get(key);
      if (ports !== undefined) {
        d.sport = ports >>> 16;
        d.dport = ports & 0xffff;
        // Not forgotten at the last fragment: captures hold retransmitted duplicates; the FIFO cap bounds memory.
        d.fragPortsFromFirst = true;
      }
      return true;
    }
    const ok = decodeL4(buf, p, end, cut, d);
    if (ok && d.isFragment && d.moreFragments) {
      if (this.frags.size >= FRAG_MEMORY) this.frags.delete(this.frags.keys().next().value!);
      this.frags.set(this.fragKey(d), d.sport * 65536 + d.dport);
    }
    return ok;
  }

  private fragKey(d: DecodedPacket): string {
    return `${d.src}|${d.dst}|${d.fragId}|${d.proto}`;
  }
}

function hash16(buf: Buffer, p: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < 16; i += 4) h = Math.imul(h ^ buf.readInt32BE(p + i), 0x01000193);
  return h ^ (h >>> 15);
}

function fail(d: DecodedPacket, reason: string): false {
  d.problem = reason;
  return false;
}
