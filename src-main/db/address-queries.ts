// SQL of the address panel: what ip_info, names and the evidence tables know about one address.
import type { SqlRunner } from './saved-queries.ts';

export async function ipInfoRow(db: SqlRunner, address: string) {
  const rows = await db.all(`SELECT * FROM ip_info WHERE address = $1`, [address]);
  return rows[0] ?? null;
}

export async function learnedNames(db: SqlRunner, address: string) {
  return db.all(
    `SELECT name, string_agg(DISTINCT how, ', ' ORDER BY how) how, sum(seen)::DOUBLE seen FROM names WHERE address = $1
      GROUP BY name ORDER BY seen DESC, name LIMIT 50`,
    [address],
  );
}

export async function addressCounts(db: SqlRunner, address: string) {
  const [r] = await db.all(
    `SELECT (SELECT count(*) FROM events_store WHERE src = $1)::DOUBLE as_src,
            (SELECT count(*) FROM events_store WHERE dst = $1)::DOUBLE as_dst,
            (SELECT count(*) FROM conntrack WHERE src = $1 OR dst = $1)::DOUBLE ct,
            (SELECT count(*) FROM pcap_flows WHERE src = $1 OR dst = $1)::DOUBLE pf,
            (SELECT min(t) FROM (SELECT min(ts) t FROM events_store WHERE src = $1 OR dst = $1
                UNION ALL SELECT min(ts) FROM conntrack WHERE src = $1 OR dst = $1
                UNION ALL SELECT min(first_ts) FROM pcap_flows WHERE src = $1 OR dst = $1)) first_seen,
            (SELECT max(t) FROM (SELECT max(ts) t FROM events_store WHERE src = $1 OR dst = $1
                UNION ALL SELECT max(ts) FROM conntrack WHERE src = $1 OR dst = $1
                UNION ALL SELECT max(last_ts) FROM pcap_flows WHERE src = $1 OR dst = $1)) last_seen`,
    [address],
  );
  return r;
}

export async function topPeers(db: SqlRunner, address: string, top: number) {
  return db.all(
    `SELECT e.peer address, count(*)::DOUBLE events, any_value(i.org) org
       FROM (SELECT CASE WHEN src = $1 THEN dst ELSE src END peer FROM events_store WHERE src = $1 OR dst = $1) e
       LEFT JOIN ip_info i ON i.address = e.peer
      WHERE e.peer IS NOT NULL GROUP BY e.peer ORDER BY events DESC, address LIMIT $2`,
    [address, top],
  );
}

export async function topPorts(db: SqlRunner, address: string, top: number) {
  return db.all(
    `SELECT e.proto, e.dport port, any_value(s.name) service, count(*)::DOUBLE events
       FROM events e LEFT JOIN services s ON s.proto = upper(e.proto) AND s.port = e.dport
      WHERE (e.src = $1 OR e.dst = $1) AND e.dport IS NOT NULL
      GROUP BY e.proto, e.dport ORDER BY events DESC, port LIMIT $2`,
    [address, top],
  );
}
