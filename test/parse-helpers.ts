// Shared by the parser tests (unit and conformance): the body of a netfilter log line as the envelope
// module hands it over, parsing it and conntrack lines, and the normalisations goldens need.
import { expect } from 'vitest';
import { EventRecord } from '../src-main/shared/model.ts';
import { parseNetfilter } from '../src-main/parse/netfilter.ts';
import { canonicalIPv6 } from '../src-main/parse/ip-text.ts';
import { ConntrackRecord } from '../src-main/conntrack/conntrack-record.ts';
import { parseConntrackLine } from '../src-main/conntrack/conntrack-line.ts';
import { makeZone } from '../src-main/parse/syslog-time.ts';

/**
 * The body the envelope module would hand over: text after `kernel: ` (or after a syslog time when there
 * is no tag), without the `[123.456]` uptime stamp.
 */
export function bodyOf(line: string): string {
  const k = line.indexOf('kernel: ');
  const s = k >= 0
    ? line.slice(k + 8)
    : line.replace(/^(<\d+>)?(1 )?([A-Z][a-z]{2} +\d+ \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+)( - - - - -)? /, '');
  return s.replace(/^ *\[ *\d+\.\d+\] /, '');
}

export function parse(body: string): { rec: EventRecord; why: string | null } {
  const rec = new EventRecord();
  return { rec, why: parseNetfilter(body, rec) };
}

export function parsed(body: string): EventRecord {
  const { rec, why } = parse(body);
  expect(why, body).toBeNull();
  return rec;
}

/** Canonical address text, so goldens in full or compressed IPv6 form compare with ours. */
export const canon = (ip: string): string => (ip.includes(':') ? (canonicalIPv6(ip) as string) : ip);
/** Goldens write an empty interface as ''; we store null (no interface). */
export const iface = (s: string): string | null => (s === '' ? null : s);
export const hexNum = (s: string): number => parseInt(s, 16);

const UTC = makeZone('UTC');

/** A conntrack text line parsed with UTC stamps: the record and the reject reason (null when read). */
export function parseCt(line: string): { rec: ConntrackRecord; why: string | null } {
  const rec = new ConntrackRecord();
  return { rec, why: parseConntrackLine(line, rec, UTC) };
}

export function parsedCt(line: string): ConntrackRecord {
  const { rec, why } = parseCt(line);
  expect(why, line).toBeNull();
  return rec;
}
