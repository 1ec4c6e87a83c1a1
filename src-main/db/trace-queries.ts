// SQL of TRACE paths: the TRACE rows of a case (LOG TRACE lines and monitor traces), in line order, with what
// identifies their packet.
import type { CaseDb, Row } from './case-db.ts';

/**
 * Every TRACE row, in the order the kernel wrote them. t prefers the uptime stamp: it has
 * microseconds, where many syslog stamps have whole seconds.
 */
export async function traceRows(db: CaseDb): Promise<Row[]> {
  return db.all(
    `SELECT source_id, line_no, coalesce(uptime, epoch(ts)) AS t, ts,
            trace_table, trace_chain, trace_type, trace_rule, trace_id, trace_family, trace_handle, trace_verdict, trace_text,
            family, src, dst, proto, sport, dport, ip_id, flowlbl, len, icmp_id, icmp_seq
       FROM events
      WHERE trace_table IS NOT NULL
      ORDER BY source_id, line_no`,
  );
}
