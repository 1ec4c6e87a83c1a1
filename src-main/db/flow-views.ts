// The `observations` and `flows` views: every observation of traffic, whatever recorded it, and the
// same merged into one row per service flow.

/**
 * One row per observation: a log event, a conntrack connection (its running counters taken once, at
 * their largest, however many events or dumps show it) or a captured flow. Questions that only count
 * per host (top talkers) read this, not `flows`: merging into flows is work they do not need.
 */
export const OBSERVATIONS_VIEW_SQL = `CREATE OR REPLACE VIEW observations AS
  SELECT 'log' AS origin, source_id, family, proto_num, src, sport, dst, dport, ts AS first_ts, ts AS last_ts,
         1::BIGINT AS records, 1::UBIGINT AS packets, len::UBIGINT AS bytes, NULL::UBIGINT AS reply_packets,
         NULL::UBIGINT AS reply_bytes, action
    FROM events
  UNION ALL
  SELECT 'conntrack', source_id, family, proto_num, src, sport, dst, dport,
         min(coalesce(start_ts, ts)), max(coalesce(stop_ts, ts)), count(*), max(packets), max(bytes),
         max(reply_packets), max(reply_bytes), CASE WHEN bool_or(replied) THEN 'REPLIED' ELSE 'UNREPLIED' END
    FROM conntrack
   GROUP BY source_id, family, proto_num, src, sport, dst, dport, reply_src, reply_dst, reply_sport, reply_dport, zone, coalesce(id, 0)
  UNION ALL
  SELECT 'pcap', source_id, family, proto_num, src, sport, dst, dport, first_ts, last_ts,
         1, packets, bytes, reply_packets, reply_bytes, NULL
    FROM pcap_flows`;

/** The observations merged per flow, with the client's ephemeral port collapsed so one service flow is one row. */
export const flowsViewSql = (protoName: string): string => `CREATE OR REPLACE VIEW flows AS
  WITH cfg AS (SELECT value::INTEGER AS eph FROM fwlens_meta WHERE key = 'ephemeral_port_min')
  SELECT origin, family, ${protoName} AS proto, proto_num, src,
         CASE WHEN sport > cfg.eph THEN NULL ELSE sport END AS sport, dst, dport, action,
         min(first_ts) AS first_seen, max(last_ts) AS last_seen, sum(records)::BIGINT AS records,
         sum(packets)::UBIGINT AS packets, sum(bytes)::UBIGINT AS bytes,
         sum(reply_packets)::UBIGINT AS reply_packets, sum(reply_bytes)::UBIGINT AS reply_bytes,
         list(DISTINCT source_id ORDER BY source_id) AS sources
    FROM observations, cfg
   GROUP BY origin, family, proto_num, src, CASE WHEN sport > cfg.eph THEN NULL ELSE sport END, dst, dport, action`;
