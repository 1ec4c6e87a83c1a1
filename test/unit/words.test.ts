// Durations and counts in words, and a scan finding's detail built from them.
import { describe, it, expect } from 'vitest';
import { countOf, countText, durationText } from '../../src-main/shared/words.ts';
import { findingDetail } from '../../src-main/findings/finding-words.ts';

describe('durationText', () => {
  it('writes a long span in hours and minutes, not seconds', () => {
    expect(durationText(84322)).toBe('23 h 25 min'); // 23·3600 + 25·60 + 22
    expect(durationText(84322.9)).toBe('23 h 25 min');
  });
  it('writes minutes and seconds, dropping a zero second part', () => {
    expect(durationText(250)).toBe('4 min 10 s');
    expect(durationText(60)).toBe('1 min');
    expect(durationText(3599.99)).toBe('59 min 59 s');
  });
  it('keeps up to two decimals below ten seconds, whole seconds above', () => {
    expect(durationText(0)).toBe('0 s');
    expect(durationText(0.25)).toBe('0.25 s');
    expect(durationText(2.1234)).toBe('2.12 s');
    expect(durationText(42.7)).toBe('42 s');
  });
  it('goes to days for the longest spans, with separators past a thousand days', () => {
    expect(durationText(3 * 86400 + 4 * 3600 + 59)).toBe('3 d 4 h');
    expect(durationText(86400)).toBe('1 d');
    expect(durationText(1234 * 86400)).toBe('1,234 d');
  });
});

describe('countText and countOf', () => {
  it('groups thousands with commas whatever the locale', () => {
    expect(countText(0)).toBe('0');
    expect(countText(999)).toBe('999');
    expect(countText(1000)).toBe('1,000');
    expect(countText(1234567)).toBe('1,234,567');
    expect(countText(-12345)).toBe('-12,345');
  });
  it('uses the singular for one only', () => {
    expect(countOf(1, 'packet')).toBe('1 packet');
    expect(countOf(0, 'packet')).toBe('0 packets');
    expect(countOf(12345, 'packet')).toBe('12,345 packets');
  });
});

describe('findingDetail', () => {
  it('describes a port scan in words', () => {
    expect(findingDetail({ kind: 'port_scan', events: 2000, measured: 1501, window_sec: 60, span_sec: 84322, protos: ['TCP', 'UDP'], conntrack_rows: 20 }))
      .toBe('1,501 distinct ports within 1 min windows, over 23 h 25 min; protocols TCP, UDP; 20 rows from conntrack');
  });
  it('leaves out an empty conntrack part and a zero span', () => {
    expect(findingDetail({ kind: 'host_sweep', events: 12, measured: 12, window_sec: 300, span_sec: 0, protos: ['TCP'], conntrack_rows: 0 }))
      .toBe('12 distinct hosts within 5 min windows; protocol TCP');
  });
  it('describes flag scans by their flags', () => {
    expect(findingDetail({ kind: 'xmas_scan', events: 1, span_sec: 0 })).toBe('1 packet with flags FIN+PSH+URG');
    expect(findingDetail({ kind: 'fin_scan', events: 7, span_sec: 250 })).toBe('7 packets with only the FIN flag, over 4 min 10 s');
    expect(findingDetail({ kind: 'null_scan', events: 3, span_sec: 1.5 })).toBe('3 packets with no flags, over 1.5 s');
  });
});
