// JSON-safe cells for the renderer: what `toJsonValue` gives, typed as the contract's Cell.
import type { Cell } from '../shared/api.ts';
import { toJsonValue } from '../shared/format-table.ts';

export function toCell(v: unknown): Cell {
  const j = toJsonValue(v);
  if (typeof j === 'number' && !Number.isFinite(j)) return String(j);
  return j === undefined ? null : (j as Cell);
}

export const toCellRows = (rows: unknown[][]): Cell[][] => rows.map((r) => r.map(toCell));
