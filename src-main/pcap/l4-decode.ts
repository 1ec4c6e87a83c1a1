// Transport headers (TCP, UDP, ICMP, ICMPv6) into a DecodedPacket, including the packet quoted by ICMP errors.

import type { DecodedPacket } from './decoded-packet.ts';
import { ipv4Text, ipv6Text } from './addr-text.ts';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;
export const TCP_NS = 0x100;

const FLAG_NAMES: [number, string][] = [
  [TCP_FIN, 'FIN'], [TCP_SYN, 'SYN'], [TCP_RST, 'RST'], [TCP_PSH, 'PSH'], [TCP_ACK, 'ACK'],
  [TCP_URG, 'URG'], [TCP_ECE, 'ECE'], [TCP_CWR, 'CWR'], [TCP_NS, 'NS'],
];

/** Flag names in bit order, e.g. ['SYN', 'ACK'] — the names netfilter LOG lines use. */
export function tcpFlagNames(mask: number): string[] {
  const out: string[] = [];
  for (const [bit, name] of FLAG_NAMES) if (mask & bit) out.push(name);
  return out;
}

function isIcmpError(family: 4 | 6, type: number): boolean {
  return family === 4 ? type === 3 || type === 4 || type === 5 || type === 11 || type === 12 : type >= 1 && type <= 4;
}

/** The IP header + first 8 bytes that an ICMP error quotes; best effort, never a problem. */
function decodeQuoted(buf: Buffer, p: number, end: number, d: DecodedPacket): void {
  const q = d.inner;
  q.proto = -1;
  if (p >= end) return;
  const v = buf[p] >> 4;
  let l4: number;
  if (v === 4 && p + 20 <= end) {
    q.src = ipv4Text(buf, p + 12);
    q.dst = ipv4Text(buf, p + 16);
    q.proto = buf[p + 9];
    l4 = p + (buf[p] & 15) * 4;
    // Only a first fragment quotes ports.
    if ((buf.readUInt16BE(p + 6) & 0x1fff) !== 0) l4 = end;
  } else if (v === 6 && p + 40 <= end) {
    q.src = ipv6Text(buf, p + 8);
    q.dst = ipv6Text(buf, p + 24);
    q.proto = buf[p + 6];
    l4 = p + 40;
  } else return;
  q.sport = 0;
  q.dport = 0;
  if ((q.proto === 6 || q.proto === 17 || q.proto === 132) && l4 + 4 <= end) {
    q.sport = buf.readUInt16BE(l4);
    q.dport = buf.readUInt16BE(l4 + 2);
  }
}

/**
 * Decodes the L4 header at [p, end). `cut` says the bytes end early because of the snap length (so a short
 * header is truncation, not a malformed packet). Returns false with `d.problem` set.
 */
export function decodeL4(buf: Buffer, p: number, end: number, cut: boolean, d: DecodedPacket): boolean {
  const avail = end - p;
  d.l4Offset = p;
  d.payloadOffset = end;
  d.payloadLength = 0;
  const proto = d.proto;
  if (proto === 6) {
    if (avail < 20) {
      if (!cut) return fail(d, `TCP header needs 20 bytes, IP carries ${avail}`);
      d.truncated = true;
      if (avail >= 4) {
        d.sport = buf.readUInt16BE(p);
        d.dport = buf.readUInt16BE(p + 2);
      }
      if (avail >= 14) d.tcpFlags = buf[p + 13] | ((buf[p + 12] & 1) << 8);
      return true;
    }
    d.sport = buf.readUInt16BE(p);
    d.dport = buf.readUInt16BE(p + 2);
    d.tcpSeq = buf.readUInt32BE(p + 4);
    d.tcpAck = buf.readUInt32BE(p + 8);
    d.tcpFlags = buf[p + 13] | ((buf[p + 12] & 1) << 8);
    d.tcpWindow = buf.readUInt16BE(p + 14);
    const hlen = (buf[p + 12] >> 4) * 4;
    if (hlen < 20) return fail(d, `TCP data offset ${hlen} < 20`);
    if (hlen > avail) {
      if (!cut) return fail(d, `TCP header length ${hlen} exceeds ${avail} bytes`);
      d.truncated = true;
      return true;
    }
    d.payloadOffset = p + hlen;
    d.payloadLength = avail - hlen;
    return true;
  }
  if (proto === 17 || proto === 136) {
    if (avail < 8) {
      if (!cut) return fail(d, `UDP header needs 8 bytes, IP carries ${avail}`);
      d.truncated = true;
      if (avail >= 4) {
        d.sport = buf.readUInt16BE(p);
        d.dport = buf.readUInt16BE(p + 2);
      }
      return true;
    }
    d.sport = buf.readUInt16BE(p);
    d.dport = buf.readUInt16BE(p + 2);
    d.payloadOffset = p + 8;
    d.payloadLength = avail - 8;
    return true;
  }
  if (proto === 1 || proto === 58) {
    if (avail < 4) {
      if (!cut) return fail(d, `ICMP header needs 4 bytes, IP carries ${avail}`);
      d.truncated = true;
      if (avail >= 1) d.icmpType = buf[p];
      return true;
    }
    d.icmpType = buf[p];
    d.icmpCode = buf[p + 1];
    const echo = d.family === 4 ? d.icmpType === 8 || d.icmpType === 0 : d.icmpType === 128 || d.icmpType === 129;
    if (echo && avail >= 6) d.icmpId = buf.readUInt16BE(p + 4);
    if (isIcmpError(d.family, d.icmpType) && avail > 8) decodeQuoted(buf, p + 8, end, d);
    if (avail < 8) d.truncated ||= cut;
    d.payloadOffset = p + Math.min(8, avail);
    d.payloadLength = end - d.payloadOffset;
    return true;
  }
  // Other protocols (GRE, ESP, SCTP, …) have no ports we aggregate on; SCTP ports are still worth keeping.
  if (proto === 132 && avail >= 4) {
    d.sport = buf.readUInt16BE(p);
    d.dport = buf.readUInt16BE(p + 2);
  }
  return true;
}

function fail(d: DecodedPacket, reason: string): false {
  d.problem = reason;
  return false;
}
