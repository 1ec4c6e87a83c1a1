// Versioned schema migrations of a case file; each runs once, in order, inside one transaction.
import { EVENTS_STORE_SQL, EVENTS_VIEW_SQL, protoNameSql } from './event-columns.ts';
import { createTableSql } from './tsv-table.ts';
import { OBSERVATIONS_VIEW_SQL, flowsViewSql } from './flow-views.ts';
import { CONNTRACK_COLUMNS, NAME_COLUMNS, PCAP_FLOW_COLUMNS } from './flow-columns.ts';
import { CONNTRACK_STORE_MIGRATION } from './conntrack-store.ts';
import { IP_INFO_COLUMNS, enrichedViewSql } from './ip-info-columns.ts';
import { serviceEntries } from '../services/service-names.ts';
import type { CaseDb } from './case-db.ts';

export interface Migration {
  version: number;
  what: string;
  sql: string[];
  /** Data to load after the statements, with bound values. */
  fill?: (db: CaseDb) => Promise<void>;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    what: 'sources, events, rejects',
    sql: [
      `CREATE SEQUENCE IF NOT EXISTS source_ids START 1`,
      `CREATE TABLE sources (
        id INTEGER PRIMARY KEY DEFAULT nextval('source_ids'),
        path VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        size BIGINT NOT NULL,
        mtime TIMESTAMP,
        sha256 VARCHAR NOT NULL UNIQUE,
        format VARCHAR NOT NULL,
        host VARCHAR,
        imported_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP),
        lines BIGINT NOT NULL,
        events BIGINT NOT NULL,
        rejects BIGINT NOT NULL,
        blank BIGINT NOT NULL,
        first_ts TIMESTAMP,
        last_ts TIMESTAMP,
        status VARCHAR NOT NULL,
        message VARCHAR
      )`,
      EVENTS_STORE_SQL,
      EVENTS_VIEW_SQL,
      `CREATE TABLE rejects (
        source_id INTEGER NOT NULL,
        line_no BIGINT NOT NULL,
        byte_off BIGINT NOT NULL,
        reason VARCHAR NOT NULL,
        line VARCHAR NOT NULL,
        raw BLOB
      )`,
      // Helpers users can call in SQL: IPv4 text to number, and a CIDR test on the numeric columns.
      `CREATE MACRO ip4_num(a) AS
        (split_part(a, '.', 1)::UBIGINT << 24) + (split_part(a, '.', 2)::UBIGINT << 16)
        + (split_part(a, '.', 3)::UBIGINT << 8) + split_part(a, '.', 4)::UBIGINT`,
      `CREATE MACRO in_cidr4(num, cidr) AS
        num::UHUGEINT >> (32 - split_part(cidr, '/', 2)::INTEGER)
        = ip4_num(split_part(cidr, '/', 1))::UHUGEINT >> (32 - split_part(cidr, '/', 2)::INTEGER)`,
    ],
  },
  {
    version: 2,
    what: 'conntrack, pcap_flows, names, the flows view',
    sql: [
      // What a source's counts are in: text lines, or packets for captures; and where its rows went.
      `ALTER TABLE sources ADD COLUMN unit VARCHAR DEFAULT 'line'`,
      `ALTER TABLE sources ADD COLUMN rows_table VARCHAR DEFAULT 'events'`,
      `ALTER TABLE sources ADD COLUMN rows_written BIGINT DEFAULT 0`,
      `UPDATE sources SET rows_written = events`,
      createTableSql('conntrack', CONNTRACK_COLUMNS),
      createTableSql('pcap_flows', PCAP_FLOW_COLUMNS),
      createTableSql('names', NAME_COLUMNS),
      `CREATE VIEW pcap_flows_v AS SELECT *, ${protoNameSql('proto_num')} AS proto FROM pcap_flows`,
      `INSERT INTO fwlens_meta VALUES ('ephemeral_port_min', '1024')`,
      // Every observation of traffic, whatever recorded it, with the client's ephemeral port
      // collapsed so one service flow is one row.
      `CREATE VIEW flows AS
       WITH cfg AS (SELECT value::INTEGER AS eph FROM fwlens_meta WHERE key = 'ephemeral_port_min'),
       seen AS (
         SELECT 'log' AS origin, source_id, family, proto_num, src, sport, dst, dport, ts AS first_ts, ts AS last_ts,
                1 AS records, 1::UBIGINT AS packets, len::UBIGINT AS bytes, NULL::UBIGINT AS reply_packets,
                NULL::UBIGINT AS reply_bytes, action
           FROM events
         UNION ALL
         -- conntrack counters are running totals of one connection: each connection counts once,
         -- with its largest figures, however many events or dumps show it.
         SELECT 'conntrack', source_id, family, proto_num, src, sport, dst, dport,
                min(coalesce(start_ts, ts)), max(coalesce(stop_ts, ts)), count(*), max(packets), max(bytes),
                max(reply_packets), max(reply_bytes), CASE WHEN bool_or(replied) THEN 'REPLIED' ELSE 'UNREPLIED' END
           FROM conntrack
          GROUP BY source_id, family, proto_num, src, sport, dst, dport, reply_src, reply_dst, reply_sport, reply_dport, zone, coalesce(id, 0)
         UNION ALL
         SELECT 'pcap', source_id, family, proto_num, src, sport, dst, dport, first_ts, last_ts,
                1, packets, bytes, reply_packets, reply_bytes, NULL
           FROM pcap_flows)
       SELECT origin, family, ${protoNameSql('proto_num')} AS proto, proto_num, src,
              CASE WHEN sport > cfg.eph THEN NULL ELSE sport END AS sport, dst, dport, action,
              min(first_ts) AS first_seen, max(last_ts) AS last_seen, sum(records)::BIGINT AS records,
              sum(packets)::UBIGINT AS packets, sum(bytes)::UBIGINT AS bytes,
              sum(reply_packets)::UBIGINT AS reply_packets, sum(reply_bytes)::UBIGINT AS reply_bytes,
              list(DISTINCT source_id ORDER BY source_id) AS sources
         FROM seen, cfg
        GROUP BY origin, family, proto_num, src, CASE WHEN sport > cfg.eph THEN NULL ELSE sport END, dst, dport, action`,
    ],
  },
  {
    version: 3,
    what: 'ip_info, lookups, services, asn_ranges and the enriched views',
    sql: [
      createTableSql('ip_info', IP_INFO_COLUMNS),
      `CREATE TABLE lookups (kind VARCHAR NOT NULL, query VARCHAR NOT NULL, status VARCHAR NOT NULL, server VARCHAR,
        fetched_at TIMESTAMP NOT NULL, record JSON, raw VARCHAR, PRIMARY KEY (kind, query))`,
      `CREATE TABLE services (proto VARCHAR, port INTEGER, name VARCHAR, PRIMARY KEY (proto, port))`,
      `CREATE TABLE asn_ranges (family TINYINT, lo UHUGEINT, hi UHUGEINT, asn UINTEGER, org VARCHAR)`,
      `INSERT INTO fwlens_meta VALUES ('internal_networks', ''), ('geoip_city_db', ''), ('geoip_asn_db', '')`,
      enrichedViewSql('events_enriched', 'events', 't.proto'),
      enrichedViewSql('conntrack_enriched', 'conntrack', 't.proto'),
      enrichedViewSql('flows_enriched', 'flows', 't.proto'),
    ],
    fill: async (db) => {
      const app = await db.conn.createAppender('services');
      for (const s of serviceEntries()) {
        app.appendVarchar(s.proto);
        app.appendInteger(s.port);
        app.appendVarchar(s.name);
        app.endRow();
      }
      app.flushSync();
      app.closeSync();
    },
  },
  {
    version: 4,
    what: 'query history and saved queries (the app)',
    sql: [
      `CREATE TABLE query_history (sql VARCHAR NOT NULL, ran_at TIMESTAMP NOT NULL)`,
      `CREATE SEQUENCE IF NOT EXISTS saved_query_ids START 1`,
      `CREATE TABLE saved_queries (id INTEGER PRIMARY KEY DEFAULT nextval('saved_query_ids'), name VARCHAR NOT NULL,
        sql VARCHAR NOT NULL, saved_at TIMESTAMP NOT NULL)`,
    ],
  },
  {
    version: 5,
    what: 'imported firewall rulesets (fwlens ruleset import)',
    sql: [
      `CREATE SEQUENCE IF NOT EXISTS ruleset_version_ids START 1`,
      `CREATE TABLE ruleset_versions (id INTEGER PRIMARY KEY DEFAULT nextval('ruleset_version_ids'), name VARCHAR NOT NULL,
        path VARCHAR NOT NULL, sha256 VARCHAR NOT NULL UNIQUE, format VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL, rules INTEGER NOT NULL)`,
      `CREATE TABLE ruleset_rules (version_id INTEGER NOT NULL, family VARCHAR NOT NULL, table_name VARCHAR NOT NULL,
        chain VARCHAR NOT NULL, kind VARCHAR NOT NULL, position INTEGER, handle INTEGER, text VARCHAR NOT NULL,
        target VARCHAR, log_prefix VARCHAR, packets UBIGINT, bytes UBIGINT)`,
    ],
  },
  {
    version: 6,
    what: 'rejects keep at most 64 KiB of a line, with its full length and sha256',
    sql: [
      // The line's length in bytes; sha256 of the whole line when only its first 64 KiB were kept.
      `ALTER TABLE rejects ADD COLUMN length BIGINT`,
      `ALTER TABLE rejects ADD COLUMN sha256 VARCHAR`,
    ],
  },
  {
    version: 7,
    what: 'state the app keeps per case (chosen columns, filters, editor text)',
    sql: [`CREATE TABLE ui_state (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL)`],
  },
  {
    version: 8,
    what: 'the block list of the case (item, direction, why, who, when)',
    sql: [
      // One row per target: an entry is one decision about one address, CIDR or ASN, with one direction.
      `CREATE SEQUENCE IF NOT EXISTS block_list_ids START 1`,
      `CREATE TABLE block_list (id INTEGER PRIMARY KEY DEFAULT nextval('block_list_ids'), item VARCHAR NOT NULL UNIQUE,
        direction VARCHAR NOT NULL, why VARCHAR, added_by VARCHAR NOT NULL, added_at TIMESTAMP NOT NULL)`,
    ],
  },
  {
    version: 9,
    what: 'pinned queries of the SQL history (kept when the history is trimmed)',
    // Pinned by text, apart from query_history: trimming the history never touches a pin.
    sql: [`CREATE TABLE pinned_queries (sql VARCHAR PRIMARY KEY, pinned_at TIMESTAMP NOT NULL)`],
  },
  {
    version: 10,
    what: 'skipped syslog lines of other programs: sources.skipped, skipped_programs, skipped_lines',
    sql: [
      // Other programs' lines of a syslog file are counted apart from rejects: lines = events + rejects + skipped + blank.
      `ALTER TABLE sources ADD COLUMN skipped BIGINT DEFAULT 0`,
      `CREATE TABLE skipped_programs (source_id INTEGER NOT NULL, program VARCHAR NOT NULL, lines BIGINT NOT NULL)`,
      // Filled only when an import is asked to keep them (`fwlens import --keep-skipped`).
      `CREATE TABLE skipped_lines (source_id INTEGER NOT NULL, line_no BIGINT NOT NULL, byte_off BIGINT NOT NULL,
        program VARCHAR NOT NULL, line VARCHAR NOT NULL)`,
    ],
  },
  {
    version: 11,
    what: 'nft / xtables-monitor traces: trace_id, trace_family, trace_handle, trace_verdict, trace_text in the events view',
    // The fields live in the JSON detail column; only the view needs them named.
    sql: [EVENTS_VIEW_SQL],
  },
  {
    version: 12,
    what: 'observations (every observation before flows merges them); the enriched views take the peer from the two ends',
    sql: [
      OBSERVATIONS_VIEW_SQL,
      flowsViewSql(protoNameSql('proto_num')),
      enrichedViewSql('events_enriched', 'events', 't.proto'),
      enrichedViewSql('conntrack_enriched', 'conntrack', 't.proto'),
      enrichedViewSql('flows_enriched', 'flows', 't.proto'),
    ],
  },
  {
    version: 13,
    what: 'conntrack rows in conntrack_store, the fields few entries have in one JSON detail column; conntrack is a view with the same columns',
    sql: CONNTRACK_STORE_MIGRATION,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
