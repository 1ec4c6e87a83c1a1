// Owns the ARP part of a netfilter log line (nft arp/bridge family): `ARP HTYPE=1 PTYPE=0x0800 OPCODE=1 MACSRC=… IPSRC=… MACDST=… IPDST=…`.
import type { EventRecord } from '../shared/model.ts';
import { parseIPv4At } from './ip-text.ts';

/*
 * The kernel (nf_log_syslog.c, dump_arp_packet) prints the header, then the Ethernet/IPv4 payload
 * only when HTYPE=1, a 6-byte hardware and a 4-byte protocol address; ` INCOMPLETE [n bytes]` when
 * the payload was cut in the skb. Without IPv4 addresses there is no src/dst to store: a reject.
 */
const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;

/** Reads the ARP fields from b[i] (the `ARP` token) into rec; null on success, or why not. */
export function parseArp(b: string, i: number, rec: EventRecord): string | null {
  const f = new Map<string, string>();
  let bare = '';
  for (const t of b.slice(i + 3).split(' ')) {
    if (t === '') continue;
    const eq = t.indexOf('=');
    if (eq > 0 && !f.has(t.slice(0, eq))) f.set(t.slice(0, eq), t.slice(eq + 1));
    else bare = bare === '' ? t : `${bare} ${t}`;
  }
  const htype = f.get('HTYPE'), ptype = f.get('PTYPE'), op = f.get('OPCODE');
  if (htype === undefined || ptype === undefined || op === undefined) {
    // The header is printed whole before the payload: missing with nothing after it, the line was cut.
    return f.has('MACSRC') || f.has('IPSRC') || f.has('IPDST') ? 'ARP line without HTYPE=, PTYPE= or OPCODE=' : 'truncated line: ARP header incomplete';
  }
  rec.arp_htype = num(htype);
  rec.arp_ptype = ptype;
  rec.arp_op = num(op);
  if (rec.arp_htype === null || rec.arp_op === null) return `ARP HTYPE= or OPCODE= is not a number: ${htype} ${op}`;
  const src = f.get('IPSRC'), dst = f.get('IPDST');
  if (src === undefined || dst === undefined) {
    if (bare.startsWith('INCOMPLETE')) return 'ARP payload not logged (INCOMPLETE): no IPSRC=/IPDST= to store';
    if (rec.arp_htype !== 1 || ptype !== '0x0800') return `ARP for HTYPE=${htype} PTYPE=${ptype}: no IPv4 addresses to store`;
    return 'truncated line: no IPSRC=/IPDST= after the ARP header';
  }
  if (parseIPv4At(src, 0, src.length) < 0) return `IPSRC= is not an IPv4 address: ${src}`;
  if (parseIPv4At(dst, 0, dst.length) < 0) return `${cutAt(b, dst)}IPDST= is not an IPv4 address: ${dst}`;
  const sha = f.get('MACSRC'), tha = f.get('MACDST');
  if (sha !== undefined && !MAC.test(sha)) return `ARP MACSRC= is not a MAC address: ${sha}`;
  if (tha !== undefined && !MAC.test(tha)) return `ARP MACDST= is not a MAC address: ${tha}`;
  rec.arp_mac_src = sha ?? null;
  rec.arp_mac_dst = tha ?? null;
  rec.src = src;
  rec.dst = dst;
  rec.family = 4;
  for (const k of f.keys()) {
    if (!KNOWN.has(k)) bare = bare === '' ? `${k}=${f.get(k)}` : `${bare} ${k}=${f.get(k)}`;
  }
  if (bare !== '') rec.extra = rec.extra === null ? bare : `${rec.extra} ${bare}`;
  return null;
}

const KNOWN = new Set(['HTYPE', 'PTYPE', 'OPCODE', 'MACSRC', 'IPSRC', 'MACDST', 'IPDST']);

const num = (t: string): number | null => (/^\d{1,5}$/.test(t) && Number(t) <= 65535 ? Number(t) : null);

/** IPDST= is printed last: a bad value that ends the line was cut there. */
const cutAt = (b: string, v: string): string => (b.trimEnd().endsWith(`IPDST=${v}`) ? 'truncated line: ' : '');
