// DNS responses (DNS and mDNS) into address → name observations, following CNAME chains.

import dnsPacket from 'dns-packet';
import { canonicalIPv6 } from '../parse/ip-text.ts';

export interface NameObservation {
  address: string;
  name: string;
  how: 'dns' | 'dns-cname' | 'tls-sni' | 'http-host';
  tsMicros: number;
}

const MAX_NAMES_PER_PACKET = 64;
const MAX_CHAIN = 16;
const MAX_NAME = 253;

function norm(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n.slice(0, -1) : n;
}

/**
 * Decodes a DNS message in buf[p, end). For every A/AAAA address: the queried name (`dns`), and each alias on
 * the CNAME chain leading to it (`dns-cname`). Hostile input only ever yields fewer observations.
 */
export function dnsNames(buf: Buffer, p: number, end: number, tsMicros: number, emit: (o: NameObservation) => void): number {
  if (end - p < 12 || (buf[p + 2] & 0x80) === 0) return 0; // not a response
  let msg: dnsPacket.DecodedPacket;
  try {
    msg = dnsPacket.decode(buf.subarray(p, end));
  } catch {
    return 0; // malformed or cut: the header bit said response, but the body is not evidence
  }
  const answers = msg.answers ?? [];
  const cname = new Map<string, string>();
  const addrs: { owner: string; address: string }[] = [];
  for (const a of answers) {
    if (typeof a.name !== 'string') continue;
    if (a.type === 'CNAME' && typeof a.data === 'string') cname.set(norm(a.name), norm(a.data));
    else if ((a.type === 'A' || a.type === 'AAAA') && typeof a.data === 'string') {
      const address = a.type === 'A' ? a.data : canonicalIPv6(a.data);
      if (address) addrs.push({ owner: norm(a.name), address });
    }
  }
  // owner name → the queried name and aliases that lead to it
  const chains = new Map<string, string[]>();
  const starts = (msg.questions ?? []).map((q) => norm(q.name));
  for (const start of starts) {
    const chain = [start];
    let cur = start;
    while (cname.has(cur) && chain.length < MAX_CHAIN) {
      cur = cname.get(cur)!;
      if (chain.includes(cur)) break; // a CNAME loop is hostile or broken; stop
      chain.push(cur);
    }
    if (!chains.has(cur)) chains.set(cur, chain);
  }
  let n = 0;
  const out = (address: string, name: string, how: NameObservation['how']): void => {
    if (n >= MAX_NAMES_PER_PACKET || name.length === 0 || name.length > MAX_NAME) return;
    n++;
    emit({ address, name, how, tsMicros });
  };
  for (const { owner, address } of addrs) {
    const chain = chains.get(owner);
    if (chain === undefined) {
      // mDNS announcements and unsolicited records carry no question: the owner name is the name.
      out(address, owner, 'dns');
      continue;
    }
    out(address, chain[0], 'dns');
    for (let i = 1; i < chain.length; i++) out(address, chain[i], 'dns-cname');
  }
  return n;
}
