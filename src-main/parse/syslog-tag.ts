// Owns recognising the syslog tag after the host: `kernel:`, `ulogd:`, `program[pid]:`, and `kernel:[uptime]` glued.

const sp = (line: string, i: number): number => { while (line.charCodeAt(i) === 32) i++; return i; };
const PROGRAM_PID = /[\w./-]+\[\d+\]:/y;

// Some kernels' syslog output glues the uptime to the tag (`kernel:[81448.170206]  DSHIELDINPUT`);
// the `[` is tested first, so the common `kernel: ` costs one character compare.
export const glued = (line: string, p: number): boolean => line.charCodeAt(p + 7) === 91 && line.startsWith('kernel:', p);

/** Whether the token [p, e) is a syslog tag: `kernel:`, `ulogd:` or `program[pid]:`. */
export function isTag(line: string, p: number, e: number): boolean {
  if (line.charCodeAt(e - 1) !== 58) return false;
  if (e - p === 7 && line.startsWith('kernel:', p)) return true;
  if (e - p === 6 && line.startsWith('ulogd:', p)) return true;
  PROGRAM_PID.lastIndex = p;
  return PROGRAM_PID.test(line) && PROGRAM_PID.lastIndex === e;
}

/**
 * Whether a syslog tag follows at p, or after one host name there. An epoch stamp alone is what many
 * other logs start with (squid, web servers): only with a tag is the line a syslog message.
 */
export function tagFollows(line: string, p: number, n: number): boolean {
  for (let k = 0; k < 2 && p < n; k++) {
    if (glued(line, p)) return true;
    let e = line.indexOf(' ', p);
    if (e < 0 || e > n) e = n;
    if (isTag(line, p, e)) return true;
    p = sp(line, e);
  }
  return false;
}
