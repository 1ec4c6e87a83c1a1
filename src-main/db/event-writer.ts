// Bulk path for events: EventRecord → one TSV line (hot path), and the read_csv insert of a batch file.
import type { EventRecord } from '../shared/model.ts';
import { addrNumText } from './address-number.ts';
import { DETAIL_FIELDS, EVENT_COLUMNS, STORE_COLUMNS } from './event-columns.ts';
import type { CaseDb } from './case-db.ts';
import { EXACT_MARK, FAST_CSV, makeRangeCheck } from './tsv-table.ts';
import { PROFILE, tick, tock } from '../import/import-profile.ts';

/** The column order writeEventTsv emits; checked against STORE_COLUMNS at load. */
export const TSV_ORDER = [
  'source_id', 'line_no', 'byte_off', 'ts', 'ts_text', 'uptime', 'host', 'prefix', 'action', 'in_if', 'out_if',
  'src', 'dst', 'src_num', 'dst_num', 'len', 'ttl', 'ip_id', 'proto_num', 'sport', 'dport', 'l4_len', 'win',
  'icmp_type', 'icmp_code', 'mac', 'tosprec', 'ipflags', 'tcp_flags', 'detail',
];
if (TSV_ORDER.join() !== STORE_COLUMNS.map((c) => c.name).join()) throw new Error('event-writer: TSV order differs from events_store');

const NULL = '\\N';

// A row whose text the fast TSV form cannot carry (a control character, or a field that is exactly the
// NULL marker \N) is written again with every text quoted, to the exact batch (see EXACT_MARK).
let unsafe = false;
let quoting = false;

/**
 * Field text for TSV. The fast batch is read with quoting off (it halves DuckDB's scan time), so it
 * cannot hold a tab, a newline or a text that is exactly \N: such a row goes to the exact batch, read
 * with quoting on, where every character survives. Log fields almost never need it.
 */
function str(v: string | null): string {
  if (v === null) return NULL;
  if (quoting) return '"' + (v.includes('"') ? v.replaceAll('"', '""') : v) + '"';
  if (v === NULL) unsafe = true;
  else for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) < 32) { unsafe = true; break; }
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

/** The `detail` cell's JSON text, or null (for the byte writer, event-tsv-bytes.ts). */
export function detailText(r: EventRecord): string | null {
  const d = detailJson(r, NULL, str);
  return d === NULL ? null : d;
}

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

/** One TSV line (with its newline) for events_store; EXACT_MARK first when it is in the quoted form. */
export const writeEventTsv = PROFILE ? timedEventTsv : eventTsv;

function timedEventTsv(r: EventRecord, sourceId: number, lineNo: number, byteOff: number): string {
  const t = tick();
  const line = eventTsv(r, sourceId, lineNo, byteOff);
  tock('encode', t);
  return line;
}

function eventTsv(r: EventRecord, sourceId: number, lineNo: number, byteOff: number): string {
  unsafe = false;
  const line = row(r, sourceId, lineNo, byteOff);
  if (!unsafe) return line;
  quoting = true;
  try {
    return EXACT_MARK + row(r, sourceId, lineNo, byteOff);
  } finally {
    quoting = false;
  }
}

function row(r: EventRecord, sourceId: number, lineNo: number, byteOff: number): string {
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

/**
 * Why an event cannot be stored as parsed (a number that does not fit its column, a time outside years
 * 1..9999), or null: a reject then, where the value would fail its whole batch, or later every query.
 */
const fits = makeRangeCheck<EventRecord>([
  ...EVENT_COLUMNS.filter((c) => c.storage.kind !== 'expr').map((c) => ({ name: c.name, sql: c.storage.sql })),
  { name: 'tos', sql: 'UTINYINT' }, { name: 'prec', sql: 'UTINYINT' }, { name: 'tc', sql: 'USMALLINT' },
]);
export function eventMisfit(r: EventRecord): string | null {
  if (r.ts !== null && !(r.ts > -62135596800e6 && r.ts < 253402300800e6)) return `time ${r.ts_text ?? r.ts} is outside years 1..9999`;
  return fits(r, undefined);
}

/** How the insert turns TSV cells into stored values where they differ from a plain cast. */
const READ_AS: Record<string, [string, string]> = {
  ts: ['BIGINT', 'make_timestamp(ts)'],
  uptime: ['BIGINT', 'uptime / 1e6'],
};
const readColumns = STORE_COLUMNS.map((c) => `'${c.name}': '${READ_AS[c.name]?.[0] ?? c.sql}'`).join(', ');
const selectList = STORE_COLUMNS.map((c) => READ_AS[c.name]?.[1] ?? c.name).join(', ');
/** The insert of a fast batch; exactCsv() of it reads an exact one. */
export const INSERT_EVENTS_SQL = `INSERT INTO events_store SELECT ${selectList} FROM read_csv($1, ${FAST_CSV}, columns = {${readColumns}})`;

/** Inserts a TSV batch file written by writeEventTsv lines. */
export async function insertEventBatch(db: CaseDb, tsvPath: string, sql = INSERT_EVENTS_SQL): Promise<void> {
  await db.run(sql, [tsvPath]);
}
