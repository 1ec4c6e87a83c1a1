// Names for destinations seen in a capture: DNS/mDNS answers, TLS ClientHello SNI, HTTP/1 Host headers.

import type { DecodedPacket } from './ip-decode.ts';
import { isIPv4 } from '../parse/ip-text.ts';
import { dnsNames, type NameObservation } from './dns-names.ts';

export type { NameObservation } from './dns-names.ts';

const HTTP_SCAN = 4096;

/** Hostnames as they may appear in SNI/Host: letters, digits, '-', '.', '_' (no spaces or controls). */
function hostnameAt(buf: Buffer, a: number, b: number): string | null {
  if (b <= a || b - a > 253) return null;
  for (let i = a; i < b; i++) {
    const c = buf[i] | 0x20;
    const ok = (c >= 0x61 && c <= 0x7a) || (buf[i] >= 0x30 && buf[i] <= 0x39) || buf[i] === 0x2d || buf[i] === 0x2e || buf[i] === 0x5f;
    if (!ok) return null;
  }
  return buf.toString('latin1', a, b).toLowerCase();
}

/** server_name from a TLS ClientHello in buf[p, end); every length is checked against the bytes present. */
export function tlsSni(buf: Buffer, p: number, end: number): string | null {
  if (end - p < 43 || buf[p] !== 0x16 || buf[p + 1] !== 0x03 || buf[p + 5] !== 0x01) return null;
  const recEnd = Math.min(end, p + 5 + buf.readUInt16BE(p + 3));
  const hsEnd = Math.min(recEnd, p + 9 + buf.readUIntBE(p + 6, 3));
  let q = p + 9 + 2 + 32; // client_version, random
  if (q + 1 > hsEnd) return null;
  q += 1 + buf[q]; // session_id
  if (q + 2 > hsEnd) return null;
  q += 2 + buf.readUInt16BE(q); // cipher_suites
  if (q + 1 > hsEnd) return null;
  q += 1 + buf[q]; // compression_methods
  if (q + 2 > hsEnd) return null;
  const extEnd = Math.min(hsEnd, q + 2 + buf.readUInt16BE(q));
  q += 2;
  while (q + 4 <= extEnd) {
    const type = buf.readUInt16BE(q);
    const len = buf.readUInt16BE(q + 2);
    q += 4;
    if (q + len > extEnd) return null;
    if (type === 0) {
      // server_name_list: list length, then (name_type, length, name) entries; host_name is type 0.
      let r = q + 2;
      const listEnd = Math.min(q + len, q + 2 + (len >= 2 ? buf.readUInt16BE(q) : 0));
      while (r + 3 <= listEnd) {
        const nt = buf[r];
        const nl = buf.readUInt16BE(r + 1);
        if (r + 3 + nl > listEnd) return null;
        if (nt === 0) return hostnameAt(buf, r + 3, r + 3 + nl);
        r += 3 + nl;
      }
      return null;
    }
    q += len;
  }
  return null;
}

const METHODS = ['GET ', 'POST ', 'HEAD ', 'PUT ', 'DELETE ', 'OPTIONS ', 'PATCH ', 'CONNECT ', 'TRACE '].map((m) =>
  Buffer.from(m, 'latin1'),
);
const HOST = Buffer.from('\r\nhost:', 'latin1');

function startsWith(buf: Buffer, p: number, end: number, m: Buffer): boolean {
  if (end - p < m.length) return false;
  for (let i = 0; i < m.length; i++) if (buf[p + i] !== m[i]) return false;
  return true;
}

/** Host header of an HTTP/1 request starting at buf[p]; the port and IPv6 brackets are dropped. */
export function httpHost(buf: Buffer, p: number, end: number): string | null {
  if (end - p < 16) return null;
  const c = buf[p];
  if (c < 0x41 || c > 0x54) return null; // cheap reject: methods start with A..T
  if (!METHODS.some((m) => startsWith(buf, p, end, m))) return null;
  const lim = Math.min(end, p + HTTP_SCAN);
  for (let i = p; i + HOST.length <= lim; i++) {
    if (buf[i] !== 0x0d) continue;
    let hit = true;
    for (let k = 1; k < HOST.length && hit; k++) hit = (buf[i + k] | (k >= 2 ? 0x20 : 0)) === HOST[k];
    if (!hit) continue;
    let a = i + HOST.length;
    while (a < lim && (buf[a] === 0x20 || buf[a] === 0x09)) a++;
    let b = a;
    while (b < lim && buf[b] !== 0x0d && buf[b] !== 0x0a) b++;
    while (b > a && (buf[b - 1] === 0x20 || buf[b - 1] === 0x09)) b--;
    if (buf[a] === 0x5b) return null; // [IPv6 literal]: an address, not a name
    const colon = buf.indexOf(0x3a, a);
    if (colon >= 0 && colon < b) b = colon;
    const host = hostnameAt(buf, a, b);
    return host !== null && !isIPv4(host) ? host : null; // an address literal names nothing
  }
  return null;
}

function isDnsPort(port: number): boolean {
  return port === 53 || port === 5353;
}

/** Emits every name the packet reveals; returns how many. */
export function extractNames(buf: Buffer, d: DecodedPacket, tsMicros: number, emit: (o: NameObservation) => void): number {
  const p = d.payloadOffset;
  const len = d.payloadLength;
  if (len <= 0 || (d.isFragment && d.fragOffset > 0)) return 0;
  const end = p + len;
  if (d.proto === 17 && (isDnsPort(d.sport) || isDnsPort(d.dport))) return dnsNames(buf, p, end, tsMicros, emit);
  if (d.proto !== 6) return 0;
  if (isDnsPort(d.sport)) {
    // DNS over TCP: 2-byte length prefix; only messages whole in one segment are read (no reassembly).
    if (len < 14 || buf.readUInt16BE(p) > len - 2) return 0;
    return dnsNames(buf, p + 2, p + 2 + buf.readUInt16BE(p), tsMicros, emit);
  }
  const b0 = buf[p];
  if (b0 === 0x16) {
    const sni = tlsSni(buf, p, end);
    if (sni === null) return 0;
    emit({ address: d.dst, name: sni, how: 'tls-sni', tsMicros });
    return 1;
  }
  const host = httpHost(buf, p, end);
  if (host === null) return 0;
  emit({ address: d.dst, name: host, how: 'http-host', tsMicros });
  return 1;
}
