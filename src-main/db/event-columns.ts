// The `events` view's columns and how each is stored: one list drives the storage table, the bulk
// writer, the view and the README table.
//
// Why a view over a narrower table: DuckDB's insert costs about the same per physical column whether
// the values are NULL or not (measured ~25 ms per column per million rows here), so fields that most
// lines lack (TRACE, the ICMP error's inner packet, SEQ/ACK, UID/GID…) live in one JSON `detail`
// column that is NULL for most rows, and a few small fields share a column. The view gives every
// field back, typed, under the name users type.

/** How a view column is stored in `events_store`. */
export type Storage =
  | { kind: 'col'; sql: string } // its own physical column, same name
  | { kind: 'detail'; sql: string } // a key of the JSON `detail` column
  | { kind: 'expr'; sql: string; expr: string }; // computed from physical columns

export interface ColumnDef {
  name: string;
  storage: Storage;
  doc: string;
}

const col = (name: string, sql: string, doc: string): ColumnDef => ({ name, storage: { kind: 'col', sql }, doc });
const det = (name: string, sql: string, doc: string): ColumnDef => ({ name, storage: { kind: 'detail', sql }, doc });
const expr = (name: string, sql: string, e: string, doc: string): ColumnDef => ({ name, storage: { kind: 'expr', sql, expr: e }, doc });

/** Physical columns of `events_store` that no view column maps 1:1 (packed fields). */
export const PACKED_COLUMNS: Array<{ name: string; sql: string }> = [
  { name: 'mac', sql: 'VARCHAR' }, // MAC= as logged
  { name: 'tosprec', sql: 'USMALLINT' }, // IPv4: TOS | PREC << 8; IPv6: TC
  { name: 'ipflags', sql: 'UTINYINT' }, // IPv4: MF=1 DF=2 CE=4
  { name: 'tcp_flags', sql: 'VARCHAR' }, // flags as logged, space-separated
  { name: 'detail', sql: 'VARCHAR' }, // JSON object of the rare fields, NULL when none
];

const PROTO_NAMES: Array<[number, string]> = [
  [6, 'TCP'], [17, 'UDP'], [1, 'ICMP'], [58, 'ICMPv6'], [136, 'UDPLITE'], [132, 'SCTP'], [33, 'DCCP'],
  [47, 'GRE'], [50, 'ESP'], [51, 'AH'], [2, 'IGMP'],
];
export const PROTO_NUM_BY_NAME = new Map(PROTO_NAMES.map(([n, s]) => [s, n]));
/** SQL naming a protocol number the way the kernel LOG target does. */
export const protoNameSql = (col: string) => `CASE ${col} ${PROTO_NAMES.map(([n, s]) => `WHEN ${n} THEN '${s}'`).join(' ')} ELSE ${col}::VARCHAR END`;
const protoCase = protoNameSql('proto_num');
const v4 = "NOT contains(src, ':')";

export const EVENT_COLUMNS: ColumnDef[] = [
  col('source_id', 'INTEGER', 'the `sources` row the event came from'),
  col('line_no', 'BIGINT', '1-based line number in the (decompressed) source'),
  col('byte_off', 'BIGINT', 'byte offset of the line in the (decompressed) source'),
  col('ts', 'TIMESTAMP', 'UTC time of the event (NULL for lines with only an uptime stamp)'),
  col('ts_text', 'VARCHAR', 'the timestamp as written in the line'),
  col('uptime', 'DOUBLE', 'kernel uptime stamp in seconds (`[158144.383443]`)'),
  col('host', 'VARCHAR', 'host name from the syslog/journal envelope'),
  col('prefix', 'VARCHAR', 'the LOG prefix (`--log-prefix`, nft `log prefix`, `[UFW BLOCK]`)'),
  col('action', 'VARCHAR', 'DROP, REJECT, ACCEPT, LOG or unknown, inferred from the prefix'),
  det('trace_table', 'VARCHAR', 'TRACE lines: table (raw, mangle, nat, filter)'),
  det('trace_chain', 'VARCHAR', 'TRACE lines: chain'),
  det('trace_type', 'VARCHAR', 'TRACE lines: rule, policy or return (monitor traces: also packet, the packet dump, and conntrack)'),
  det('trace_rule', 'INTEGER', 'TRACE lines: rule number'),
  det('trace_id', 'VARCHAR', 'nft / xtables-monitor traces: the trace id (hex) shared by one packet\'s lines'),
  det('trace_family', 'VARCHAR', 'nft / xtables-monitor traces: family of the traced table (ip, ip6, inet, bridge…)'),
  det('trace_handle', 'BIGINT', 'nft / xtables-monitor traces: rule handle of a rule step'),
  det('trace_verdict', 'VARCHAR', 'nft / xtables-monitor traces: the step\'s verdict (accept, drop, continue, jump CHAIN…)'),
  det('trace_text', 'VARCHAR', 'nft / xtables-monitor traces: the rule text printed with a rule step'),
  col('in_if', 'VARCHAR', 'input interface (IN=)'),
  col('out_if', 'VARCHAR', 'output interface (OUT=)'),
  det('physin', 'VARCHAR', 'bridge port in (PHYSIN=)'),
  det('physout', 'VARCHAR', 'bridge port out (PHYSOUT=)'),
  expr('mac_dst', 'VARCHAR', "nullif(mac[1:17], '')", 'destination MAC (first 6 bytes of MAC=)'),
  expr('mac_src', 'VARCHAR', "nullif(mac[19:35], '')", 'source MAC (next 6 bytes of MAC=)'),
  expr('ethertype', 'VARCHAR', "nullif(mac[37:], '')", 'rest of MAC=: ethertype, plus any further bytes logged'),
  expr('family', 'TINYINT', `CASE WHEN ${v4} THEN 4 ELSE 6 END`, '4 or 6 (ARP lines: 4, the family of their IPSRC/IPDST)'),
  col('src', 'VARCHAR', 'source address (IPv6 in RFC 5952 form)'),
  col('dst', 'VARCHAR', 'destination address'),
  col('src_num', 'UHUGEINT', 'source address as a number, for ranges and sorting (IPv4: 32-bit, IPv6: 128-bit)'),
  col('dst_num', 'UHUGEINT', 'destination address as a number'),
  col('len', 'INTEGER', 'IP packet length (LEN=)'),
  expr('tos', 'USMALLINT', `CASE WHEN ${v4} THEN tosprec & 255 END`, 'IPv4 TOS (TOS=)'),
  expr('prec', 'USMALLINT', `CASE WHEN ${v4} THEN tosprec >> 8 END`, 'IPv4 precedence bits (PREC=)'),
  col('ttl', 'USMALLINT', 'TTL (IPv4) or HOPLIMIT (IPv6)'),
  col('ip_id', 'UINTEGER', 'IP identification (ID=)'),
  expr('tc', 'USMALLINT', `CASE WHEN NOT ${v4} THEN tosprec END`, 'IPv6 traffic class (TC=)'),
  det('flowlbl', 'UINTEGER', 'IPv6 flow label (FLOWLBL=)'),
  expr('ce', 'BOOLEAN', '(ipflags & 4) <> 0', 'IPv4 CE flag'),
  expr('df', 'BOOLEAN', '(ipflags & 2) <> 0', "IPv4 don't-fragment flag"),
  expr('mf', 'BOOLEAN', '(ipflags & 1) <> 0', 'IPv4 more-fragments flag'),
  det('frag', 'UINTEGER', 'fragment offset (FRAG=)'),
  det('ip_opt', 'VARCHAR', 'IP options, hex'),
  // ARP has no IP protocol number: named from its detail, so `proto = 'ARP'` finds those lines
  // (coalesce reads the JSON only for rows without a proto_num).
  expr('proto', 'VARCHAR', `coalesce(${protoCase}, CASE WHEN (detail->>'arp_op') IS NOT NULL THEN 'ARP' END)`,
    'protocol: TCP, UDP, ICMP, ICMPv6, UDPLITE, SCTP… or its number; ARP for ARP lines'),
  col('proto_num', 'USMALLINT', 'IP protocol number'),
  col('sport', 'INTEGER', 'source port'),
  col('dport', 'INTEGER', 'destination port'),
  col('l4_len', 'INTEGER', 'UDP length (the second LEN=)'),
  col('win', 'INTEGER', 'TCP window (WINDOW=; `window` is an SQL keyword)'),
  expr('res', 'USMALLINT', "coalesce((detail->>'res')::USMALLINT, CASE WHEN proto_num = 6 THEN 0 END)", 'TCP reserved bits (RES=)'),
  expr('flags', 'VARCHAR[]', "CASE WHEN tcp_flags = '' THEN []::VARCHAR[] ELSE string_split(tcp_flags, ' ') END", "TCP flags as a list: `list_contains(flags, 'SYN')`"),
  det('seq', 'UBIGINT', 'TCP sequence number (--log-tcp-sequence)'),
  det('ack', 'UBIGINT', 'TCP acknowledgement number'),
  expr('urgp', 'INTEGER', "coalesce((detail->>'urgp')::INTEGER, CASE WHEN proto_num = 6 THEN 0 END)", 'TCP urgent pointer'),
  det('tcp_opt', 'VARCHAR', 'TCP options, hex (--log-tcp-options)'),
  col('icmp_type', 'USMALLINT', 'ICMP/ICMPv6 type'),
  col('icmp_code', 'USMALLINT', 'ICMP/ICMPv6 code'),
  det('icmp_id', 'UINTEGER', 'ICMP echo identifier'),
  det('icmp_seq', 'UINTEGER', 'ICMP echo sequence'),
  det('icmp_extra', 'VARCHAR', 'other ICMP fields (MTU=, PARAMETER=, GATEWAY=)'),
  det('inner_src', 'VARCHAR', 'ICMP error: source of the embedded packet'),
  det('inner_dst', 'VARCHAR', 'ICMP error: destination of the embedded packet'),
  det('inner_proto', 'VARCHAR', 'ICMP error: protocol of the embedded packet'),
  det('inner_sport', 'INTEGER', 'ICMP error: embedded source port'),
  det('inner_dport', 'INTEGER', 'ICMP error: embedded destination port'),
  det('inner_len', 'INTEGER', 'ICMP error: embedded packet length'),
  det('inner_ttl', 'USMALLINT', 'ICMP error: embedded TTL'),
  det('inner_id', 'UINTEGER', 'ICMP error: embedded IP ID'),
  det('inner_text', 'VARCHAR', 'ICMP error: the embedded packet text, verbatim'),
  det('arp_op', 'USMALLINT', 'ARP lines: OPCODE= (1 request, 2 reply); src/dst are IPSRC=/IPDST=, proto is ARP'),
  det('arp_htype', 'USMALLINT', 'ARP lines: hardware type (HTYPE=, 1 = Ethernet)'),
  det('arp_ptype', 'VARCHAR', 'ARP lines: protocol type as logged (PTYPE=0x0800)'),
  det('arp_mac_src', 'VARCHAR', 'ARP lines: sender hardware address (MACSRC= after ARP)'),
  det('arp_mac_dst', 'VARCHAR', 'ARP lines: target hardware address (MACDST= after ARP)'),
  det('uid', 'UINTEGER', 'socket owner UID (--log-uid)'),
  det('gid', 'UINTEGER', 'socket owner GID'),
  det('mark', 'UBIGINT', 'packet mark (MARK=)'),
  det('extra', 'VARCHAR', 'tokens fwlens did not recognise, verbatim'),
];

/** Physical columns of `events_store`, in TSV order. */
export const STORE_COLUMNS: Array<{ name: string; sql: string }> = [
  ...EVENT_COLUMNS.filter((c) => c.storage.kind === 'col').map((c) => ({ name: c.name, sql: c.storage.sql })),
  ...PACKED_COLUMNS,
];

/** Names of the fields kept in `detail`. */
export const DETAIL_FIELDS = EVENT_COLUMNS.filter((c) => c.storage.kind === 'detail').map((c) => c.name);

function viewExpr(c: ColumnDef): string {
  switch (c.storage.kind) {
    case 'col': return c.name;
    case 'detail': return `(detail->>'${c.name}')::${c.storage.sql} AS ${c.name}`;
    case 'expr': return `(${c.storage.expr})::${c.storage.sql} AS ${c.name}`;
  }
}

export const EVENTS_VIEW_SQL = `CREATE OR REPLACE VIEW events AS SELECT ${EVENT_COLUMNS.map(viewExpr).join(', ')} FROM events_store`;
export const EVENTS_STORE_SQL = `CREATE TABLE IF NOT EXISTS events_store (${STORE_COLUMNS.map((c) => `${c.name} ${c.sql}`).join(', ')})`;
