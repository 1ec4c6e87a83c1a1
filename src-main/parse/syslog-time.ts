// Owns wall-clock arithmetic for log stamps: digit-level stamp readers, zone offsets, year inference.
import { localMonthAt } from './month-names.ts';

/** Scratch result of the stamp readers; reused across lines so the hot path allocates nothing. */
export interface Stamp {
  y: number; mo: number; d: number; h: number; mi: number; s: number;
  /** Sub-second part in microseconds (digits past the 6th are dropped). */
  us: number;
  /** Offset written in the stamp in ms east of UTC; NaN when the stamp has none. */
  offMs: number;
  /** Index just past the stamp. */
  end: number;
  /** How many fraction digits were written (0 = none). */
  fracDigits: number;
  /** readBsdStamp: index of the day field (its padding tells journalctl's short form from RFC 3164). */
  dayAt: number;
}

export const newStamp = (): Stamp =>
  ({ y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, us: 0, offMs: NaN, end: 0, fracDigits: 0, dayAt: 0 });

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12); H. Hinnant's algorithm. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

export const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MDAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Wall-clock fields read as if they were UTC, in ms. */
export const civilMs = (y: number, mo: number, d: number, h: number, mi: number, s: number): number =>
  daysFromCivil(y, mo, d) * DAY_MS + h * 3_600_000 + mi * 60_000 + s * 1000;

/** Month number 1..12 from a 3-letter English abbreviation at i, 0 if none. */
export function monthAt(line: string, i: number): number {
  switch ((line.charCodeAt(i) << 16) | (line.charCodeAt(i + 1) << 8) | line.charCodeAt(i + 2)) {
    case 0x4a616e: return 1; case 0x466562: return 2; case 0x4d6172: return 3; case 0x417072: return 4;
    case 0x4d6179: return 5; case 0x4a756e: return 6; case 0x4a756c: return 7; case 0x417567: return 8;
    case 0x536570: return 9; case 0x4f6374: return 10; case 0x4e6f76: return 11; case 0x446563: return 12;
    default: return 0;
  }
}

const dig = (line: string, i: number): number => {
  const c = line.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};
const two = (line: string, i: number): number => {
  const a = dig(line, i), b = dig(line, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
};
const four = (line: string, i: number): number => {
  const a = two(line, i), b = two(line, i + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
};

/** `HH:MM:SS[.frac]` at i; fills h/mi/s/us/fracDigits/end. */
function readClock(line: string, i: number, st: Stamp): boolean {
  const h = two(line, i), mi = two(line, i + 3), s = two(line, i + 6);
  if (h < 0 || mi < 0 || s < 0 || line.charCodeAt(i + 2) !== 58 || line.charCodeAt(i + 5) !== 58) return false;
  if (h > 23 || mi > 59 || s > 60) return false;
  st.h = h; st.mi = mi; st.s = s; st.us = 0; st.fracDigits = 0;
  i += 8;
  const sep = line.charCodeAt(i);
  if (sep === 46 || sep === 44) {
    let k = i + 1, us = 0, n = 0;
    for (let c = dig(line, k); c >= 0; c = dig(line, ++k)) if (n++ < 6) us = us * 10 + c;
    if (n === 0) return false;
    for (let p = n; p < 6; p++) us *= 10;
    st.us = us; st.fracDigits = n; i = k;
  }
  st.end = i;
  return true;
}

/**
 * RFC 3164 / journalctl short[-precise] stamp `Mmm dd HH:MM:SS[.frac]` (day space- or zero-padded, or bare).
 * The month may be a localized abbreviation (`avr`, `févr.`, `Mär`, `мая`); `st.dayAt` is where the day starts.
 */
export function readBsdStamp(line: string, i: number, st: Stamp): boolean {
  let mo = monthAt(line, i), k = i + 3;
  if (mo === 0 || line.charCodeAt(k) !== 32) {
    const m = localMonthAt(line, i);
    if (m === 0) return false;
    mo = m >> 8;
    k = i + (m & 255);
    if (line.charCodeAt(k) !== 32) return false;
  }
  k++;
  st.dayAt = k;
  if (line.charCodeAt(k) === 32) k++;
  let d = dig(line, k);
  if (d < 0) return false;
  const d2 = dig(line, k + 1);
  if (d2 >= 0) { d = d * 10 + d2; k++; }
  if (d < 1 || d > 31 || line.charCodeAt(k + 1) !== 32) return false;
  st.y = 0; st.mo = mo; st.d = d; st.offMs = NaN;
  return readClock(line, k + 2, st);
}

/** Offset `Z`, `±HH:MM`, `±HHMM` or `±HH` at i; returns the end index or -1. */
function readOffset(line: string, i: number, st: Stamp): number {
  const c = line.charCodeAt(i);
  if (c === 90 || c === 122) { st.offMs = 0; return i + 1; }
  if (c !== 43 && c !== 45) { st.offMs = NaN; return i; }
  const hh = two(line, i + 1);
  if (hh < 0 || hh > 18) return -1;
  let k = i + 3, mm = 0;
  if (line.charCodeAt(k) === 58) k++;
  const m2 = two(line, k);
  if (m2 >= 0) { mm = m2; k += 2; } else if (k !== i + 3) return -1;
  st.offMs = (c === 45 ? -1 : 1) * (hh * 60 + mm) * 60_000;
  return k;
}

/** RFC 3339 / ISO 8601 `YYYY-MM-DDTHH:MM:SS[.frac][Z|±HH[:]MM]`. */
export function readIsoStamp(line: string, i: number, st: Stamp): boolean {
  const y = four(line, i);
  const mo = two(line, i + 5), d = two(line, i + 8);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  if (line.charCodeAt(i + 4) !== 45 || line.charCodeAt(i + 7) !== 45) return false;
  const t = line.charCodeAt(i + 10);
  if (t !== 84 && t !== 116) return false;
  if (!readClock(line, i + 11, st)) return false;
  st.y = y; st.mo = mo; st.d = d;
  const e = readOffset(line, st.end, st);
  if (e < 0) return false;
  st.end = e;
  return d <= daysInMonth(y, mo);
}

/** Apache/pvefw-logger stamp `20/Jun/2022:13:09:14 +0200`. */
export function readClfStamp(line: string, i: number, st: Stamp): boolean {
  const d = two(line, i), mo = monthAt(line, i + 3);
  const y = four(line, i + 7);
  if (d < 1 || mo === 0 || y < 0 || line.charCodeAt(i + 2) !== 47 || line.charCodeAt(i + 6) !== 47) return false;
  if (line.charCodeAt(i + 11) !== 58 || !readClock(line, i + 12, st) || line.charCodeAt(st.end) !== 32) return false;
  st.y = y; st.mo = mo; st.d = d;
  const e = readOffset(line, st.end + 1, st);
  if (e < 0 || Number.isNaN(st.offMs)) return false;
  st.end = e;
  return d <= daysInMonth(y, mo);
}

export const daysInMonth = (y: number, mo: number): number => (mo === 2 && !isLeap(y) ? 28 : MDAYS[mo]!);

/** Kernel uptime `[ 3445.031964]` at i: seconds, with `end` past `]`; NaN if not that shape. */
export function readUptime(line: string, i: number, st: Stamp): number {
  if (line.charCodeAt(i) !== 91) return NaN;
  let k = i + 1;
  while (line.charCodeAt(k) === 32) k++;
  let whole = 0, frac = 0, scale = 1, n = 0;
  for (let c = dig(line, k); c >= 0; c = dig(line, ++k)) { whole = whole * 10 + c; n++; }
  if (n === 0 || line.charCodeAt(k) !== 46) return NaN;
  n = 0;
  for (let c = dig(line, ++k); c >= 0; c = dig(line, ++k)) { if (n++ < 9) { frac = frac * 10 + c; scale *= 10; } }
  if (n === 0 || line.charCodeAt(k) !== 93) return NaN;
  st.end = k + 1;
  // One correctly rounded division of exact integers gives the same double as parseFloat of the text.
  return (whole * scale + frac) / scale;
}

/** A zone turns local wall-clock fields into UTC ms. */
export interface Zone {
  /** UTC ms of local wall-clock fields (month 1..12). Nonexistent local times (spring-forward gap)
   *  move forward by the gap; repeated ones (fall-back) take the first occurrence, like Temporal's 'compatible'. */
  toUtc(y: number, mo: number, d: number, h: number, mi: number, s: number): number;
  /** Offset in ms east of UTC at a UTC instant. */
  offsetAt(utcMs: number): number;
}

/** Parses `+02:00`, `-0530`, `+02`; NaN if the text is not a fixed offset. */
export function parseFixedOffset(tz: string): number {
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(tz);
  if (!m) return /^(?:UTC|GMT|Z|Etc\/UTC|Etc\/GMT|Etc\/Zulu|Universal|Zulu)$/i.test(tz) ? 0 : NaN;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
}

/** Builds the zone for ctx.tz; throws RangeError for an unknown IANA name (a config error, not a line error). */
export function makeZone(tz?: string): Zone {
  const name = tz ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const fixed = parseFixedOffset(name);
  if (!Number.isNaN(fixed)) {
    return { toUtc: (y, mo, d, h, mi, s) => civilMs(y, mo, d, h, mi, s) - fixed, offsetAt: () => fixed };
  }
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const offsetAt = (t: number): number => {
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    for (const p of fmt.formatToParts(t)) {
      switch (p.type) {
        case 'year': y = Number(p.value); break; case 'month': mo = Number(p.value); break;
        case 'day': d = Number(p.value); break; case 'hour': h = Number(p.value) % 24; break;
        case 'minute': mi = Number(p.value); break; case 'second': s = Number(p.value); break;
      }
    }
    return civilMs(y, mo, d, h, mi, s) - Math.floor(t / 1000) * 1000;
  };
  // Offsets are resolved once per local half hour: Intl costs microseconds, and every DST rule in
  // use switches on a half-hour boundary (Lord Howe shifts by 30 min), so a slot shares one answer.
  const cache = new Map<number, number>();
  let lastKey = -1, lastOff = 0;
  const resolve = (local: number): number => {
    const before = offsetAt(local - DAY_MS), after = offsetAt(local + DAY_MS);
    const okBefore = offsetAt(local - before) === before;
    const okAfter = before !== after && offsetAt(local - after) === after;
    if (okBefore && okAfter) return Math.max(before, after); // repeated hour: earlier instant
    if (okBefore) return before;
    if (okAfter) return after;
    return before; // skipped hour: read with the pre-transition offset, i.e. shifted forward
  };
  return {
    offsetAt,
    toUtc(y, mo, d, h, mi, s) {
      const half = mi >= 30 ? 30 : 0;
      const key = (((y * 16 + mo) * 32 + d) * 24 + h) * 2 + (half ? 1 : 0);
      if (key !== lastKey) {
        let off = cache.get(key);
        if (off === undefined) {
          if (cache.size > 200_000) cache.clear();
          off = resolve(civilMs(y, mo, d, h, half, 0));
          cache.set(key, off);
        }
        lastKey = key; lastOff = off;
      }
      return civilMs(y, mo, d, h, mi, s) - lastOff;
    },
  };
}

/**
 * Year for a year-less stamp, or -1 if the date cannot exist. Rotated logs span New Year, so the
 * reference is the file's mtime (the newest line is at most that old): a month/day more than one
 * day after the reference date must be from the previous year. The day of slack absorbs zone and
 * clock skew between the writer and the file's mtime.
 */
export function makeYearResolver(refTimeMs: number, zone: Zone, fixedYear?: number): (mo: number, d: number) => number {
  const memo = new Int32Array(13 * 32);
  const refLocal = refTimeMs + zone.offsetAt(refTimeMs);
  const refDay = Math.floor(refLocal / DAY_MS);
  const refYear = new Date(refLocal).getUTCFullYear();
  return (mo, d) => {
    const k = mo * 32 + d;
    const hit = memo[k]!;
    if (hit !== 0) return hit;
    let y: number;
    if (fixedYear !== undefined) {
      y = d <= daysInMonth(fixedYear, mo) ? fixedYear : -1;
    } else {
      y = daysFromCivil(refYear, mo, d) > refDay + 1 ? refYear - 1 : refYear;
      // Feb 29 names a leap year: the latest one not after the inferred year.
      while (mo === 2 && d === 29 && !isLeap(y)) y--;
      if (d > daysInMonth(y, mo)) y = -1;
    }
    memo[k] = y;
    return y;
  };
}
