// Compiles the Explore filter model to SQL over events_enriched: every value validated or quoted.
import { parseCidr } from './ip.ts';
import { exploreSort, orderBySql } from '../../src-main/shared/explore.ts';
import { INBOUND_SQL, OUTBOUND_SQL } from '../../src-main/shared/direction-sql.ts';
import { ADDRESS_SCOPES, PRESETS, SCOPES, type Filter, type FilterClause } from './filter-model.ts';
import { resolveCountry } from './country-names.ts';
import { timeSql } from './time-text.ts';

export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

/** A SQL string literal: single quotes doubled, NUL and other control characters refused. */
export function quoteString(s: string): string {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s)) throw new FilterError('text contains control characters');
  return `'${s.replace(/'/g, "''")}'`;
}

/** A SQL identifier, only for plain names (letters, digits, underscore). */
export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) throw new FilterError(`not a column name: ${name}`);
  return `"${name}"`;
}

function addressCond(col: 'src' | 'dst', text: string): string {
  const r = parseCidr(text);
  if (r === null) throw new FilterError(`not an address or CIDR: ${text}`);
  const num = `${col}_num`;
  if (r.lo === r.hi) return `(family = ${r.family} AND ${num} = ${r.lo}::UHUGEINT)`;
  return `(family = ${r.family} AND ${num} BETWEEN ${r.lo}::UHUGEINT AND ${r.hi}::UHUGEINT)`;
}

function portCond(col: 'sport' | 'dport', text: string): string {
  const m = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(text);
  if (!m) throw new FilterError(`not a port or range: ${text}`);
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo > 65535 || hi > 65535) throw new FilterError(`port out of range: ${text}`);
  if (hi < lo) throw new FilterError(`empty port range: ${text}`);
  return lo === hi ? `${col} = ${lo}` : `${col} BETWEEN ${lo} AND ${hi}`;
}

function timeLiteral(text: string): string {
  try {
    return timeSql(text);
  } catch (e) {
    throw new FilterError(e instanceof Error ? e.message : String(e));
  }
}

function integer(text: string, what: string, max: number): number {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t) || Number(t) > max) throw new FilterError(`not a valid ${what}: ${text}`);
  return Number(t);
}

function columnCond(c: FilterClause): string {
  const col = quoteIdent(c.column ?? '');
  switch (c.literal ?? 'text') {
    case 'null': return `${col} IS NULL`;
    case 'bool':
      if (c.value !== 'true' && c.value !== 'false') throw new FilterError(`not a boolean: ${c.value}`);
      return `${col} = ${c.value.toUpperCase()}`;
    case 'number':
      if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(c.value)) throw new FilterError(`not a number: ${c.value}`);
      return `${col} = ${c.value}`;
    default: return `CAST(${col} AS VARCHAR) = ${quoteString(c.value)}`;
  }
}

/** The condition one clause stands for, before include/exclude. Throws FilterError on a bad value. */
export function clauseCondition(c: FilterClause): string {
  const v = c.value.trim();
  switch (c.kind) {
    case 'src': case 'dst': return addressCond(c.kind, v);
    case 'addr': return `(${addressCond('src', v)} OR ${addressCond('dst', v)})`;
    case 'sport': case 'dport': return portCond(c.kind, v);
    case 'port': return `(${portCond('sport', v)} OR ${portCond('dport', v)})`;
    case 'proto':
      if (/^\d{1,3}$/.test(v)) return `proto_num = ${integer(v, 'protocol number', 255)}`;
      if (!/^[A-Za-z][A-Za-z0-9-]{0,15}$/.test(v)) throw new FilterError(`not a protocol: ${c.value}`);
      return `upper(proto) = ${quoteString(v.toUpperCase())}`;
    case 'prefix': return `contains(lower(prefix), ${quoteString(v.toLowerCase())})`;
    case 'action': return `upper(action) = ${quoteString(v.toUpperCase())}`;
    case 'iface': return `(in_if = ${quoteString(v)} OR out_if = ${quoteString(v)})`;
    case 'since': return `ts >= ${timeLiteral(v)}`;
    case 'until': return `ts < ${timeLiteral(v)}`;
    case 'country': {
      const code = resolveCountry(v);
      if (code === null) throw new FilterError(`not a country name or two-letter code: ${c.value}`);
      return `country = ${quoteString(code)}`;
    }
    case 'sscope': case 'dscope':
      if (!(ADDRESS_SCOPES as readonly string[]).includes(v)) throw new FilterError(`unknown address scope: ${c.value} (${ADDRESS_SCOPES.join(', ')})`);
      return `${c.kind === 'sscope' ? 'src_scope' : 'dst_scope'} = ${quoteString(v)}`;
    case 'asn': {
      const n = v.replace(/^AS/i, '');
      return `asn = ${integer(n, 'AS number', 4294967295)}`;
    }
    case 'org': return `contains(lower(org), ${quoteString(v.toLowerCase())})`;
    case 'scope':
      switch (v as (typeof SCOPES)[number]) {
        case 'internal': return `(src_scope = 'internal' AND dst_scope = 'internal')`;
        case 'external': return `(src_scope = 'external' OR dst_scope = 'external')`;
        // The same definitions as the ready questions and the Overview's lists, so a click through agrees.
        case 'inbound': return INBOUND_SQL;
        case 'outbound': return OUTBOUND_SQL;
        default: throw new FilterError(`unknown scope: ${c.value} (${SCOPES.join(', ')})`);
      }
    case 'preset': {
      const p = PRESETS.find((x) => x.id === v);
      if (!p) throw new FilterError(`unknown preset: ${c.value}`);
      return p.sql;
    }
    case 'column': return columnCond(c);
    default: throw new FilterError(`unknown filter kind: ${String((c as FilterClause).kind)}`);
  }
}

/** One clause as a WHERE term: include as is; exclude keeps rows where the condition is not true. */
export function clauseSql(c: FilterClause): string {
  const cond = clauseCondition(c);
  return c.exclude ? `NOT coalesce(${cond}, false)` : cond;
}

/** The error message a clause would raise, or null when it compiles. */
export function clauseError(c: FilterClause): string | null {
  try {
    clauseSql(c);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Every clause ANDed; empty filter = TRUE. */
export function filterWhere(f: Filter): string {
  return f.clauses.length === 0 ? 'TRUE' : f.clauses.map(clauseSql).join('\n  AND ');
}

export interface QueryShape {
  table?: string;
  columns?: string[];
  orderBy?: string | null;
  desc?: boolean;
}

export const DEFAULT_COLUMNS = [
  'ts', 'action', 'prefix', 'in_if', 'out_if', 'proto', 'src', 'sport', 'dst', 'dport', 'service', 'country', 'org', 'len', 'flags',
];

/** The whole SELECT the Explore grid runs (paging is added by runQuery's offset/limit). */
export function filterQuery(f: Filter, shape: QueryShape = {}): string {
  const table = quoteIdent(shape.table ?? 'events_enriched');
  const cols = (shape.columns ?? DEFAULT_COLUMNS).map(quoteIdent).join(', ');
  // The grid pages events_enriched in exactly this order (addresses by family, then number).
  if (shape.orderBy) quoteIdent(shape.orderBy);
  const order = shape.table === undefined || shape.table === 'events_enriched'
    ? orderBySql(exploreSort(shape.orderBy, shape.desc))
    : shape.orderBy ? `${quoteIdent(shape.orderBy)} ${shape.desc ? 'DESC' : 'ASC'} NULLS LAST, source_id, line_no` : 'ts, source_id, line_no';
  return `SELECT ${cols}\n  FROM ${table}\n WHERE ${filterWhere(f)}\n ORDER BY ${order}`;
}
