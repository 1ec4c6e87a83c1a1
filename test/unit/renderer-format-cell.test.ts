// Grid cell formatting: numbers, big integers as text, timestamps, lists, structs, NULL, and helpers.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCell, formatDuration, formatNumber, formatTimestamp, isNumericType } from '../../src-renderer/lib/format-cell.ts';
import { age } from '../../src-renderer/lib/age.ts';

describe('formatCell', () => {
  it('shows NULL (and undefined) as NULL', () => {
    expect(formatCell(null)).toEqual({ text: 'NULL', kind: 'null', title: 'NULL' });
    expect(formatCell(undefined).kind).toBe('null');
  });
  it('groups thousands, keeps up to 3 decimals', () => {
    expect(formatCell(1234567, 'BIGINT').text).toBe('1,234,567');
    expect(formatCell(0.5, 'DOUBLE').text).toBe('0.5');
    expect(formatCell(1234.56789, 'DOUBLE').text).toBe('1,234.568');
    expect(formatCell(-9876, 'INTEGER').text).toBe('-9,876');
    expect(formatCell(12, 'INTEGER').kind).toBe('number');
  });
  it('leaves ports, ids and ASNs without separators', () => {
    expect(formatCell(51820, 'INTEGER', 'dport').text).toBe('51820');
    expect(formatCell(13335, 'UINTEGER', 'asn').text).toBe('13335');
    expect(formatCell(123456, 'BIGINT', 'line_no').text).toBe('123456');
  });
  it('reads big integers sent as text when the type is numeric', () => {
    expect(formatCell('42540766411282592856903984951653826561', 'UHUGEINT')).toMatchObject({ text: '42,540,766,411,282,592,856,903,984,951,653,826,561', kind: 'number' });
    expect(formatCell('2001:db8::1', 'VARCHAR')).toMatchObject({ text: '2001:db8::1', kind: 'text' });
  });
  it('shows timestamps in UTC as stored, with their fraction', () => {
    expect(formatCell('2024-01-08T03:37:09.123456Z', 'TIMESTAMP')).toMatchObject({ text: '2024-01-08 03:37:09.123456', kind: 'time' });
    expect(formatCell('2024-01-08T03:37:09', '').text).toBe('2024-01-08 03:37:09');
    expect(formatCell('2024-01-08T03:37:09+02:00', 'TIMESTAMP WITH TIME ZONE').text).toBe('2024-01-08 03:37:09 +02:00');
    expect(formatTimestamp('not a time')).toBe('not a time');
  });
  it('joins lists and shows structs', () => {
    expect(formatCell(['SYN', 'ACK'], 'VARCHAR[]')).toMatchObject({ text: 'SYN, ACK', kind: 'list' });
    expect(formatCell([], 'VARCHAR[]').text).toBe('[]');
    expect(formatCell([1, null, [2, 3]]).text).toBe('1, NULL, [2, 3]');
    expect(formatCell({ a: 1, b: 'x' })).toMatchObject({ text: '{a: 1, b: x}', kind: 'struct' });
  });
  it('shows booleans', () => {
    expect(formatCell(true, 'BOOLEAN')).toMatchObject({ text: 'true', kind: 'bool' });
    expect(formatCell(false).text).toBe('false');
  });
  it('clips very long text but keeps it whole in the title', () => {
    const long = 'x'.repeat(1000);
    const f = formatCell(long, 'VARCHAR');
    expect(f.text.length).toBe(200);
    expect(f.text.endsWith('…')).toBe(true);
    expect(f.title).toBe(long);
  });
});

describe('helpers', () => {
  it('formats numbers, bytes and durations', () => {
    expect(formatNumber(1e21)).toBe('1e+21');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(185)).toBe('3m 05s');
    expect(formatDuration(3720)).toBe('1h 02m');
    expect(formatDuration(null)).toBe('–');
  });
  it('knows numeric DuckDB types', () => {
    for (const t of ['INTEGER', 'UHUGEINT', 'DOUBLE', 'DECIMAL(18,3)']) expect(isNumericType(t)).toBe(true);
    for (const t of ['VARCHAR', 'TIMESTAMP', 'VARCHAR[]']) expect(isNumericType(t)).toBe(false);
  });
  it('tells the age of a cached answer', () => {
    const now = Date.parse('2024-01-10T00:00:00Z');
    expect(age('2024-01-10T00:00:00Z', now)).toBe('just now');
    expect(age('2024-01-09T23:58:00', now)).toBe('2 minutes ago');
    expect(age('2024-01-09T23:00:00Z', now)).toBe('1 hour ago');
    expect(age('2024-01-07T00:00:00Z', now)).toBe('3 days ago');
  });
});
