// Turning query results into text: aligned table, CSV (RFC 4180) and JSON. Pure: CLI and renderer share it.

export type Cell = unknown;

/** Display text of one value: timestamps as ISO UTC, lists bracketed, bytes as hex. */
export function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return isNaN(v.getTime()) ? '' : v.toISOString().replace('T', ' ').replace('Z', '');
  if (v instanceof Uint8Array) return '\\x' + Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('');
  if (Array.isArray(v)) return '[' + v.map(cellText).join(', ') + ']';
  return JSON.stringify(toJsonValue(v));
}

/** A JSON-safe value: bigints become numbers when exact, strings otherwise. */
export function toJsonValue(v: Cell): unknown {
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return cellText(v);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
  return v;
}

const isNumeric = (v: Cell) => typeof v === 'number' || typeof v === 'bigint';

// What a terminal would act on, or what reorders or hides text: C0 and C1 controls, DEL, bidi
// embeddings, overrides and isolates, zero-width characters, line and paragraph separators. Log text
// is attacker-controlled (a host named with U+202E reads backwards).
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Text with those characters shown as escapes (\t, \x1b, \u202e), for a terminal table only. */
export function visibleText(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const n = c.charCodeAt(0);
    return NAMED[c] ?? (n < 0x100 ? '\\x' + n.toString(16).padStart(2, '0') : '\\u' + n.toString(16).padStart(4, '0'));
  });
}

/** Columns padded to their widest cell; numbers right-aligned; unsafe characters escaped (CSV and JSON stay exact). */
export function formatTable(columns: string[], rows: Cell[][]): string {
  columns = columns.map(visibleText);
  const text = rows.map((r) => r.map((c) => visibleText(cellText(c))));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((r) => r[i].length)));
  const right = columns.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === null || isNumeric(r[i])));
  const line = (cells: string[]) =>
    cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

export function formatCsv(columns: string[], rows: Cell[][]): string {
  return [columns.map(csvField).join(','), ...rows.map((r) => r.map((c) => csvField(cellText(c))).join(','))].join('\r\n') + '\r\n';
}

export function formatJson(columns: string[], rows: Cell[][]): string {
  return JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, toJsonValue(r[i])]))), null, 2) + '\n';
}
