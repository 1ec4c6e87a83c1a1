// The ready questions from the users' playbooks, as editable SQL over the enriched views.
import type { ReadyQuestion } from '../shared/api.ts';
import { DIRECTION_SQL, INBOUND_SQL, OUTBOUND_SQL } from '../shared/direction-sql.ts';

/** Services whose traffic is background noise when hunting for the unusual. */
const COMMON = `(proto = 'UDP' AND dport IN (53, 123, 443, 5353, 67, 68)) OR (proto = 'TCP' AND dport IN (53, 80, 443, 853))`;

export const READY_QUESTIONS: ReadyQuestion[] = [
  {
    id: 'dest-by-address', title: 'Who are we connecting to? By destination (outbound)',
    why: 'Outbound only (internal or firewall host → external): the external addresses our hosts reach most, with who owns them.',
    // Per destination and host first, then per destination: far cheaper than count(DISTINCT src) over
    // every event, and the names are looked up for the 100 rows shown only.
    sql: `WITH per_host AS (
  SELECT dst, src, count(*) AS events, min(ts) AS first_seen, max(ts) AS last_seen
    FROM events_enriched
   WHERE ${OUTBOUND_SQL}
   GROUP BY dst, src),
top AS (
  SELECT dst, sum(events)::BIGINT AS events, count(src) AS our_hosts, min(first_seen) AS first_seen, max(last_seen) AS last_seen
    FROM per_host GROUP BY dst ORDER BY events DESC, dst LIMIT 100)
SELECT t.dst, i.org, i.country, i.rdns, t.events, t.our_hosts, t.first_seen, t.last_seen
  FROM top t LEFT JOIN ip_info i ON i.address = t.dst
 ORDER BY t.events DESC, t.dst`,
  },
  {
    id: 'dest-by-port', title: 'Who are we connecting to? By port (outbound)',
    why: 'Outbound only (internal or firewall host → external): which services our hosts use on the Internet, and how many distinct destinations each.',
    sql: `SELECT proto, dport, service, count(*) AS events, count(DISTINCT dst) AS destinations, count(DISTINCT src) AS sources
  FROM events_enriched
 WHERE dport IS NOT NULL AND ${OUTBOUND_SQL}
 GROUP BY ALL ORDER BY events DESC, proto, dport LIMIT 100`,
  },
  {
    id: 'dest-by-org', title: 'Who are we connecting to? By organisation (outbound)',
    why: 'Outbound only (internal or firewall host → external): the networks (AS organisations) our hosts reach — cloud, CDN, ISP, or unknown. Inbound scans are in "Who is reaching us?".',
    sql: `SELECT dst_asn AS asn, dst_org AS org, count(*) AS events, count(DISTINCT dst) AS addresses, count(DISTINCT src) AS our_hosts
  FROM events_enriched
 WHERE ${OUTBOUND_SQL}
 GROUP BY ALL ORDER BY events DESC, asn, org LIMIT 100`,
  },
  {
    id: 'dest-by-country', title: 'Who are we connecting to? By country (outbound)',
    why: 'Outbound only (internal or firewall host → external): countries our hosts reach, to spot traffic to places the business has no reason to reach.',
    sql: `SELECT dst_country AS country, count(*) AS events, count(DISTINCT dst) AS addresses, count(DISTINCT dst_org) AS organisations
  FROM events_enriched
 WHERE ${OUTBOUND_SQL}
 GROUP BY ALL ORDER BY events DESC, country LIMIT 100`,
  },
  {
    id: 'uncommon', title: 'What is left after the common services? (every direction)',
    why: 'Every direction, split by it (outbound, inbound, local, other): takes out DNS, NTP, HTTP(S), QUIC, DHCP and mDNS; what remains is what needs a rule or an explanation.',
    sql: `SELECT ${DIRECTION_SQL} AS direction, proto, dport, service, action, count(*) AS events, count(DISTINCT src) AS sources, count(DISTINCT dst) AS destinations
  FROM events_enriched
 WHERE NOT (${COMMON}) AND proto NOT IN ('ICMP', 'ICMPv6')
 GROUP BY ALL ORDER BY events DESC, direction, proto, dport, action LIMIT 200`,
  },
  {
    id: 'top-talkers', title: 'Top talkers among our hosts',
    why: 'Our hosts (internal sources) behind most of the traffic, to anywhere, whatever recorded it (logs, conntrack, captures). External scanners are in "Who is reaching us?".',
    // From `observations`, not `flows`: merging into flows first is work a count per host does not need.
    sql: `SELECT o.src, count(DISTINCT o.dst) AS peers, count(DISTINCT o.dst) FILTER (d.scope = 'external') AS external_peers,
       sum(o.records) AS records, sum(coalesce(o.bytes, 0) + coalesce(o.reply_bytes, 0)) AS bytes, list(DISTINCT o.origin ORDER BY o.origin) AS seen_by
  FROM observations o
  JOIN ip_info s ON s.address = o.src AND s.scope = 'internal'
  LEFT JOIN ip_info d ON d.address = o.dst
 GROUP BY o.src ORDER BY records DESC, o.src LIMIT 50`,
  },
  {
    id: 'low-source-ports', title: 'Low source ports (inbound)',
    why: 'Inbound only (external → internal or the firewall host), by source port, lowest first: ports below 1024 (53, 123, 0…) mean reflection or scanning tricks, unless they are replies to our own connections.',
    sql: `SELECT src, src_org AS org, src_country AS country, proto, sport, dport, action, sport < 1024 AS privileged_port, count(*) AS events
  FROM events_enriched
 WHERE ${INBOUND_SQL} AND sport IS NOT NULL
 GROUP BY ALL ORDER BY sport, events DESC, src, proto, dport, action LIMIT 100`,
  },
  {
    id: 'tcp-flags', title: 'TCP flag combinations (every direction)',
    why: 'Every direction, split by it: RST storms, stray ACK/PSH (state lost or spoofed), and the NULL, FIN and XMAS scans (inbound ones are probes of us).',
    // Counted per flag list as logged first (the kernel writes flags in one fixed order), then named:
    // sorting and matching the lists of every packet cost more than the counting.
    sql: `WITH counted AS (
  SELECT flags, ${DIRECTION_SQL} AS direction, count(*) AS events, count(DISTINCT src) AS sources, count(DISTINCT dst) AS destinations
    FROM events_enriched
   WHERE proto = 'TCP'
   GROUP BY ALL)
SELECT array_to_string(list_sort(coalesce(flags, [])), ' ') AS flags,
       CASE WHEN len(coalesce(flags, [])) = 0 THEN 'NULL scan'
            WHEN list_sort(flags) = ['FIN'] THEN 'FIN scan'
            WHEN list_has_all(flags, ['FIN', 'PSH', 'URG']) THEN 'XMAS scan'
            WHEN list_contains(flags, 'RST') THEN 'reset'
            WHEN list_has_all(flags, ['ACK', 'PSH']) THEN 'data without a known connection'
            WHEN list_contains(flags, 'SYN') AND NOT list_contains(flags, 'ACK') THEN 'new connection'
            ELSE '' END AS meaning,
       direction, events, sources, destinations
  FROM counted
 ORDER BY events DESC, flags, direction`,
  },
  {
    id: 'first-seen', title: 'First-seen destinations (outbound)',
    why: 'Outbound only (internal or firewall host → external): when each external destination our hosts reach first appeared; the newest ones are the ones nobody has vetted.',
    sql: `SELECT dst, dst_org AS org, dst_country AS country, min(ts) AS first_seen, max(ts) AS last_seen, count(*) AS events, list(DISTINCT dport ORDER BY dport)[1:10] AS ports
  FROM events_enriched
 WHERE ${OUTBOUND_SQL}
 GROUP BY ALL ORDER BY first_seen DESC, dst LIMIT 100`,
  },
  {
    id: 'src-by-org', title: 'Who is reaching us? By organisation (inbound)',
    why: 'Inbound only (external → internal or the firewall host): the networks sending to us — scanners and attackers, and replies to our own connections when the log records them.',
    sql: `SELECT src_asn AS asn, src_org AS org, count(*) AS events, count(DISTINCT src) AS addresses, count(DISTINCT dst) AS our_hosts,
       count(DISTINCT dport) AS ports, count(*) FILTER (action IN ('DROP', 'REJECT')) AS blocked
  FROM events_enriched
 WHERE ${INBOUND_SQL}
 GROUP BY ALL ORDER BY events DESC, asn, org LIMIT 100`,
  },
  {
    id: 'src-by-country', title: 'Who is reaching us? By country (inbound)',
    why: 'Inbound only (external → internal or the firewall host): the countries traffic to us comes from.',
    sql: `SELECT src_country AS country, count(*) AS events, count(DISTINCT src) AS addresses, count(DISTINCT src_org) AS organisations,
       count(*) FILTER (action IN ('DROP', 'REJECT')) AS blocked
  FROM events_enriched
 WHERE ${INBOUND_SQL}
 GROUP BY ALL ORDER BY events DESC, country LIMIT 100`,
  },
];
