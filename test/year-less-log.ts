// A year-less syslog file made from the bundled sample (its ISO stamps rewritten as `Mar 14 00:00:00`),
// with a few lines that cannot be read, for the tests of the year an upload's date gives.
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Lines that are not netfilter lines of any kind: each must end up a reject. */
export const BROKEN = [
  'Mar 14 01:02:03 fw1 kernel: [8011999.1] IN=eth0 OUT= SRC=10.0.0.1 DST=',
  'Mar 14 01:02:04 fw1 kernel: [8011999.2] FWD-DROP IN=eth0 OUT= SRC=300.1.2.3 DST=10.0.0.1 PROTO=TCP SPT=1 DPT=2',
  'Mar 14 01:02:05 fw1 kernel: [8011999.3] IN=eth0 OUT= SRC=10.0.0.1 DST=',
];

/**
 * Writes `lines` sample lines with year-less stamps (all of 14 March, as in the sample) plus BROKEN,
 * dated `mtime`. Answers the ISO days the good lines carry in the sample (with their year).
 */
export function writeYearLessLog(file: string, lines: number, mtime: Date): { days: string[]; good: number } {
  const src = readFileSync(join(ROOT, 'resources/sample/kern.log'), 'utf8').split('\n').filter(Boolean).slice(0, lines);
  const days = new Set<string>();
  const out = src.map((l) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})\.\d+\+00:00 (.*)$/.exec(l);
    if (!m) throw new Error(`unexpected sample line: ${l.slice(0, 80)}`);
    days.add(`${m[1]}-${m[2]}-${m[3]}`);
    return `${MONTHS[Number(m[2]) - 1]} ${String(Number(m[3])).padStart(2, ' ')} ${m[4]} ${m[5]}`;
  });
  writeFileSync(file, [...out, ...BROKEN].join('\n') + '\n');
  utimesSync(file, mtime, mtime);
  return { days: [...days], good: out.length };
}

/** Days the same stamps fall on when read in year `y`. */
export const inYear = (days: string[], y: number) => days.map((d) => `${y}${d.slice(4)}`);
