// Bulk path for events: EventRecord → one TSV line (hot path), and the read_csv insert of a batch file.
import type { EventRecord } from '../shared/model.ts';
import { addrNumText } from './address-number.ts';
import { DETAIL_FIELDS, STORE_COLUMNS } from './event-columns.ts';
import type { CaseDb } from './case-db.ts';

/** The column order writeEventTsv emits; checked against STORE_COLUMNS at load. */
export const TSV_ORDER = [
  'source_id', 'line_no', 'byte_off', 'ts', 'ts_text', 'uptime', 'host', 'prefix', 'action', 'in_if', 'out_if',
  'src', 'dst', 'src_num', 'dst_num', 'len', 'ttl', 'ip_id', 'proto_num', 'sport', 'dport', 'l4_len', 'win',
  'icmp_type', 'icmp_code', 'mac', 'tosprec', 'ipflags', 'tcp_flags', 'detail',
];
if (TSV_ORDER.join() !== STORE_COLUMNS.map((c) => c.name).join()) throw new Error('event-writer: TSV order differs from events_store');

const NULL = '\\N';

/**
 * Field text for TSV. The batch is read with quoting off (it halves DuckDB's scan time), so a
 * control character cannot be carried as is: it is written as a visible \xNN escape. Log fields
 * almost never hold one, and the exact line stays reachable through byte_off.
 */
function str(v: string | null): string {
  if (v === null) return NULL;
  for (let i = 0; i < v.length; i++) {
    if (v.charCodeAt(i) < 32) return v.replace(/[\x00-\x1f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  }
  return v;
}
const num = (v: number | null): string => (v === null ? NULL : '' + v);

function addrNum(a: string | null): string {
  return addrNumText(a) ?? NULL;
}

/**
 * Serialises the rare fields as JSON, or NULL. Generated from DETAIL_FIELDS so each field is a plain
 * property read (a loop over names made every read megamorphic: the hottest spot of the writer).
 */
const detailJson = new Function('r', 'NULL', 'str',
  'let o = "";\n' +
  DETAIL_FIELDS.map((k) => `if (r.${k} !== null) o += (o ? ',"${k}":' : '{"${k}":') + (typeof r.${k} === 'string' ? JSON.stringify(r.${k}) : r.${k});`).join('\n') +
  // res and urgp are almost always 0: kept only when not (the view puts 0 back for TCP).
  '\nif (r.res !== null && r.res !== 0) o += (o ? \',"res":\' : \'{"res":\') + r.res;' +
  '\nif (r.urgp !== null && r.urgp !== 0) o += (o ? \',"urgp":\' : \'{"urgp":\') + r.urgp;' +
  '\nreturn o ? str(o + "}") : NULL;',
) as (r: EventRecord, nul: string, q: typeof str) => string;

function macText(r: EventRecord): string | null {
  if (r.mac_dst === null) return null;
  return r.mac_dst + ':' + (r.mac_src ?? '') + (r.ethertype !== null ? ':' + r.ethertype : '');
}

function tosprec(r: EventRecord): number | null {
  if (r.family === 6) return r.tc;
  if (r.tos === null && r.prec === null) return null;
  return (r.tos ?? 0) | ((r.prec ?? 0) << 8);
}

function ipflags(r: EventRecord): number | null {
  if (r.family !== 4) return null;
  return (r.mf ? 1 : 0) | (r.df ? 2 : 0) | (r.ce ? 4 : 0);
}

const cells: string[] = new Array(TSV_ORDER.length);

/** One TSV line (with its newline) for events_store. */
export function writeEventTsv(r: EventRecord, sourceId: number, lineNo: number, byteOff: number): string {
  // join() builds one flat string; a chain of + builds a rope of ~60 nodes per line, garbage the
  // collector then has to trace.
  const c = cells;
  c[0] = '' + sourceId; c[1] = '' + lineNo; c[2] = '' + byteOff; c[3] = num(r.ts); c[4] = str(r.ts_text);
  c[5] = r.uptime === null ? NULL : '' + Math.round(r.uptime * 1e6); c[6] = str(r.host); c[7] = str(r.prefix); c[8] = r.action; c[9] = str(r.in_if);
  c[10] = str(r.out_if); c[11] = str(r.src); c[12] = str(r.dst); c[13] = addrNum(r.src); c[14] = addrNum(r.dst);
  c[15] = num(r.len); c[16] = num(r.ttl); c[17] = num(r.ip_id); c[18] = num(r.proto_num); c[19] = num(r.sport);
  c[20] = num(r.dport); c[21] = num(r.l4_len); c[22] = num(r.win); c[23] = num(r.icmp_type); c[24] = num(r.icmp_code);
  c[25] = str(macText(r)); c[26] = num(tosprec(r)); c[27] = num(ipflags(r));
  c[28] = str(r.flags === null ? null : r.flags.join(' ')); c[29] = detailJson(r, NULL, str);
  return c.join('\t') + '\n';
}

/** How the insert turns TSV cells into stored values where they differ from a plain cast. */
const READ_AS: Record<string, [string, string]> = {
  ts: ['BIGINT', 'make_timestamp(ts)'],
  uptime: ['BIGINT', 'uptime / 1e6'],
};
const readColumns = STORE_COLUMNS.map((c) => `'${c.name}': '${READ_AS[c.name]?.[0] ?? c.sql}'`).join(', ');
const selectList = STORE_COLUMNS.map((c) => READ_AS[c.name]?.[1] ?? c.name).join(', ');
const INSERT_SQL = `INSERT INTO events_store SELECT ${selectList} FROM read_csv($1, delim = '\t', quote = '', escape = '',
  nullstr = '\\N', header = false, auto_detect = false, strict_mode = true, columns = {${readColumns}})`;

/** Inserts a TSV batch file written by writeEventTsv lines. */
export async function insertEventBatch(db: CaseDb, tsvPath: string): Promise<void> {
  await db.run(INSERT_SQL, [tsvPath]);
}
