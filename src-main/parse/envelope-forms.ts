// Owns the envelope forms without a calendar stamp: epoch-seconds stamps (DShield sensors) and the bare log message.
import type { Stamp } from './syslog-time.ts';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Epoch stamp `1706444158` or `1706444158.123456` at i, followed by a blank: UTC microseconds, with
 * `st.end` past it; NaN when not that shape. Nine or ten digits of seconds (1973..2286): a shorter
 * number at the start of a line is a counter or an id far more often than a time.
 */
export function readEpochStamp(line: string, i: number, st: Stamp): number {
  let k = i, sec = 0;
  while (isDigit(line.charCodeAt(k))) sec = sec * 10 + line.charCodeAt(k++) - 48;
  if (k - i < 9 || k - i > 10) return NaN;
  let us = 0;
  if (line.charCodeAt(k) === 46) {
    const f = ++k;
    for (; isDigit(line.charCodeAt(k)); k++) if (k - f < 6) us = us * 10 + line.charCodeAt(k) - 48;
    if (k === f) return NaN;
    for (let p = Math.min(k - f, 6); p < 6; p++) us *= 10;
  }
  if (line.charCodeAt(k) !== 32) return NaN;
  st.end = k;
  st.us = us;
  st.fracDigits = 0;
  return sec * 1e6 + us;
}

/**
 * Whether s[0, to) cannot be a log prefix: it holds a wall-clock time (`12:34`, what an unread stamp
 * leaves behind), a quote or an `=` (a line of code or another record quoting a log line).
 */
function notPrefix(s: string, to: number): boolean {
  for (let k = 0; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === 34 || c === 61) return true;
    if (c === 58 && k >= 2 && isDigit(s.charCodeAt(k - 1)) && isDigit(s.charCodeAt(k - 2))
      && isDigit(s.charCodeAt(k + 1)) && isDigit(s.charCodeAt(k + 2))) return true;
  }
  return false;
}

/** Longest text taken for a log prefix before `IN=` (nft allows 127 characters, iptables 29). */
const MAX_PREFIX = 128;

/**
 * Whether line[0, n) is a netfilter message with no envelope at all (`[WAN_OUT-20-D]IN=switch0 OUT=eth0 …`,
 * `DSHIELDINPUT IN=…`, pasted from a router's web page or a ticket). The text before the `IN=` that is
 * followed by one word and ` OUT=` must be a plausible prefix: short, with no clock, quote, `=` or syslog tag, so a
 * line whose stamp fwlens cannot read is still refused for that, never stored with its stamp as the prefix.
 */
export function isBareMessage(line: string, n: number): boolean {
  const lim = Math.min(n, MAX_PREFIX + 3);
  for (let at = line.indexOf('IN='); at >= 0 && at < lim; at = line.indexOf('IN=', at + 3)) {
    if (at >= 4 && line.startsWith('PHYS', at - 4)) continue;
    let e = line.indexOf(' ', at + 3);
    if (e < 0 || e >= n || !line.startsWith(' OUT=', e)) continue;
    return !notPrefix(line, at) && line.lastIndexOf('kernel:', at) < 0;
  }
  return false;
}
