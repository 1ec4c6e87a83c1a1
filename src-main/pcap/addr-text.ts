// Address bytes to canonical text (dotted quad; RFC 5952 IPv6, same output as parse/ip-text.ts canonicalIPv6).

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
  let bestS = -1;
  let bestL = 1;
  let curS = -1;
  for (let i = 0; i < 8; i++) {
    const g = buf.readUInt16BE(p + 2 * i);
    groups[i] = g;
    if (g !== 0) {
      curS = -1;
      continue;
    }
    if (curS < 0) curS = i;
    if (i - curS + 1 > bestL) {
      bestL = i - curS + 1;
      bestS = curS;
    }
  }
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted tail (as canonicalIPv6 does).
  if (bestS === 0 && bestL === 5 && groups[5] === 0xffff) {
    return `::ffff:${buf[p + 12]}.${buf[p + 13]}.${buf[p + 14]}.${buf[p + 15]}`;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestS) {
      out += '::';
      i += bestL - 1;
      continue;
    }
    if (out.length > 0 && i !== bestS + bestL) out += ':';
    out += groups[i].toString(16);
  }
  return out;
}
