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

/** Columns padded to their widest cell; numbers right-aligned. */
export function formatTable(columns: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map((c) => cellText(c).replace(/[\r\n\t]/g, ' ')));
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
