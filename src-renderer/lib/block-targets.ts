// What a result value can put on the block list (address, CIDR, AS<n>), and the SQL that reads a whole column.
import type { BlockDirection, Cell } from '../../src-main/shared/api.ts';
import { parseCidr, parseIp } from './ip.ts';

/** Columns whose whole numbers are AS numbers (asn, src_asn, dst_asn, peer_asn…). */
const ASN_COLUMN = /(^|_)asn$/i;
const MAX_ASN = 4294967295;

/** The most distinct values one "add column" takes: beyond that it is a query to narrow, not a block list. */
export const MAX_COLUMN_TARGETS = 10_000;

function asn(n: number): string | null {
  // AS0 is reserved (RFC 7607): no route is ever originated by it, so it blocks nothing.
  return Number.isInteger(n) && n >= 1 && n <= MAX_ASN ? `AS${n}` : null;
}

/** The block-list entry a cell stands for, or null: an address, a CIDR, or an ASN stored as `AS<n>`. */
export function blockTarget(column: string, value: Cell): string | null {
  if (typeof value === 'number') return ASN_COLUMN.test(column) ? asn(value) : null;
  if (typeof value !== 'string' || value.length > 64) return null;
  const v = value.trim();
  const as = /^AS(\d{1,10})$/i.exec(v);
  if (as) return asn(Number(as[1]));
  if (/^\d{1,10}$/.test(v)) return ASN_COLUMN.test(column) ? asn(Number(v)) : null;
  if (parseIp(v)) return v;
  if (v.includes('/') && parseCidr(v)) return v;
  return null;
}

/** Any column name as a SQL identifier: double quotes doubled, so names from user SQL (count(*), "a b") work. */
export function quoteAnyIdent(name: string): string {
  if (name.length === 0 || name.includes('\0')) throw new Error('not a column name');
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The distinct non-null values of one column of a query's whole result, one more than the maximum
 * so a column that is too big is told apart from one that just fits.
 */
export function distinctColumnSql(sql: string, column: string): string {
  const base = sql.replace(/[\s;]+$/, '').trim();
  const col = quoteAnyIdent(column);
  // The newlines keep a trailing `-- comment` in the user's SQL from swallowing the closing parenthesis.
  return `SELECT DISTINCT ${col} FROM (\n${base}\n) AS q WHERE ${col} IS NOT NULL LIMIT ${MAX_COLUMN_TARGETS + 1}`;
}

/**
 * The direction an entry gets from the column it came from: a destination (`dst`, `dst_asn`, `dest`…) is somewhere
 * our hosts went, so traffic to it is stopped; anything else (a source, a peer, an ASN) is blocked as it comes in.
 */
export function defaultDirection(column: string | null | undefined): BlockDirection {
  return column && /(^|_)(dst|dest|destination|daddr)($|_)/i.test(column) ? 'outbound' : 'inbound';
}
