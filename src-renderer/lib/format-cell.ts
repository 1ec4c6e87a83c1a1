// Cell formatting for the grid and panels: numbers, timestamps, lists, structs and NULL, as text.
import type { Cell } from '../../src-main/shared/api.ts';
import { visibleText } from './visible-text.ts';

export interface CellText {
  text: string;
  /** For styling: how the value reads. */
  kind: 'null' | 'number' | 'time' | 'bool' | 'list' | 'struct' | 'text';
  /** Full text for the tooltip when `text` is shortened. */
  title: string;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/i;
const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const MAX = 200;

/** Thousands separators with a plain space-free comma, fractions to 3 places, exact bigint text kept. */
export function formatNumber(n: number | string): string {
  if (typeof n === 'string') return /^-?\d+$/.test(n) ? n.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n;
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(n);
  const fixed = n.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  const [i, d] = fixed.split('.');
  return i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (d ? '.' + d : '');
}

/** ISO timestamp → `2024-01-08 03:37:09.123` (UTC as stored; microseconds kept when present). */
export function formatTimestamp(s: string): string {
  const m = ISO.exec(s);
  if (!m) return s;
  const zone = m[4] && m[4] !== 'Z' && !/^\+00:?00$/.test(m[4]) ? ' ' + m[4] : '';
  return `${m[1]} ${m[2]}${m[3] ?? ''}${zone}`;
}

function inner(v: Cell): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(inner).join(', ') + ']';
  return '{' + Object.entries(v).map(([k, x]) => `${k}: ${inner(x)}`).join(', ') + '}';
}

function clip(text: string): string {
  return text.length > MAX ? text.slice(0, MAX - 1) + '…' : text;
}

/** A cell as display text; `type` is the DuckDB column type and `column` its name, when known. */
export function formatCell(v: Cell | undefined, type = '', column = ''): CellText {
  if (v === null || v === undefined) return { text: 'NULL', kind: 'null', title: 'NULL' };
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false', kind: 'bool', title: String(v) };
  if (typeof v === 'number') {
    // Ports, years and ids read better without separators.
    const plain = /port|_id$|^id$|line_no|byte_off|asn$/i.test(column) ? String(v) : formatNumber(v);
    return { text: plain, kind: 'number', title: String(v) };
  }
  if (Array.isArray(v)) {
    const t = v.length === 0 ? '[]' : v.map(inner).join(', ');
    return { text: clip(t), kind: 'list', title: t };
  }
  if (isCut(v)) {
    return { text: clip(v.$truncated), kind: 'text', title: `${v.$truncated.slice(0, 2000)}… (${formatNumber(v.$length)} characters in all: "Show whole value" in the cell menu)` };
  }
  if (typeof v === 'object') {
    const t = inner(v);
    return { text: clip(t), kind: 'struct', title: t };
  }
  if (/^TIMESTAMP|^DATE/i.test(type) || (type === '' && ISO.test(v))) {
    return { text: formatTimestamp(v), kind: 'time', title: v };
  }
  if (NUMERIC.test(type) && /^-?\d+$/.test(v)) return { text: formatNumber(v), kind: 'number', title: v };
  // Log text is attacker-written: control and bidi characters are shown as escapes, never acted on.
  const shown = visibleText(v);
  return { text: clip(shown), kind: 'text', title: shown };
}

/** Whether a column reads as numbers (right-aligned in the grid). */
export function isNumericType(type: string): boolean {
  return NUMERIC.test(type);
}

/** Byte counts as `1.2 MB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

/** Seconds as `1h 02m`, `3m 05s`, `12s`. */
export function formatDuration(s: number | null): string {
  if (s === null || !Number.isFinite(s) || s < 0) return '–';
  const t = Math.round(s);
  if (t >= 3600) return `${Math.floor(t / 3600)}h ${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
  if (t >= 60) return `${Math.floor(t / 60)}m ${String(t % 60).padStart(2, '0')}s`;
  return `${t}s`;
}

/** A text cell the page carries cut (its whole length beside it). */
export function isCut(v: Cell | undefined): v is { $truncated: string; $length: number } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.$truncated === 'string' && typeof v.$length === 'number';
}
