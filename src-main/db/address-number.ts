// Address text → the decimal text of its number, for the *_num columns (IPv6 results cached: BigInt is costly).
import { ipv4ToNumber, ipv6ToBigInt } from '../parse/ip-text.ts';

const v6 = new Map<string, string>();

export function addrNumText(a: string | null): string | null {
  if (a === null) return null;
  if (a.indexOf(':') === -1) return '' + ipv4ToNumber(a);
  let n = v6.get(a);
  if (n === undefined) {
    n = ipv6ToBigInt(a).toString();
    if (v6.size > 100_000) v6.clear();
    v6.set(a, n);
  }
  return n;
}
