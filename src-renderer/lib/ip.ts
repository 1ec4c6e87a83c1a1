// Address and CIDR text for the filter bar: strict IPv4/IPv6 parsing to BigInt and CIDR lo/hi bounds.

export interface IpValue { family: 4 | 6; value: bigint }
export interface CidrRange { family: 4 | 6; lo: bigint; hi: bigint; prefix: number }

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** IPv4 dotted quad (no leading zeros) as a BigInt, or null. */
export function parseIPv4(text: string): bigint | null {
  if (!V4.test(text)) return null;
  return text.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
}

/** IPv6 text (with :: and an optional dotted IPv4 tail) as a BigInt, or null. */
export function parseIPv6(text: string): bigint | null {
  if (text.length < 2 || text.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  let body = text;
  if (body.includes('.')) {
    // A dotted IPv4 tail (::ffff:192.0.2.1) stands for the last two groups.
    const lastColon = body.lastIndexOf(':');
    const v4 = parseIPv4(body.slice(lastColon + 1));
    if (v4 === null) return null;
    body = body.slice(0, lastColon + 1) + (v4 >> 16n).toString(16) + ':' + (v4 & 0xffffn).toString(16);
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (s: string): bigint[] | null => {
    if (s === '') return [];
    const out: bigint[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
      out.push(BigInt('0x' + g));
    }
    return out;
  };
  const head = parseGroups(halves[0]);
  const rest = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === null || rest === null) return null;
  let groups: bigint[];
  const want = 8;
  if (halves.length === 2) {
    const fill = want - head.length - rest.length;
    if (fill < 1) return null;
    groups = [...head, ...new Array<bigint>(fill).fill(0n), ...rest];
  } else {
    groups = head;
    if (groups.length !== want) return null;
  }
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Either family, or null when the text is not an address. */
export function parseIp(text: string): IpValue | null {
  const t = text.trim();
  const v4 = parseIPv4(t);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = t.includes(':') ? parseIPv6(t) : null;
  return v6 === null ? null : { family: 6, value: v6 };
}

/** `addr/len` (or a bare address = a host route) as its numeric bounds, or null. */
export function parseCidr(text: string): CidrRange | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  const ip = parseIp(slash < 0 ? t : t.slice(0, slash));
  if (ip === null) return null;
  const bits = ip.family === 4 ? 32 : 128;
  let prefix = bits;
  if (slash >= 0) {
    const p = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return null;
    prefix = Number(p);
    if (prefix > bits) return null;
  }
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const lo = ip.value & ~hostMask & ((1n << BigInt(bits)) - 1n);
  return { family: ip.family, lo, hi: lo | hostMask, prefix };
}
