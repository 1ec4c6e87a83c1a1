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
  return {
    sources: await db.all(`SELECT id, name, format, host, lines::DOUBLE lines, events::DOUBLE events, rejects::DOUBLE rejects, status FROM sources ORDER BY id`),
    totals: totals as CaseSummary['totals'],
    byAction: await db.all(`SELECT action, count(*)::DOUBLE events FROM events_store GROUP BY ALL ORDER BY events DESC`),
    byProto: await db.all(`SELECT proto, count(*)::DOUBLE events FROM events GROUP BY ALL ORDER BY events DESC`),
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
