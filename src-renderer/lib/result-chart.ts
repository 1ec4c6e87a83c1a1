// Which columns of a SQL result a chart can show: a label (text, time or number) and a numeric value;
// and the first rows of it as chart data. The numbers come from the user's query, never counted here.
import type { Cell } from '../../src-main/shared/api.ts';
import { isNumericType } from './format-cell.ts';

export interface ChartColumns { label: number; value: number; kind: 'bar' | 'line' }

const TIME = /^(TIMESTAMP|DATE|TIME)/i;

/** The first numeric column after a label column, or null when the result has no such pair. */
export function chartColumns(columns: string[], types: string[]): ChartColumns | null {
  if (columns.length < 2) return null;
  const value = types.findIndex((t, i) => i > 0 && isNumericType(t));
  if (value < 0) return null;
  const label = types.findIndex((t, i) => i !== value && !isNumericType(t));
  const l = label >= 0 ? label : 0;
  if (l === value) return null;
  return { label: l, value, kind: TIME.test(types[l]) || isNumericType(types[l]) ? 'line' : 'bar' };
}

const num = (c: Cell): number => (typeof c === 'number' ? c : typeof c === 'string' && c.trim() !== '' ? Number(c) : NaN);

/** Rows as label/value points, dropping rows whose value is not a number. */
export function chartPoints(rows: Cell[][], c: ChartColumns): Array<{ label: string; x: string | number; value: number }> {
  return rows
    .map((r) => {
      const l = r[c.label];
      const label = l === null ? '∅' : String(l);
      return { label, x: typeof l === 'number' ? l : label, value: num(r[c.value]) };
    })
    .filter((p) => Number.isFinite(p.value));
}
