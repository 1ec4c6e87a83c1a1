// Typed times for the filters: ISO text or the grid's display form, read in the case's display zone (UTC).

/** The zone the app shows times in: the case stores UTC and every grid, chart and field shows UTC. */
export const DISPLAY_ZONE = 'UTC';

/** What the fields show as an example of accepted text. */
export const TIME_EXAMPLE = '2024-01-08 03:00';

export interface ParsedTime {
  /** `2024-01-08 03:00:00` (wall clock as typed, seconds filled in) */
  stamp: string;
  /** `+02:00` when an offset was typed; null means the display zone. */
  offset: string | null;
}

export class TimeTextError extends Error {}

const RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads `2024-01-08`, `2024-01-08T03:00`, `2024-01-08 03:00:09.123` (as the grid shows it), with an
 * optional `Z`, ` UTC` or `+02:00`. Throws TimeTextError with a message fit to show next to the field.
 */
export function parseTimeText(text: string): ParsedTime {
  const t = text.trim();
  const m = RE.exec(t);
  if (!m) throw new TimeTextError(`"${text.trim()}" is not a time: type it as ${TIME_EXAMPLE} or 2024-01-08T03:00:00 (${DISPLAY_ZONE})`);
  const [y, mo, d, h = '00', mi = '00', s = '00'] = [m[1], m[2], m[3], m[4], m[5], m[6]];
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  if (Number(mo) < 1 || Number(mo) > 12) throw new TimeTextError(`month ${mo} does not exist (in ${t})`);
  if (Number(d) < 1 || Number(d) > days) throw new TimeTextError(`${y}-${mo} has no day ${d} (in ${t})`);
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) throw new TimeTextError(`${h}:${mi}:${s} is not a time of day (in ${t})`);
  const zone = m[8]?.toUpperCase();
  let offset: string | null = null;
  if (zone && !['Z', 'UTC', 'GMT'].includes(zone)) {
    const o = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    if (Number(o[2]) > 14 || Number(o[3]) > 59) throw new TimeTextError(`${zone} is not a UTC offset (in ${t})`);
    offset = `${o[1]}${o[2]}:${o[3]}`;
    if (offset === '+00:00' || offset === '-00:00') offset = null;
  }
  return { stamp: `${y}-${mo}-${d} ${h}:${mi}:${s}${m[7] ?? ''}`, offset };
}

/** The DuckDB literal of a typed time, as a UTC TIMESTAMP (what events.ts holds). */
export function timeSql(text: string): string {
  const p = parseTimeText(text);
  return p.offset === null ? `TIMESTAMP '${p.stamp}'` : `(TIMESTAMPTZ '${p.stamp}${p.offset}' AT TIME ZONE 'UTC')`;
}

/** Typed text in the canonical form the filter keeps (`2024-01-08T03:00` or with seconds/offset). */
export function canonicalTime(text: string): string {
  const p = parseTimeText(text);
  const iso = p.stamp.replace(' ', 'T').replace(/:00$/, '');
  return p.offset === null ? iso : iso + p.offset;
}

/**
 * A range end as the fields show it, in the display zone and the grid's form (`2024-01-08 03:00`).
 * Never through `new Date(text)` for zone-less text: a browser reads that in its own zone.
 */
export function displayTime(value: string): string {
  let p: ParsedTime;
  try {
    p = parseTimeText(value);
  } catch {
    return value;
  }
  let stamp = p.stamp;
  if (p.offset !== null) {
    const d = new Date(`${p.stamp.replace(' ', 'T')}${p.offset}`);
    if (Number.isNaN(d.getTime())) return value;
    stamp = d.toISOString().replace('T', ' ').replace('Z', '');
  }
  return stamp.replace(/\.0+$/, '').replace(/:00$/, '');
}
