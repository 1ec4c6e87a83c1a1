// Team Cymru's IP→ASN bulk whois: many addresses over one connection, pipe-separated answer lines.
import { canonicalIPv6, isIPv4, isIPv6 } from '../parse/ip-text.ts';
import { emptyRecord, type LookupResult, type Registry } from './lookup-types.ts';
import type { OfflineDetector } from './limits.ts';
import { parseCidrList } from './net-range.ts';
import { cleanCountry, cleanRaw, cleanText } from './sanitize.ts';
import { whoisExchange, type Endpoint, type SocketOptions } from './whois-socket.ts';

export interface CymruOptions extends SocketOptions {
  /** Where to connect instead of `whois.cymru.com:43`. */
  server?: Endpoint;
  offline?: OfflineDetector;
}

const CYMRU = 'whois.cymru.com:43';
const REGISTRIES: Record<string, Registry> = { arin: 'arin', ripencc: 'ripe', ripe: 'ripe', apnic: 'apnic', lacnic: 'lacnic', afrinic: 'afrinic' };

const canon = (a: string): string | null => (isIPv4(a) ? a : isIPv6(a) ? canonicalIPv6(a) : null);

/** One verbose line: `AS | IP | BGP Prefix | CC | Registry | Allocated | AS Name`; null if it is not one. */
export function parseCymruLine(line: string, server = CYMRU): { ip: string; result: LookupResult } | null {
  const cols = line.split('|').map((c) => c.trim());
  if (cols.length < 7) return null;
  const ip = canon(cols[1]);
  if (!ip) return null;
  const rec = emptyRecord(ip, server);
  rec.raw = cleanRaw(line, 1024);
  const fetchedAt = new Date();
  if (!/^\d{1,10}$/.test(cols[0])) return { ip, result: { status: 'not-found', record: rec, fetchedAt, server } };
  rec.asn = Number(cols[0]);
  rec.cidr = parseCidrList(cols[2]).slice(0, 1);
  rec.country = cleanCountry(cols[3]);
  rec.registry = REGISTRIES[cols[4].toLowerCase()] ?? null;
  rec.allocated = /^\d{4}-\d{2}-\d{2}$/.test(cols[5]) ? cols[5] : null;
  // Names come as "CLOUDFLARENET, US"; the country suffix is the AS holder's, kept out of the name.
  const name = cols.slice(6).join('|');
  rec.asName = cleanText(name.replace(/,\s*[A-Z]{2}$/, ''), 100);
  rec.org = cleanText(name, 200);
  return { ip, result: { status: 'ok', record: rec, fetchedAt, server } };
}

/**
 * ASN, BGP prefix, country and registry for many addresses in one query, as Team Cymru asks bulk
 * users to do. Results follow the input order; invalid addresses are never sent.
 */
export async function whoisBulkCymru(addresses: readonly string[], opts: CymruOptions = {}): Promise<LookupResult[]> {
  const server = CYMRU;
  const wanted = addresses.map((a) => canon(a.trim()));
  const unique = [...new Set(wanted.filter((a): a is string => a !== null))];
  const byIp = new Map<string, LookupResult>();
  let failed: LookupResult | null = null;
  if (unique.length > 0) {
    if (opts.offline?.isOffline()) failed = { status: 'offline', error: `network marked offline: ${opts.offline.reason}`, fetchedAt: new Date(), server };
    else {
      const payload = `begin\nverbose\n${unique.join('\n')}\nend\n`;
      const ep = opts.server ?? { host: 'whois.cymru.com', port: 43 };
      const answer = await whoisExchange(server, ep, payload, {
        ...opts,
        maxBytes: opts.maxBytes ?? 64 * 1024 + unique.length * 256,
        timeoutMs: opts.timeoutMs ?? 30_000 + unique.length * 10,
      });
      const status = opts.offline ? opts.offline.note(server, answer.status, answer.error) : answer.status;
      if (status !== 'ok') failed = { status, error: cleanText(answer.error ?? status) ?? status, fetchedAt: new Date(), server };
      else {
        for (const line of (answer.text ?? '').split(/\r?\n/)) {
          const p = parseCymruLine(line, server);
          if (p && !byIp.has(p.ip)) byIp.set(p.ip, p.result);
        }
      }
    }
  }
  return wanted.map((ip, i) => {
    if (ip === null) return { status: 'malformed', error: `not an IP address: ${cleanText(addresses[i], 60) ?? ''}`, fetchedAt: new Date(), server };
    if (failed) return { ...failed };
    return byIp.get(ip) ?? { status: 'not-found', error: 'no line for this address in the answer', fetchedAt: new Date(), server };
  });
}
