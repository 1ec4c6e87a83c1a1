// Address bytes to canonical text (dotted quad; RFC 5952 IPv6 through parse/ip-text.ts's formatter).
import { formatIPv6Groups } from '../parse/ip-text.ts';

// Captures repeat the same hosts millions of times; caching their text removes most per-packet string building.
const V4_CACHE_MAX = 65536;
const v4Cache = new Map<number, string>();

export function ipv4Text(buf: Buffer, p: number): string {
  const v = buf.readInt32BE(p); // signed: stays a small integer (Smi) as a Map key
  let s = v4Cache.get(v);
  if (s === undefined) {
    s = `${buf[p]}.${buf[p + 1]}.${buf[p + 2]}.${buf[p + 3]}`;
    if (v4Cache.size >= V4_CACHE_MAX) v4Cache.clear();
    v4Cache.set(v, s);
  }
  return s;
}

const groups = new Uint16Array(8);

export function ipv6Text(buf: Buffer, p: number): string {
  for (let i = 0; i < 8; i++) groups[i] = buf.readUInt16BE(p + 2 * i);
  return formatIPv6Groups(groups);
}
