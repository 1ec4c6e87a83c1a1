// The first questions users ask of a case, as one summary: time span, protocols, ports, talkers.
import type { CaseDb, Row } from './case-db.ts';
import { serviceName } from '../services/service-names.ts';

export interface CaseSummary {
  sources: Row[];
  totals: { events: number; rejects: number; first_ts: Date | null; last_ts: Date | null };
  byAction: Row[];
  byProto: Row[];
  byDport: Row[];
  topSources: Row[];
  topDestinations: Row[];
  /** Who we talk to: the peer (external end) by organisation and by country; empty before enrichment. */
  byOrg: Row[];
  byCountry: Row[];
  /** conntrack: entries by protocol/state, NAT kinds, confirmed vs attempted. */
  conntrack: { total: number; byState: Row[]; byNat: Row[]; topFlows: Row[] };
  /** Captures: flows, and the names learned for destinations. */
  pcap: { flows: number; packets: number; topFlows: Row[]; names: Row[] };
}

export async function caseSummary(db: CaseDb, top = 10): Promise<CaseSummary> {
  const [totals] = await db.all(
    `SELECT (SELECT count(*) FROM events_store)::DOUBLE events, (SELECT count(*) FROM rejects)::DOUBLE rejects,
            (SELECT min(ts) FROM events_store) first_ts, (SELECT max(ts) FROM events_store) last_ts`,
  );
  const byDport = await db.all(
    `SELECT proto, dport, count(*)::DOUBLE events FROM events WHERE dport IS NOT NULL GROUP BY ALL ORDER BY events DESC, dport LIMIT $1`,
    [top],
  );
  const [ct] = await db.all(`SELECT count(*)::DOUBLE n FROM conntrack`);
  const [pc] = await db.all(`SELECT count(*)::DOUBLE n, coalesce(sum(packets + reply_packets), 0)::DOUBLE p FROM pcap_flows`);
  return {
    sources: await db.all(`SELECT id, name, format, host, unit, lines::DOUBLE lines, events::DOUBLE evidence, rejects::DOUBLE rejects, status FROM sources ORDER BY id`),
    byOrg: await db.all(
      `SELECT asn, org, count(*)::DOUBLE events, count(DISTINCT peer)::DOUBLE addresses FROM events_enriched
        WHERE peer_scope = 'external' GROUP BY ALL ORDER BY events DESC, asn, org LIMIT $1`, [top]),
    byCountry: await db.all(
      `SELECT country, count(*)::DOUBLE events, count(DISTINCT peer)::DOUBLE addresses FROM events_enriched
        WHERE peer_scope = 'external' GROUP BY ALL ORDER BY events DESC, country LIMIT $1`, [top]),
    conntrack: {
      total: ct.n as number,
      byState: await db.all(`SELECT proto, coalesce(state, '') state, count(*)::DOUBLE entries, count(*) FILTER (WHERE replied)::DOUBLE replied FROM conntrack GROUP BY ALL ORDER BY entries DESC, proto, state LIMIT $1`, [top]),
      byNat: await db.all(`SELECT nat, count(*)::DOUBLE entries FROM conntrack WHERE nat IS NOT NULL GROUP BY ALL ORDER BY entries DESC, nat`),
      topFlows: await db.all(
        `SELECT proto, src, sport, dst, dport, first_seen, last_seen, records::DOUBLE records, (coalesce(bytes, 0) + coalesce(reply_bytes, 0))::DOUBLE bytes
           FROM flows WHERE origin = 'conntrack' ORDER BY bytes DESC, records DESC, src, dst, proto, sport, dport, first_seen LIMIT $1`, [top]),
    },
    pcap: {
      flows: pc.n as number,
      packets: pc.p as number,
      topFlows: await db.all(
        `SELECT proto, src, sport, dst, dport, (packets + reply_packets)::DOUBLE packets, (bytes + reply_bytes)::DOUBLE bytes,
                (SELECT string_agg(DISTINCT n.name, ', ' ORDER BY n.name) FROM names n WHERE n.address = f.dst) AS names
           FROM pcap_flows_v f ORDER BY bytes DESC, src, dst, proto, sport, dport LIMIT $1`, [top]),
      names: await db.all(`SELECT name, how, count(DISTINCT address)::DOUBLE addresses, sum(seen)::DOUBLE seen FROM names GROUP BY ALL ORDER BY seen DESC, name LIMIT $1`, [top]),
    },
    totals: totals as CaseSummary['totals'],
    byAction: await db.all(`SELECT action, count(*)::DOUBLE events FROM events_store GROUP BY ALL ORDER BY events DESC, action`),
    byProto: await db.all(`SELECT proto, count(*)::DOUBLE events FROM events GROUP BY ALL ORDER BY events DESC, proto`),
    byDport: byDport.map((r) => ({ ...r, service: serviceName(r.proto as string, r.dport as number) })),
    topSources: await db.all(
      `SELECT src, count(*)::DOUBLE events, count(DISTINCT dst)::DOUBLE destinations FROM events_store GROUP BY src ORDER BY events DESC, src LIMIT $1`,
      [top],
    ),
    topDestinations: await db.all(
      `SELECT dst, count(*)::DOUBLE events, count(DISTINCT src)::DOUBLE sources FROM events_store GROUP BY dst ORDER BY events DESC, dst LIMIT $1`,
      [top],
    ),
  };
}
