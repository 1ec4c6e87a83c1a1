// The fast path of the envelope: only `STAMP HOST kernel: [UPTIME] BODY` with an English RFC 3164 stamp
// or an ISO/RFC 3339 one, single spaces, a plain host name. Anything else declines (-1) and the exact
// reader (envelope.ts, the reference) reads the line; the differential test holds the two equal.
import type { EventRecord } from '../shared/model.ts';
import {
  type Stamp, civilMs, makeYearResolver, makeZone, monthAt, newStamp, readBsdStamp, readIsoStamp, readUptime,
} from './syslog-time.ts';
import type { EnvelopeContext } from './envelope.ts';

/** Host names the exact reader takes as a host without a second thought: letters, digits, `.`, `-`, `_`. */
function hostChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95;
}

/**
 * Returns a reader that fills ts, ts_text, uptime and host of a reset record and returns where the body
 * starts, or -1 when the line is not of the common shape.
 */
export function makeFastEnvelope(ctx: EnvelopeContext): (line: string, rec: EventRecord) => number {
  const zone = makeZone(ctx.tz);
  const yearOf = makeYearResolver(ctx.refTimeMs, zone, ctx.year);
  const st: Stamp = newStamp();
  // The host repeats on every line: one string for the run, compared without cutting a new one.
  let lastHost = '';
  return (line, rec) => {
    const n = line.length;
    const c = line.charCodeAt(0);
    let ts: number;
    if (c >= 65 && c <= 90) {
      if (monthAt(line, 0) === 0 || line.charCodeAt(3) !== 32 || !readBsdStamp(line, 0, st)) return -1;
      const y = yearOf(st.mo, st.d);
      if (y < 0) return -1;
      ts = zone.toUtc(y, st.mo, st.d, st.h, st.mi, st.s) * 1000 + st.us;
    } else if (c >= 48 && c <= 57) {
      if (!readIsoStamp(line, 0, st)) return -1;
      const ms = Number.isNaN(st.offMs)
        ? zone.toUtc(st.y, st.mo, st.d, st.h, st.mi, st.s)
        : civilMs(st.y, st.mo, st.d, st.h, st.mi, st.s) - st.offMs;
      ts = ms * 1000 + st.us;
      // Years 1..9999 only: the exact path turns anything else into a reject.
      if (!(ts > -62135596800e6 && ts < 253402300800e6)) return -1;
    } else return -1;
    const stampEnd = st.end;
    if (line.charCodeAt(stampEnd) !== 32) return -1;
    const hs = stampEnd + 1;
    let k = hs;
    while (k < n && hostChar(line.charCodeAt(k))) k++;
    if (k === hs || line.charCodeAt(k) !== 32) return -1;
    const he = k;
    // `kernel: ` exactly, then the body or the uptime stamp.
    if (line.charCodeAt(he + 1) !== 107 || line.charCodeAt(he + 2) !== 101 || line.charCodeAt(he + 3) !== 114 ||
      line.charCodeAt(he + 4) !== 110 || line.charCodeAt(he + 5) !== 101 || line.charCodeAt(he + 6) !== 108 ||
      line.charCodeAt(he + 7) !== 58 || line.charCodeAt(he + 8) !== 32) return -1;
    let p = he + 9;
    if (line.charCodeAt(p) === 32) return -1;
    let uptime: number | null = null;
    if (line.charCodeAt(p) === 91) {
      const u = readUptime(line, p, st);
      if (!Number.isNaN(u)) {
        uptime = u;
        p = st.end;
        if (line.charCodeAt(p) !== 32) return -1;
        p++;
        if (line.charCodeAt(p) === 32) return -1;
      }
    }
    if (p >= n || line.charCodeAt(n - 1) === 13) return -1;
    if (he - hs !== lastHost.length || !line.startsWith(lastHost, hs)) lastHost = line.slice(hs, he);
    rec.ts = ts;
    rec.ts_text = line.slice(0, stampEnd);
    rec.uptime = uptime;
    rec.host = lastHost;
    return p;
  };
}
