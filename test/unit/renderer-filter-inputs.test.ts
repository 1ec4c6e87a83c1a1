// The filter inputs' reading of typed text: country names and codes, times in the display zone, address scopes.
import { describe, it, expect } from 'vitest';
import { COUNTRY_NAMES } from '../../src-renderer/charts/iso-numeric.ts';
import { countryLabel, countryMatches, normalizeName, resolveCountry } from '../../src-renderer/lib/country-names.ts';
import { canonicalTime, displayTime, parseTimeText, TimeTextError, timeSql } from '../../src-renderer/lib/time-text.ts';
import { normalizeClauseValue } from '../../src-renderer/lib/filter-input.ts';
import { clauseLabel, ADDRESS_SCOPES } from '../../src-renderer/lib/filter-model.ts';
import { clauseError, clauseSql, FilterError } from '../../src-renderer/lib/filter-sql.ts';
import { SCOPES as ENRICH_SCOPES } from '../../src-main/enrich/address-scope.ts';

describe('country names and codes', () => {
  it('reads every name of the table back to its code, in any case', () => {
    for (const [code, name] of Object.entries(COUNTRY_NAMES)) {
      expect(resolveCountry(name)).toBe(code);
      expect(resolveCountry(name.toUpperCase())).toBe(code);
      expect(resolveCountry(`  ${name.toLowerCase()} `)).toBe(code);
    }
  });

  it('takes two letters as a code and common aliases as their country', () => {
    expect(resolveCountry('de')).toBe('DE');
    expect(resolveCountry('USA')).toBe('US');
    expect(resolveCountry('UK')).toBe('GB');
    expect(resolveCountry('united states of america')).toBe('US');
    expect(resolveCountry('Great Britain')).toBe('GB');
    expect(resolveCountry('Russian Federation')).toBe('RU');
    expect(resolveCountry('Turkey')).toBe('TR');
    expect(resolveCountry('cote d’ivoire')).toBe('CI');
  });

  it('accepts the label completion shows ("DE Germany") but not a mismatched one', () => {
    expect(resolveCountry(countryLabel('DE'))).toBe('DE');
    expect(resolveCountry('FR Germany')).toBeNull();
    expect(resolveCountry('Atlantis')).toBeNull();
    expect(resolveCountry('')).toBeNull();
  });

  it('labels a code with its name, and leaves an unknown code as it is', () => {
    expect(countryLabel('de')).toBe(`DE ${COUNTRY_NAMES.DE}`);
    expect(countryLabel('ZZ')).toBe('ZZ');
  });

  it('completes a prefix with the countries starting with it, and a code with its country first', () => {
    const ger = countryMatches('ger');
    expect(ger[0].code).toBe('DE');
    expect(ger.every((m) => normalizeName(m.name).includes('ger') || m.code === 'DE')).toBe(true);
    expect(countryMatches('DE')[0]).toEqual({ code: 'DE', name: COUNTRY_NAMES.DE });
    expect(countryMatches('uni').map((m) => m.code)).toEqual(expect.arrayContaining(['US', 'GB', 'AE']));
    expect(countryMatches('zzzz')).toEqual([]);
    expect(countryMatches('a', 3)).toHaveLength(3);
  });

  it('compiles a name to the code the data holds, and the chip shows "DE Germany"', () => {
    expect(clauseSql({ kind: 'country', value: 'Germany' })).toBe("country = 'DE'");
    expect(clauseSql({ kind: 'country', value: 'usa' })).toBe("country = 'US'");
    expect(() => clauseSql({ kind: 'country', value: "X'" })).toThrow(FilterError);
    expect(() => clauseSql({ kind: 'country', value: "Narnia' OR 1=1 --" })).toThrow(FilterError);
    expect(normalizeClauseValue('country', ' germany ')).toBe('DE');
    expect(clauseLabel({ kind: 'country', value: 'DE' })).toBe(`country = DE ${COUNTRY_NAMES.DE}`);
    expect(clauseLabel({ kind: 'country', value: 'DE', exclude: true })).toBe(`not country = DE ${COUNTRY_NAMES.DE}`);
  });
});

describe('typed times', () => {
  it('reads ISO text and the grid’s own display form as UTC', () => {
    expect(parseTimeText('2024-01-08')).toEqual({ stamp: '2024-01-08 00:00:00', offset: null });
    expect(parseTimeText('2024-01-08T03:00')).toEqual({ stamp: '2024-01-08 03:00:00', offset: null });
    expect(parseTimeText('2024-01-08 03:37:09.123')).toEqual({ stamp: '2024-01-08 03:37:09.123', offset: null });
    expect(parseTimeText('2024-01-08 03:00 UTC')).toEqual({ stamp: '2024-01-08 03:00:00', offset: null });
    expect(parseTimeText('2024-01-08T03:00Z').offset).toBeNull();
    expect(parseTimeText('2024-01-08T03:00+0200').offset).toBe('+02:00');
  });

  it('keeps one canonical form, which the core’s time range reads', () => {
    expect(canonicalTime('2024-01-08 03:00 UTC')).toBe('2024-01-08T03:00');
    expect(canonicalTime('2024-01-08 03:00:30')).toBe('2024-01-08T03:00:30');
    expect(canonicalTime('2024-01-08 05:00 +02:00')).toBe('2024-01-08T05:00+02:00');
    expect(normalizeClauseValue('since', '2024-01-08 03:00')).toBe('2024-01-08T03:00');
    expect(normalizeClauseValue('until', 'yesterday')).toBe('yesterday');
  });

  it('compiles to a UTC timestamp, converting a typed offset', () => {
    expect(timeSql('2024-01-08 03:00')).toBe("TIMESTAMP '2024-01-08 03:00:00'");
    expect(timeSql('2024-01-08 05:00+02:00')).toBe("(TIMESTAMPTZ '2024-01-08 05:00:00+02:00' AT TIME ZONE 'UTC')");
    expect(clauseSql({ kind: 'since', value: '2024-01-08 03:00 UTC' })).toBe("ts >= TIMESTAMP '2024-01-08 03:00:00'");
  });

  it('shows a range end in UTC in the grid’s form, whatever zone the browser is in', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(displayTime('2024-01-08T03:00')).toBe('2024-01-08 03:00');
      expect(displayTime('2024-01-08T03:00:30.000Z')).toBe('2024-01-08 03:00:30');
      expect(displayTime('2024-01-08T05:00+02:00')).toBe('2024-01-08 03:00');
      expect(displayTime('not a time')).toBe('not a time');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('says clearly what is wrong with bad text', () => {
    expect(() => parseTimeText('08/01/2024')).toThrow(TimeTextError);
    expect(clauseError({ kind: 'since', value: '08/01/2024' })).toMatch(/is not a time: type it as 2024-01-08 03:00/);
    expect(clauseError({ kind: 'since', value: '2024-02-30' })).toMatch(/has no day 30/);
    expect(clauseError({ kind: 'since', value: '2024-13-01' })).toMatch(/month 13/);
    expect(clauseError({ kind: 'until', value: '2024-01-08 25:00' })).toMatch(/not a time of day/);
    expect(clauseError({ kind: 'until', value: "2024-01-08'; DROP TABLE events; --" })).not.toBeNull();
  });
});

describe('source and destination scope', () => {
  it('offers exactly the scopes enrichment writes', () => {
    expect([...ADDRESS_SCOPES].sort()).toEqual([...ENRICH_SCOPES].sort());
  });

  it('compiles a source or destination scope to its own column', () => {
    expect(clauseSql({ kind: 'sscope', value: 'external' })).toBe("src_scope = 'external'");
    expect(clauseSql({ kind: 'dscope', value: 'internal' })).toBe("dst_scope = 'internal'");
    expect(clauseSql({ kind: 'dscope', value: 'broadcast', exclude: true })).toBe("NOT coalesce(dst_scope = 'broadcast', false)");
    expect(() => clauseSql({ kind: 'sscope', value: "x' OR 1=1 --" })).toThrow(FilterError);
    expect(clauseLabel({ kind: 'sscope', value: 'external' })).toBe('src scope = external');
    expect(clauseLabel({ kind: 'scope', value: 'internal' })).toBe('traffic = internal');
  });
});
