// The ready questions from the users' playbooks, as editable SQL over the enriched views.
import type { ReadyQuestion } from '../shared/api.ts';

/** Services whose traffic is background noise when hunting for the unusual. */
const COMMON = `(proto = 'UDP' AND dport IN (53, 123, 443, 5353, 67, 68)) OR (proto = 'TCP' AND dport IN (53, 80, 443, 853))`;

export const READY_QUESTIONS: ReadyQuestion[] = [
  {
    id: 'dest-by-address', title: 'Who are we connecting to? By destination',
    why: 'The external addresses our hosts reach most, with who owns them.',
    sql: `SELECT peer, org, country, rdns, count(*) AS events, count(DISTINCT src) AS our_hosts, min(ts) AS first_seen, max(ts) AS last_seen
  FROM events_enriched
 WHERE peer_scope = 'external' AND peer = dst
 GROUP BY ALL ORDER BY events DESC LIMIT 100`,
  },
  {
    id: 'dest-by-port', title: 'Who are we connecting to? By port',
    why: 'Which services our hosts use, and how many distinct destinations each.',
    sql: `SELECT proto, dport, service, count(*) AS events, count(DISTINCT dst) AS destinations, count(DISTINCT src) AS sources
  FROM events_enriched
 WHERE dport IS NOT NULL
 GROUP BY ALL ORDER BY events DESC LIMIT 100`,
  },
  {
    id: 'dest-by-org', title: 'Who are we connecting to? By organisation',
    why: 'The networks (AS organisations) behind the traffic: cloud, CDN, ISP, or unknown.',
    sql: `SELECT asn, org, count(*) AS events, count(DISTINCT peer) AS addresses
  FROM events_enriched
 WHERE peer_scope = 'external'
 GROUP BY ALL ORDER BY events DESC LIMIT 100`,
  },
  {
    id: 'dest-by-country', title: 'Who are we connecting to? By country',
    why: 'Countries of the external ends, to spot traffic to places the business has no reason to reach.',
    sql: `SELECT country, count(*) AS events, count(DISTINCT peer) AS addresses, count(DISTINCT org) AS organisations
  FROM events_enriched
 WHERE peer_scope = 'external'
 GROUP BY ALL ORDER BY events DESC LIMIT 100`,
  },
  {
    id: 'uncommon', title: 'What is left after the common services?',
    why: 'Takes out DNS, NTP, HTTP(S), QUIC, DHCP and mDNS: what remains is what needs a rule or an explanation.',
    sql: `SELECT proto, dport, service, action, count(*) AS events, count(DISTINCT src) AS sources, count(DISTINCT dst) AS destinations
  FROM events_enriched
 WHERE NOT (${COMMON}) AND proto NOT IN ('ICMP', 'ICMPv6')
 GROUP BY ALL ORDER BY events DESC LIMIT 200`,
  },
  {
    id: 'top-talkers', title: 'Top talkers',
    why: 'The hosts behind most of the traffic, whatever recorded it (logs, conntrack, captures).',
    sql: `SELECT src, count(DISTINCT dst) AS peers, sum(records) AS records, sum(coalesce(bytes, 0) + coalesce(reply_bytes, 0)) AS bytes,
       list(DISTINCT origin) AS seen_by
  FROM flows_enriched
 GROUP BY src ORDER BY records DESC LIMIT 50`,
  },
  {
    id: 'low-source-ports', title: 'Inbound traffic from low source ports',
    why: 'Inbound packets by source port, lowest first: ports below 1024 (53, 123, 0…) mean reflection or scanning tricks.',
    sql: `SELECT src, org, country, proto, sport, dport, action, sport < 1024 AS privileged_port, count(*) AS events
  FROM events_enriched
 WHERE src_scope <> 'internal' AND coalesce(out_if, '') = '' AND sport IS NOT NULL
 GROUP BY ALL ORDER BY sport, events DESC LIMIT 100`,
  },
  {
    id: 'tcp-flags', title: 'TCP flag combinations',
    why: 'RST storms, stray ACK/PSH (state lost or spoofed), and the NULL, FIN and XMAS scans.',
    sql: `SELECT array_to_string(list_sort(coalesce(flags, [])), ' ') AS flags,
       CASE WHEN len(coalesce(flags, [])) = 0 THEN 'NULL scan'
            WHEN list_sort(flags) = ['FIN'] THEN 'FIN scan'
            WHEN list_has_all(flags, ['FIN', 'PSH', 'URG']) THEN 'XMAS scan'
            WHEN list_contains(flags, 'RST') THEN 'reset'
            WHEN list_has_all(flags, ['ACK', 'PSH']) THEN 'data without a known connection'
            WHEN list_contains(flags, 'SYN') AND NOT list_contains(flags, 'ACK') THEN 'new connection'
            ELSE '' END AS meaning,
       count(*) AS events, count(DISTINCT src) AS sources, count(DISTINCT dst) AS destinations
  FROM events
 WHERE proto = 'TCP'
 GROUP BY ALL ORDER BY events DESC`,
  },
  {
    id: 'first-seen', title: 'First-seen destinations',
    why: 'When each external destination first appeared: the newest ones are the ones nobody has vetted.',
    sql: `SELECT dst, org, country, min(ts) AS first_seen, max(ts) AS last_seen, count(*) AS events, list(DISTINCT dport ORDER BY dport)[1:10] AS ports
  FROM events_enriched
 WHERE dst_scope = 'external'
 GROUP BY ALL ORDER BY first_seen DESC LIMIT 100`,
  },
];
