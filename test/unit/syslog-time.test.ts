import { describe, expect, it } from 'vitest';
import {
  daysFromCivil, makeYearResolver, makeZone, newStamp, parseFixedOffset, readBsdStamp, readClfStamp,
  readIsoStamp, readUptime,
} from '../../src-main/parse/syslog-time.ts';

const H = 3_600_000;
const utc = makeZone('UTC');

describe('daysFromCivil', () => {
  it('daysFromCivil agrees with Date.UTC on every day from 1899 to 2101', () => {
    for (let t = Date.UTC(1899, 0, 1); t <= Date.UTC(2101, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      if (daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) * 86_400_000 !== t) {
        throw new Error(`mismatch at ${d.toISOString()}`);
      }
    }
  });
});

describe('stamp readers', () => {
  it('readBsdStamp(space-padded, zero-padded and bare day) reads month, day and clock', () => {
    const st = newStamp();
    for (const [text, d] of [['Jan  8 03:37:09 x', 8], ['Jan 08 03:37:09 x', 8], ['Mar 8 22:35:42 x', 8], ['Dec 31 23:59:59 x', 31]] as const) {
      expect(readBsdStamp(text, 0, st), text).toBe(true);
      expect([st.mo, st.d, st.end]).toEqual([text.startsWith('Dec') ? 12 : text.startsWith('Mar') ? 3 : 1, d, text.length - 2]);
    }
    expect(st.h * 3600 + st.mi * 60 + st.s).toBe(86399);
  });

  it('readBsdStamp(short-precise) keeps microseconds and drops digits past the sixth', () => {
    const st = newStamp();
    expect(readBsdStamp('Jan 08 03:37:09.123456 h', 0, st)).toBe(true);
    expect([st.us, st.fracDigits, st.end]).toEqual([123456, 6, 22]);
    expect(readBsdStamp('Jan 08 03:37:09.1234567 h', 0, st)).toBe(true);
    expect(st.us).toBe(123456);
    expect(readBsdStamp('Jan 08 03:37:09.5 h', 0, st)).toBe(true);
    expect(st.us).toBe(500000);
  });

  it('readBsdStamp rejects unknown months, impossible clocks and missing separators', () => {
    const st = newStamp();
    for (const bad of ['Jab  8 03:37:09', 'jab  8 03:37:09', 'Jan 32 03:37:09', 'Jan  0 03:37:09', 'Jan  8 24:00:00', 'Jan  8 03:60:00', 'Jan  8 03-37-09', 'Jan  8 3:37:09', 'Jan  8 03:37:09.']) {
      expect(readBsdStamp(bad, 0, st), bad).toBe(false);
    }
  });

  it('readIsoStamp reads Z, ±HH:MM, ±HHMM and offset-less stamps', () => {
    const st = newStamp();
    const cases: Array<[string, number]> = [
      ['2021-03-12T14:10:18Z', 0], ['2024-05-01T10:00:00.123456+02:00', 2 * H], ['2024-01-08T03:37:09+0100', H],
      ['2024-01-08T03:37:09-05:30', -5.5 * H], ['2024-01-08T03:37:09', NaN],
    ];
    for (const [text, off] of cases) {
      expect(readIsoStamp(text, 0, st), text).toBe(true);
      expect(st.offMs, text).toBe(off);
      expect(st.end, text).toBe(text.length);
    }
  });

  it('readIsoStamp rejects impossible dates (2023-02-29, month 13) and broken offsets', () => {
    const st = newStamp();
    for (const bad of ['2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-04-31T00:00:00Z', '2024-01-08 03:37:09Z', '20x4-01-08T03:37:09Z', '2024-01-08T03:37:09+1']) {
      expect(readIsoStamp(bad, 0, st), bad).toBe(false);
    }
    expect(readIsoStamp('2024-02-29T00:00:00Z', 0, st)).toBe(true);
  });

  it('readClfStamp reads the pvefw-logger stamp with its offset', () => {
    const st = newStamp();
    expect(readClfStamp('20/Jun/2022:13:09:14 +0200 x', 0, st)).toBe(true);
    expect([st.y, st.mo, st.d, st.h, st.mi, st.s, st.offMs, st.end]).toEqual([2022, 6, 20, 13, 9, 14, 2 * H, 26]);
  });

  it('readUptime returns the same double as parseFloat and rejects bracketed prefixes', () => {
    const st = newStamp();
    for (const text of ['[158144.383443]', '[ 3445.031964]', '[2948936.567854]', '[    0.000001]', '[31925184.693562]']) {
      expect(readUptime(text, 0, st)).toBe(Number.parseFloat(text.slice(1)));
      expect(st.end).toBe(text.length);
    }
    for (const text of ['[UFW BLOCK]', '[wan-lan-default-D]IN=', '[123]', '[12.]', '[.5]', '[12.5 ']) {
      expect(readUptime(text, 0, st), text).toBeNaN();
    }
  });
});

describe('zones', () => {
  it('parseFixedOffset reads UTC names and ±HH[:MM] offsets; IANA names are not fixed', () => {
    expect(parseFixedOffset('UTC')).toBe(0);
    expect(parseFixedOffset('+02:00')).toBe(2 * H);
    expect(parseFixedOffset('-0530')).toBe(-5.5 * H);
    expect(parseFixedOffset('Europe/Berlin')).toBeNaN();
  });

  it('makeZone(unknown IANA name) throws instead of silently using UTC', () => {
    expect(() => makeZone('Mars/Olympus_Mons')).toThrow(RangeError);
  });

  const berlin = makeZone('Europe/Berlin');
  it('Europe/Berlin: the skipped hour 02:00-03:00 on 2024-03-31 moves forward (02:30 → 01:30Z)', () => {
    expect(berlin.toUtc(2024, 3, 31, 1, 59, 59)).toBe(Date.UTC(2024, 2, 31, 0, 59, 59));
    expect(berlin.toUtc(2024, 3, 31, 2, 30, 0)).toBe(Date.UTC(2024, 2, 31, 1, 30, 0));
    expect(berlin.toUtc(2024, 3, 31, 3, 0, 0)).toBe(Date.UTC(2024, 2, 31, 1, 0, 0));
  });

  it('Europe/Berlin: the repeated hour 02:00-03:00 on 2024-10-27 takes its first (CEST) occurrence', () => {
    expect(berlin.toUtc(2024, 10, 27, 1, 59, 59)).toBe(Date.UTC(2024, 9, 26, 23, 59, 59));
    expect(berlin.toUtc(2024, 10, 27, 2, 30, 0)).toBe(Date.UTC(2024, 9, 27, 0, 30, 0));
    expect(berlin.toUtc(2024, 10, 27, 3, 0, 0)).toBe(Date.UTC(2024, 9, 27, 2, 0, 0));
  });

  it('cached zone round-trips every quarter hour of 2024 except the second pass of repeated hours', () => {
    for (const name of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe']) {
      const zone = makeZone(name);
      const fmt = new Intl.DateTimeFormat('en-US', { timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      let mismatches = 0;
      for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += H / 4) {
        const f: Record<string, number> = {};
        for (const p of fmt.formatToParts(t)) f[p.type] = Number(p.value);
        const back = zone.toUtc(f.year!, f.month!, f.day!, f.hour!, f.minute!, f.second!);
        if (back !== t) {
          mismatches++;
          // Only the later of two identical wall-clock readings may map elsewhere: to the earlier one.
          expect(back, `${name} ${new Date(t).toISOString()}`).toBeLessThan(t);
        }
      }
      // One fall-back per year: 4 quarter hours repeat (2 for Lord Howe's 30-minute shift).
      expect(mismatches, name).toBe(name === 'Australia/Lord_Howe' ? 2 : 4);
    }
  });

  it('fixed-offset zone subtracts the offset from the wall clock', () => {
    expect(makeZone('+02:00').toUtc(2024, 1, 8, 3, 37, 9)).toBe(Date.UTC(2024, 0, 8, 1, 37, 9));
  });
});

describe('makeYearResolver', () => {
  const ref = Date.UTC(2024, 0, 15, 12); // a log rotated in mid-January 2024
  it('year-less December read with a January reference is the previous year', () => {
    const yearOf = makeYearResolver(ref, utc);
    expect(yearOf(12, 31)).toBe(2023);
    expect(yearOf(1, 15)).toBe(2024);
  });

  it('a stamp one day ahead of the reference stays in the reference year (clock skew slack), two days ahead does not', () => {
    const yearOf = makeYearResolver(ref, utc);
    expect(yearOf(1, 16)).toBe(2024);
    expect(yearOf(1, 17)).toBe(2023);
  });

  it('Feb 29 resolves to the latest leap year not after the inferred year', () => {
    expect(makeYearResolver(Date.UTC(2025, 5, 1), utc)(2, 29)).toBe(2024);
    expect(makeYearResolver(Date.UTC(2027, 1, 1), utc)(2, 29)).toBe(2024);
  });

  it('a fixed year overrides inference, and Feb 29 in a non-leap fixed year is reported as -1', () => {
    const yearOf = makeYearResolver(ref, utc, 2019);
    expect(yearOf(12, 31)).toBe(2019);
    expect(yearOf(2, 29)).toBe(-1);
  });

  it('the reference date is taken in the zone: 23:30Z on Dec 31 is already Jan 1 in Berlin', () => {
    const r = Date.UTC(2023, 11, 31, 23, 30);
    // In UTC the reference year is still 2023, whose Jan 1 is long past; in Berlin it is 2024.
    expect(makeYearResolver(r, utc)(1, 1)).toBe(2023);
    expect(makeYearResolver(r, makeZone('Europe/Berlin'))(1, 1)).toBe(2024);
  });
});
