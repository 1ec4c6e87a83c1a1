// Owns ulogd2 LOGEMU text (`Mon DD HH:MM:SS host <printpkt text>`): the two places it differs from a kernel LOG body.
//
// Envelope and body need nothing new: splitEnvelope reads the stamp and host, parseNetfilter the body
// (printpkt's `TOS=00`, `MAC= `, `MARK=0x0`, `SEQ=`/`ACK=` without `RES=` all read fine). printpkt.c differs in two
// spots, and adaptLogemuBody rewrites just those, so the body then parses like the kernel's:
// - `INCOMPLETE` (and ICMPv6 `TRUNCATED`) is printed without a trailing blank, gluing it to the next key
//   (`PROTO=TCP INCOMPLETEUID=0`): the parser would then see neither the marker nor UID=/GID=/MARK=.
// - IPv6 fragments are `FRAG: 185 ID: 0000beef`; the kernel writes `FRAG:185 … ID:0000beef`.

/** The body with ulogd's printpkt quirks rewritten to the kernel's spelling; the same string when there are none. */
export function adaptLogemuBody(body: string): string {
  let b = body;
  for (const marker of ['INCOMPLETE', 'TRUNCATED']) {
    const k = b.indexOf(marker);
    if (k < 0) continue;
    const e = k + marker.length;
    const c = b.charCodeAt(e);
    if (c >= 65 && c <= 90) b = `${b.slice(0, e)} ${b.slice(e)}`;
  }
  const f = b.indexOf('FRAG: ');
  if (f >= 0) {
    b = b.slice(0, f + 5) + b.slice(f + 6);
    const id = b.indexOf(' ID: ', f);
    if (id >= 0) b = b.slice(0, id + 4) + b.slice(id + 5);
  }
  return b;
}

/**
 * Whether netfilter bodies look like ulogd's printpkt rather than the kernel's: `TOS=` without `0x`
 * (kernel: `TOS=0x00`) or TCP `SEQ=` with no `RES=`. For labelling a source; parsing needs no choice.
 */
export function detect(bodies: string[]): boolean {
  let votes = 0, seen = 0;
  for (const b of bodies.slice(0, 200)) {
    const t = b.indexOf(' TOS=');
    if (t < 0 && !b.includes('PROTO=TCP')) continue;
    seen++;
    if (t >= 0 && b.charCodeAt(t + 6) !== 120 /* x */ && b.charCodeAt(t + 7) === 32) votes++;
    else if (b.includes(' SEQ=') && b.includes('PROTO=TCP') && !b.includes(' RES=')) votes++;
  }
  return seen > 0 && votes * 2 > seen;
}
