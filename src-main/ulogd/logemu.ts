// Owns telling ulogd2 LOGEMU text (`Mon DD HH:MM:SS host <printpkt text>`) apart from kernel LOG lines.
//
// Envelope and body need nothing of their own: splitEnvelope reads the stamp and host, parseNetfilter the body,
// printpkt's spellings included (`TOS=00`, `MAC= `, glued `INCOMPLETEUID=0`, spaced `FRAG: 185 ID: 0000beef`).
// What is left here is telling such a source apart, for labelling it.

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
