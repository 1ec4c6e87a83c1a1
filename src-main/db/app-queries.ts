// SQL behind the app's case views: counts, sources, rejects paged, and the schema for completion.
import type { SqlRunner } from './saved-queries.ts';

export async function caseCounts(db: SqlRunner) {
  const [r] = await db.all(
    `SELECT (SELECT count(*) FROM sources)::DOUBLE sources, (SELECT count(*) FROM events_store)::DOUBLE events,
            (SELECT count(*) FROM conntrack)::DOUBLE conntrack, (SELECT count(*) FROM pcap_flows)::DOUBLE pcap_flows,
            (SELECT count(*) FROM rejects)::DOUBLE rejects,
            (SELECT min(first_ts) FROM sources) first_ts, (SELECT max(last_ts) FROM sources) last_ts`,
  );
  return {
    sources: r.sources as number, events: r.events as number, conntrack: r.conntrack as number,
    pcapFlows: r.pcap_flows as number, rejects: r.rejects as number, firstTs: r.first_ts as Date | null, lastTs: r.last_ts as Date | null,
  };
}

export async function sourceRows(db: SqlRunner) {
  return db.all(
    `SELECT id, name, path, format, unit, lines::DOUBLE lines, events::DOUBLE events, rejects::DOUBLE rejects, coalesce(skipped, 0)::DOUBLE skipped, blank::DOUBLE blank,
            (SELECT string_agg(program || chr(9) || lines, chr(10) ORDER BY lines DESC, program) FROM skipped_programs p WHERE p.source_id = sources.id) skipped_programs,
            status, message, imported_at, first_ts, last_ts FROM sources ORDER BY id`,
  );
}

export async function rejectPage(db: SqlRunner, sourceId: number, offset: number, limit: number) {
  const [t] = await db.all(`SELECT count(*)::DOUBLE n FROM rejects WHERE source_id = $1`, [sourceId]);
  const rows = await db.all(
    `SELECT source_id, line_no::DOUBLE line_no, byte_off::DOUBLE byte_off, reason, line FROM rejects
      WHERE source_id = $1 ORDER BY line_no LIMIT $2 OFFSET $3`,
    [sourceId, limit, offset],
  );
  return { total: t.n as number, rows };
}

/** Tables and views of the main schema with their columns, in column order. */
export async function schemaRows(db: SqlRunner) {
  return db.all(
    `SELECT c.table_name, t.table_type, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'main' AND c.table_catalog = current_database()
      ORDER BY c.table_name, c.ordinal_position`,
  );
}

/** Ruleset versions imported into the case: TRACE steps only get rule text from one. */
export async function rulesetVersionCount(db: SqlRunner): Promise<number> {
  const [r] = await db.all(`SELECT count(*)::DOUBLE n FROM ruleset_versions`);
  return r.n as number;
}
