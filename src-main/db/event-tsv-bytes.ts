// An event row written as TSV bytes straight into the spool's buffer: the same text writeEventTsv
// makes (event-writer.ts stays the reference), without the ~30 cell strings, the join and the UTF-8
// pass. Rows it cannot write as plain ASCII (non-ASCII or control characters, the NULL marker, very
// long fields) return -1 and take the string path.
import type { EventRecord } from '../shared/model.ts';
import { ipv4ToNumber } from '../parse/ip-text.ts';
import { addrNumText } from './address-number.ts';
import { TSV_ORDER, detailText } from './event-writer.ts';
import { int, nul, put, startRow, text } from './tsv-cells.ts';

const ORDER = [
  'source_id', 'line_no', 'byte_off', 'ts', 'ts_text', 'uptime', 'host', 'prefix', 'action', 'in_if', 'out_if',
  'src', 'dst', 'src_num', 'dst_num', 'len', 'ttl', 'ip_id', 'proto_num', 'sport', 'dport', 'l4_len', 'win',
  'icmp_type', 'icmp_code', 'mac', 'tosprec', 'ipflags', 'tcp_flags', 'detail',
];
/** False when events_store's columns changed and this writer was not updated (the tests check it). */
export const ORDER_OK = TSV_ORDER.join() === ORDER.join();
/** Rows go the string way when the order is off, or with FWLENS_FAST_PARSE=0 (every fast path off, to compare). */
export const BYTE_ROWS = ORDER_OK && process.env.FWLENS_FAST_PARSE !== '0';

export { ROW_ROOM } from './tsv-cells.ts';

const NL = 10, TAB = 9;

function addrNum(b: Buffer, p: number, a: string | null): number {
  if (a === null) return nul(b, p);
  return a.indexOf(':') === -1 ? int(b, p, ipv4ToNumber(a)) : text(b, p, addrNumText(a));
}

/**
 * Writes the row of `r` at `p` (ROW_ROOM bytes must be free) and returns its end, or -1 when the row
 * must take the string path (nothing of it counts then: the caller writes from `p` again).
 */
export function writeEventRow(b: Buffer, p: number, r: EventRecord, sourceId: number, lineNo: number, byteOff: number): number {
  if (!BYTE_ROWS) return -1;
  startRow(p);
  p = int(b, p, sourceId);
  p = int(b, p, lineNo); if (p < 0) return -1;
  p = int(b, p, byteOff); if (p < 0) return -1;
  p = int(b, p, r.ts); if (p < 0) return -1; // a far-future µs stamp is past 2^53: the string path
  p = text(b, p, r.ts_text); if (p < 0) return -1;
  p = int(b, p, r.uptime === null ? null : Math.round(r.uptime * 1e6)); if (p < 0) return -1;
  p = text(b, p, r.host); if (p < 0) return -1;
  p = text(b, p, r.prefix); if (p < 0) return -1;
  p = text(b, p, r.action); if (p < 0) return -1;
  p = text(b, p, r.in_if); if (p < 0) return -1;
  p = text(b, p, r.out_if); if (p < 0) return -1;
  p = text(b, p, r.src); if (p < 0) return -1;
  p = text(b, p, r.dst); if (p < 0) return -1;
  p = addrNum(b, p, r.src); if (p < 0) return -1;
  p = addrNum(b, p, r.dst); if (p < 0) return -1;
  p = int(b, p, r.len); if (p < 0) return -1;
  p = int(b, p, r.ttl); if (p < 0) return -1;
  p = int(b, p, r.ip_id); if (p < 0) return -1;
  p = int(b, p, r.proto_num); if (p < 0) return -1;
  p = int(b, p, r.sport); if (p < 0) return -1;
  p = int(b, p, r.dport); if (p < 0) return -1;
  p = int(b, p, r.l4_len); if (p < 0) return -1;
  p = int(b, p, r.win); if (p < 0) return -1;
  p = int(b, p, r.icmp_type); if (p < 0) return -1;
  p = int(b, p, r.icmp_code); if (p < 0) return -1;
  p = mac(b, p, r); if (p < 0) return -1;
  const tosprec = r.family === 6 ? r.tc : r.tos === null && r.prec === null ? null : (r.tos ?? 0) | ((r.prec ?? 0) << 8);
  p = int(b, p, tosprec); if (p < 0) return -1;
  p = int(b, p, r.family !== 4 ? null : (r.mf ? 1 : 0) | (r.df ? 2 : 0) | (r.ce ? 4 : 0)); if (p < 0) return -1;
  p = flags(b, p, r.flags); if (p < 0) return -1;
  p = text(b, p, detailText(r)); if (p < 0) return -1;
  b[p - 1] = NL; // the last cell's tab becomes the row's newline
  return p;
}

/** MAC= as the writer puts it back together: dst:src[:type]. */
function mac(b: Buffer, p: number, r: EventRecord): number {
  if (r.mac_dst === null) return nul(b, p);
  if (r.mac_src === null || r.ethertype === null) return -1; // rare shapes: the string path words them
  p = put(b, p, r.mac_dst); if (p < 0) return -1;
  b[p++] = 58;
  p = put(b, p, r.mac_src); if (p < 0) return -1;
  b[p++] = 58;
  p = put(b, p, r.ethertype); if (p < 0) return -1;
  b[p] = TAB;
  return p + 1;
}

function flags(b: Buffer, p: number, f: string[] | null): number {
  if (f === null) return nul(b, p);
  for (let k = 0; k < f.length; k++) {
    if (k > 0) b[p++] = 32;
    p = put(b, p, f[k]);
    if (p < 0) return -1;
  }
  if (f.length === 1 && f[0] === '\\N') return -1;
  b[p] = TAB;
  return p + 1;
}
