// Owns telling conntrack sources apart from their first lines: XML document or text lines, and which text variant.

import { ConntrackRecord, isSkip } from './conntrack-record.ts';
import { HEAD_EVENT, HEAD_L3, HEAD_STAMP, HEAD_TIMEOUT, lastHead, parseConntrackLine } from './conntrack-line.ts';
import { detect as detectXml } from './conntrack-xml.ts';

export type ConntrackParser = 'xml' | 'line';
/**
 * Which tool wrote it, as far as the text tells: `conntrack-list` (conntrack -L, /proc/net/ip_conntrack),
 * `nf-conntrack` (/proc/net/nf_conntrack, conntrack -L -o extended: identical text), `conntrack-events`,
 * `conntrack-events-timestamp`, `conntrackd-cache`, `conntrack-xml`.
 */
export interface ConntrackFormat {
  parser: ConntrackParser;
  variant: string;
}

/** The format of a source from its first lines, or null when they are not conntrack output. */
export function detect(lines: string[]): ConntrackFormat | null {
  const head = lines.slice(0, 5).join('\n');
  if (detectXml(head)) return { parser: 'xml', variant: 'conntrack-xml' };
  let entries = 0, bad = 0, events = 0, stamps = 0, l3 = 0, noTimeout = 0, active = 0;
  for (const line of lines.slice(0, 200)) {
    const rec = new ConntrackRecord();
    const why = parseConntrackLine(line, rec);
    if (why !== null) { if (!isSkip(why)) bad++; continue; }
    entries++;
    const h = lastHead;
    if (h & HEAD_EVENT) events++;
    if (h & HEAD_STAMP) stamps++;
    if (h & HEAD_L3) l3++;
    if (!(h & HEAD_TIMEOUT)) noTimeout++;
    if (rec.active_since !== null) active++;
  }
  // A few damaged lines are fine; a file that is mostly something else is not a conntrack dump.
  if (entries === 0 || bad > entries) return null;
  const most = (n: number): boolean => n * 2 > entries;
  let variant = 'conntrack-list';
  if (most(events)) variant = most(stamps) ? 'conntrack-events-timestamp' : 'conntrack-events';
  else if (most(active) || most(noTimeout)) variant = 'conntrackd-cache';
  else if (most(l3)) variant = 'nf-conntrack';
  return { parser: 'line', variant };
}
