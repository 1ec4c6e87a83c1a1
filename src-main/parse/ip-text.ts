// IP address text: strict validation, RFC 5952 canonical IPv6 text, and numeric forms for range queries.

const COLON = 58;
const DOT = 46;

/** Hex digit value of a char code, or -1. */
function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32; // ASCII lower-case folding
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/**
 * Dotted-quad value of s[a, b) as an unsigned 32-bit number, or -1.
 * Leading zeros are refused: some tools read them as octal, so such text is ambiguous evidence.
 */
export function parseIPv4At(s: string, a: number, b: number): number {
  let v = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === DOT) {
      if (digits === 0 || parts === 3) return -1;
      v = v * 256 + octet;
      parts++;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
      digits++;
    } else return -1;
  }
  if (digits === 0 || parts !== 3) return -1;
  return v * 256 + octet;
}

// Shared scratch: parsing is synchronous, so one buffer serves every call without allocating.
const groups = new Uint16Array(8);

/** Parses IPv6 text s[a, b) into `groups`; false when it is not a valid address. */
function parseIPv6At(s: string, a: number, b: number): boolean {
  if (b - a < 2) return false;
  let n = 0;
  let gap = -1;
  let i = a;
  if (s.charCodeAt(i) === COLON) {
    if (s.charCodeAt(i + 1) !== COLON) return false;
    gap = 0;
    i += 2;
  }
  while (i < b) {
    let v = 0;
    let d = 0;
    let j = i;
    for (; j < b; j++) {
      const h = hexVal(s.charCodeAt(j));
      if (h < 0) break;
      if (++d > 4) return false;
      v = v * 16 + h;
    }
    if (j < b && s.charCodeAt(j) === DOT) {
      // Embedded IPv4 tail (::ffff:1.2.3.4) fills the last two groups.
      if (n > 6) return false;
      const v4 = parseIPv4At(s, i, b);
      if (v4 < 0) return false;
      groups[n++] = v4 >>> 16;
      groups[n++] = v4 & 0xffff;
      break;
    }
    if (d === 0 || n === 8) return false;
    groups[n++] = v;
    if (j === b) break;
    if (s.charCodeAt(j) !== COLON) return false;
    i = j + 1;
    if (i < b && s.charCodeAt(i) === COLON) {
      if (gap >= 0) return false;
      gap = n;
      i++;
    } else if (i === b) return false;
  }
  if (gap < 0) return n === 8;
  if (n === 8) return false;
  const move = n - gap;
  for (let k = 1; k <= move; k++) groups[8 - k] = groups[n - k];
  for (let k = gap; k < 8 - move; k++) groups[k] = 0;
  return true;
}

/**
 * RFC 5952 text of eight 16-bit groups: lower case, no leading zeros, the longest (first) zero run of
 * ≥ 2 as `::`. Shared with the capture decoder, which fills the groups from packet bytes.
 */
export function formatIPv6Groups(groups: Uint16Array): string {
  let bestS = -1;
  let bestL = 1;
  let curS = -1;
  for (let i = 0; i < 8; i++) {
    if (groups[i] !== 0) {
      curS = -1;
      continue;
    }
    if (curS < 0) curS = i;
    if (i - curS + 1 > bestL) {
      bestL = i - curS + 1;
      bestS = curS;
    }
  }
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted tail.
  if (bestS === 0 && bestL === 5 && groups[5] === 0xffff) {
    return `::ffff:${groups[6] >>> 8}.${groups[6] & 255}.${groups[7] >>> 8}.${groups[7] & 255}`;
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

/** Canonical (RFC 5952) text of the IPv6 address in s[a, b), or null when it is not one. */
export function canonicalIPv6At(s: string, a: number, b: number): string | null {
  return parseIPv6At(s, a, b) ? formatIPv6Groups(groups) : null;
}

export function canonicalIPv6(text: string): string | null {
  return canonicalIPv6At(text, 0, text.length);
}

export function isIPv4(text: string): boolean {
  return parseIPv4At(text, 0, text.length) >= 0;
}

export function isIPv6(text: string): boolean {
  return parseIPv6At(text, 0, text.length);
}

/** Unsigned 32-bit value of dotted-quad text; throws on invalid text so bad data never becomes 0. */
export function ipv4ToNumber(text: string): number {
  const v = parseIPv4At(text, 0, text.length);
  if (v < 0) throw new RangeError(`not an IPv4 address: ${text}`);
  return v;
}

/** Unsigned 128-bit value of IPv6 text (any valid form); throws on invalid text. */
export function ipv6ToBigInt(text: string): bigint {
  if (!parseIPv6At(text, 0, text.length)) throw new RangeError(`not an IPv6 address: ${text}`);
  // 32-bit halves are exact in doubles, so BigInt work is a few shifts.
  const h = (BigInt(groups[0] * 0x10000 + groups[1]) << 32n) | BigInt(groups[2] * 0x10000 + groups[3]);
  const l = (BigInt(groups[4] * 0x10000 + groups[5]) << 32n) | BigInt(groups[6] * 0x10000 + groups[7]);
  return (h << 64n) | l;
}
