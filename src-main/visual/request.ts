// Checks of the pictures' requests (the renderer and a WebSocket peer are not trusted): the shared
// filter and each chart's own fields, with defaults for what is left out.
import type { ViewFilter } from '../shared/visual.ts';
import { AppError } from '../app/result.ts';
import * as v from '../app/validate.ts';
import { timeLiteral } from '../db/view-filter.ts';

const bad = (message: string) => new AppError('BAD_ARGUMENT', message);

export const field = {
  oneOf: v.oneOf,
  int: v.int,
  text: (x: unknown, name: string, max: number): string => v.str(x, name, max),
  number(x: unknown, name: string, min: number): number {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw bad(`${name} must be a number`);
    if (x < min) throw bad(`${name} must be at least ${min}`);
    return x;
  },
  /** A list of short strings. */
  list(x: unknown, name: string, maxItems: number): string[] {
    if (!Array.isArray(x)) throw bad(`${name} must be a list`);
    if (x.length < 1 || x.length > maxItems) throw bad(`${name} must hold 1 to ${maxItems} items`);
    return x.map((s, i) => v.str(s, `${name}[${i}]`, 64));
  },
};

/**
 * The shared filter of a request plus the names of the chart's own fields: unknown fields are refused
 * (a confused or hostile caller), `where` defaults to TRUE, and the time range must be ISO text.
 */
export function checkViewFilter(input: unknown, own: readonly string[]): ViewFilter & Record<string, unknown> {
  const r = v.record(input, 'request');
  for (const k of Object.keys(r)) if (!['where', 'since', 'until', ...own].includes(k)) throw bad(`unknown request field "${k}"`);
  const where = r.where === undefined ? 'TRUE' : v.str(r.where, 'where', v.MAX_SQL, 0);
  const time = (x: unknown, name: string): string | null => {
    if (x === undefined || x === null || x === '') return null;
    const t = v.str(x, name, 64);
    timeLiteral(t);
    return t;
  };
  return { ...r, where, since: time(r.since, 'since'), until: time(r.until, 'until') };
}
