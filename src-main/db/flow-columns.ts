// Columns of `conntrack`, `pcap_flows` and `names`, the tables of flow-shaped evidence; one list per
// table drives its schema, its bulk writer and the README.
import { makeInsertSql, makeTsvWriter, tsRead, type TsvColumn } from './tsv-table.ts';
import { makeTsvRowWriter } from './tsv-row-bytes.ts';
import type { FlowRecord } from '../pcap/flow-table.ts';

/** What every row carries back to its evidence; `c` is the writer context. */
export interface RowContext {
  sourceId: number;
  lineNo: number;
  byteOff: number;
  /** conntrack: time to use when the record has none (the dump's time). */
  dumpTs: number;
  /** conntrack: what ts_source says when ts is dumpTs (default `dump`). */
  noTime?: 'dump' | 'file';
}

const prov: TsvColumn[] = [
  { name: 'source_id', sql: 'INTEGER', doc: 'the `sources` row', get: 'c.sourceId' },
  { name: 'line_no', sql: 'BIGINT', doc: 'line (text formats), or flow number in the capture', get: 'c.lineNo' },
  { name: 'byte_off', sql: 'BIGINT', doc: 'byte offset of the line (text formats) or of the flow\'s first packet', get: 'c.byteOff' },
];
const addrNum = (name: string): TsvColumn => ({
  name: `${name}_num`, sql: 'UHUGEINT', doc: `${name} as a number (IPv4 32-bit, IPv6 128-bit)`, get: `c.num(r.${name})`,
});

export const CONNTRACK_COLUMNS: TsvColumn[] = [
  ...prov,
  { name: 'event', sql: 'VARCHAR', doc: 'NEW, UPDATE or DESTROY for `conntrack -E`; NULL in table dumps' },
  { name: 'ts', sql: 'TIMESTAMP', doc: 'event time, or the dump time when the format has none (see `ts_source`)', get: 'r.ts ?? c.dumpTs', read: tsRead('ts') },
  {
    name: 'ts_source', sql: 'VARCHAR', get: "r.ts === null ? (c.noTime ?? 'dump') : (r.ts_source ?? 'entry')",
    doc: '`entry` when the line carried its time, `envelope` when it came from the line\'s syslog envelope, `dump` when ts is the dump time, ' +
      '`file` when an event stream carried no time and ts is the file\'s time',
  },
  { name: 'ts_text', sql: 'VARCHAR', doc: 'the time as written' },
  { name: 'family', sql: 'TINYINT', doc: '4 or 6' },
  { name: 'proto', sql: 'VARCHAR', doc: 'tcp, udp, icmp, icmpv6, sctp… (lower case, as conntrack prints it)' },
  { name: 'proto_num', sql: 'USMALLINT', doc: 'IP protocol number' },
  { name: 'timeout', sql: 'INTEGER', doc: 'seconds until the entry expires' },
  { name: 'state', sql: 'VARCHAR', doc: 'TCP/SCTP/DCCP state (ESTABLISHED, TIME_WAIT…)' },
  { name: 'src', sql: 'VARCHAR', doc: 'original direction: source (the initiator)' },
  { name: 'dst', sql: 'VARCHAR', doc: 'original direction: destination' },
  { name: 'sport', sql: 'INTEGER', doc: 'original source port' },
  { name: 'dport', sql: 'INTEGER', doc: 'original destination port' },
  { name: 'icmp_type', sql: 'USMALLINT', doc: 'ICMP type (original)' },
  { name: 'icmp_code', sql: 'USMALLINT', doc: 'ICMP code (original)' },
  { name: 'icmp_id', sql: 'UINTEGER', doc: 'ICMP id (original)' },
  { name: 'reply_src', sql: 'VARCHAR', doc: 'reply direction: source' },
  { name: 'reply_dst', sql: 'VARCHAR', doc: 'reply direction: destination' },
  { name: 'reply_sport', sql: 'INTEGER', doc: 'reply source port' },
  { name: 'reply_dport', sql: 'INTEGER', doc: 'reply destination port' },
  { name: 'packets', sql: 'UBIGINT', doc: 'packets, original direction (with accounting on)' },
  { name: 'bytes', sql: 'UBIGINT', doc: 'bytes, original direction' },
  { name: 'reply_packets', sql: 'UBIGINT', doc: 'packets, reply direction' },
  { name: 'reply_bytes', sql: 'UBIGINT', doc: 'bytes, reply direction' },
  { name: 'status', sql: 'VARCHAR[]', doc: 'status flags: ASSURED, UNREPLIED, SEEN_REPLY, OFFLOAD…' },
  { name: 'replied', sql: 'BOOLEAN', doc: 'both sides spoke: a confirmed flow, not just an attempt' },
  { name: 'nat', sql: 'VARCHAR', doc: 'SNAT, DNAT, both or none, derived from the two tuples' },
  { name: 'zone', sql: 'INTEGER', doc: 'conntrack zone' },
  { name: 'mark', sql: 'UBIGINT', doc: 'connection mark' },
  { name: 'id', sql: 'UBIGINT', doc: 'conntrack id (`-o id`)' },
  { name: 'use', sql: 'INTEGER', doc: 'reference count' },
  { name: 'secctx', sql: 'VARCHAR', doc: 'security context' },
  { name: 'labels', sql: 'VARCHAR', doc: 'connection labels' },
  { name: 'start_ts', sql: 'TIMESTAMP', doc: 'flow start (`-o timestamp`)', get: 'r.start', read: tsRead('start_ts') },
  { name: 'stop_ts', sql: 'TIMESTAMP', doc: 'flow stop', get: 'r.stop', read: tsRead('stop_ts') },
  { name: 'delta_time', sql: 'DOUBLE', doc: 'seconds from start to stop (or to the dump)' },
  { name: 'active_since', sql: 'DOUBLE', doc: 'conntrackd cache: seconds active' },
  { name: 'extra', sql: 'VARCHAR', doc: 'anything else the entry carried (zone-orig, helper, secmark…), verbatim', get: 'c.ctExtra(r)' },
  addrNum('src'),
  addrNum('dst'),
];

export const PCAP_FLOW_COLUMNS: TsvColumn[] = [
  ...prov,
  { name: 'first_ts', sql: 'TIMESTAMP', doc: 'first packet', get: 'r.firstTs', read: tsRead('first_ts') },
  { name: 'last_ts', sql: 'TIMESTAMP', doc: 'last packet', get: 'r.lastTs', read: tsRead('last_ts') },
  { name: 'family', sql: 'TINYINT', doc: '4 or 6' },
  { name: 'proto_num', sql: 'USMALLINT', doc: 'IP protocol number', get: 'r.proto' },
  { name: 'src', sql: 'VARCHAR', doc: 'initiator (first sender; the SYN sender for TCP)' },
  { name: 'sport', sql: 'INTEGER', doc: 'initiator port (ICMP echo: identifier)' },
  { name: 'dst', sql: 'VARCHAR', doc: 'responder' },
  { name: 'dport', sql: 'INTEGER', doc: 'responder port (ICMP: type·256+code, echo: identifier)' },
  { name: 'packets', sql: 'UBIGINT', doc: 'packets src → dst', get: 'r.packetsFwd' },
  { name: 'bytes', sql: 'UBIGINT', doc: 'IP bytes src → dst', get: 'r.bytesFwd' },
  { name: 'reply_packets', sql: 'UBIGINT', doc: 'packets dst → src', get: 'r.packetsRev' },
  { name: 'reply_bytes', sql: 'UBIGINT', doc: 'IP bytes dst → src', get: 'r.bytesRev' },
  { name: 'tcp_flags', sql: 'VARCHAR[]', doc: 'TCP flags seen src → dst', get: 'c.flagNames(r.tcpFlagsFwd, r.proto)' },
  { name: 'reply_tcp_flags', sql: 'VARCHAR[]', doc: 'TCP flags seen dst → src', get: 'c.flagNames(r.tcpFlagsRev, r.proto)' },
  { name: 'icmp_type', sql: 'SMALLINT', doc: 'first ICMP type of the flow', get: 'r.icmpType < 0 ? null : r.icmpType' },
  { name: 'icmp_code', sql: 'SMALLINT', doc: 'first ICMP code', get: 'r.icmpCode < 0 ? null : r.icmpCode' },
  { name: 'prefix', sql: 'VARCHAR', doc: 'NFLOG captures: the rule\'s log prefix' },
  { name: 'iface', sql: 'INTEGER', doc: 'pcapng interface id', get: 'r.interfaceId' },
  { name: 'vlans', sql: 'VARCHAR', doc: '802.1Q tags, outer first', get: "r.vlans.length ? r.vlans.join(',') : null" },
  { name: 'fragments', sql: 'INTEGER', doc: 'IP fragments counted in the flow' },
  { name: 'truncated', sql: 'INTEGER', doc: 'packets cut by the snap length', get: 'r.truncatedPackets' },
  { name: 'end_reason', sql: 'VARCHAR', doc: 'why the flow record ended: idle, active (long flows are split), cap, end', get: 'r.endReason' },
  addrNum('src'),
  addrNum('dst'),
];

export const NAME_COLUMNS: TsvColumn[] = [
  { name: 'source_id', sql: 'INTEGER', doc: 'the capture it was learned from', get: 'c.sourceId' },
  { name: 'address', sql: 'VARCHAR', doc: 'the address the name stands for' },
  { name: 'name', sql: 'VARCHAR', doc: 'the name (DNS answer, TLS SNI, HTTP Host)' },
  { name: 'how', sql: 'VARCHAR', doc: 'dns, dns-cname (reached through a CNAME chain), tls-sni or http-host' },
  { name: 'first_seen', sql: 'TIMESTAMP', doc: 'first time seen', get: 'r.first', read: tsRead('first_seen') },
  { name: 'last_seen', sql: 'TIMESTAMP', doc: 'last time seen', get: 'r.last', read: tsRead('last_seen') },
  { name: 'seen', sql: 'INTEGER', doc: 'how many times' },
];

export interface NameRow { address: string; name: string; how: string; first: number; last: number; seen: number }

export const writePcapFlow = makeTsvWriter<FlowRecord, RowContext & { num(a: string | null): string | null; flagNames(m: number, proto: number): string[] | null }>(PCAP_FLOW_COLUMNS);
export const writeName = makeTsvWriter<NameRow, { sourceId: number }>(NAME_COLUMNS);
// The same rows as bytes in place (tsv-row-bytes.ts); the string writers above are the reference.
// (conntrack's writers are in conntrack-store.ts, with its storage.)
export const pcapFlowRow = makeTsvRowWriter<FlowRecord, RowContext & { num(a: string | null): string | null; flagNames(m: number, proto: number): string[] | null }>(PCAP_FLOW_COLUMNS);
export const nameRow = makeTsvRowWriter<NameRow, { sourceId: number }>(NAME_COLUMNS);
export const INSERT_PCAP_FLOWS = makeInsertSql('pcap_flows', PCAP_FLOW_COLUMNS);
export const INSERT_NAMES = makeInsertSql('names', NAME_COLUMNS);
