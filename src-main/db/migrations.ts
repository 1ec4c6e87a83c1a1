// Versioned schema migrations of a case file; each runs once, in order, inside one transaction.
import { EVENTS_STORE_SQL, EVENTS_VIEW_SQL } from './event-columns.ts';

export interface Migration {
  version: number;
  what: string;
  sql: string[];
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
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
