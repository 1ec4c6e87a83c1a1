// whois lookups of addresses and ASNs: start at IANA, follow referrals to the right RIR, return one record.
import { isIPv4, isIPv6 } from '../parse/ip-text.ts';
import type { LookupResult, LookupStatus, NetRecord, Registry } from './lookup-types.ts';
import { OfflineDetector } from './limits.ts';
import { cleanText } from './sanitize.ts';
import { whoisExchange, type Endpoint, type SocketOptions } from './whois-socket.ts';
import { parseWhois, registryOf } from './whois-parse.ts';

export interface WhoisOptions extends SocketOptions {
  /** Logical server name (lower case, e.g. `whois.arin.net`) → where to connect instead. */
  servers?: Record<string, Endpoint>;
  /** First server, default `whois.iana.org` (port 43). */
  startServer?: string;
  /** Referrals followed after the first answer, default 4. */
  maxReferrals?: number;
  /** Share one per batch so a dead network ends every lookup at once. */
  offline?: OfflineDetector;
}

type Kind = 'ip' | 'asn';

/** What each registry expects: ARIN needs `n +`/`a +` (else it answers with a summary list). */
export function formatQuery(kind: Kind, value: string, registry: Registry): string {
  if (kind === 'ip') return registry === 'arin' ? `n + ${value}` : value;
  return registry === 'arin' ? `a + ${value}` : `AS${value}`;
}

/** `13335`, `AS13335`, `as13335` → 13335; null when not a 32-bit ASN. */
export function parseAsn(asn: number | string): number | null {
  const m = /^(?:AS)?(\d{1,10})$/i.exec(String(asn).trim());
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : null;
}

function endpointFor(name: string, port: number, o: WhoisOptions): Endpoint {
  return o.servers?.[`${name}:${port}`] ?? o.servers?.[name] ?? { host: name, port };
}

function failure(status: LookupStatus, error: string, server: string, via: string[] = []): LookupResult {
  return { status, error, fetchedAt: new Date(), server, via };
}

async function lookup(kind: Kind, value: string, query: string, o: WhoisOptions): Promise<LookupResult> {
  const first = (o.startServer ?? 'whois.iana.org').toLowerCase();
  const offline = o.offline;
  if (offline?.isOffline()) return failure('offline', `network marked offline: ${offline.reason}`, `${first}:43`);
  const via: string[] = [];
  const seen = new Set<string>();
  let hop: { host: string; port: number } | null = { host: first, port: 43 };
  let best: NetRecord | null = null;
  const maxHops = 1 + (o.maxReferrals ?? 4);
  const finish = (status: LookupStatus, error?: string): LookupResult => {
    const res: LookupResult = { status, fetchedAt: new Date(), server: via[via.length - 1] ?? `${first}:43`, via };
    if (best) res.record = best;
    if (error) res.error = error;
    return res;
  };
  while (hop) {
    const key: string = `${hop.host}:${hop.port}`;
    if (seen.has(key)) {
      best?.warnings.push(`referral loop back to ${key}`);
      return best ? finish('ok') : finish('error', `referral loop at ${key}`);
    }
    if (seen.size >= maxHops) {
      best?.warnings.push(`stopped after ${maxHops - 1} referrals (next: ${key})`);
      return best ? finish('ok') : finish('error', 'too many referrals');
    }
    seen.add(key);
    via.push(key);
    const registry = registryOf(hop.host);
    const answer = await whoisExchange(key, endpointFor(hop.host, hop.port, o), formatQuery(kind, query, registry) + '\r\n', o);
    const status = offline ? offline.note(key, answer.status, answer.error) : answer.status;
    if (status !== 'ok') {
      // A failed referral keeps what the previous server said, flagged, rather than nothing.
      best?.warnings.push(`referral to ${key} failed: ${status}`);
      return finish(status, cleanText(answer.error ?? status) ?? status);
    }
    const parsed = parseWhois(answer.text ?? '', value, key);
    if (parsed.outcome === 'denied') return finish('error', `${key} refused the query (rate limit?)`);
    // The record (if any) is then the less specific one from the server before.
    if (parsed.outcome === 'not-found') return finish('not-found');
    if (parsed.outcome === 'ok' || !best) best = parsed.record;
    if (parsed.outcome === 'malformed' && !parsed.referral) return finish(best === parsed.record ? 'malformed' : 'ok');
    const next = parsed.referral;
    // A server naming itself (RIPE and APNIC do) is not a referral.
    hop = next && `${next.host}:${next.port}` !== key ? next : null;
  }
  return finish('ok');
}

/** Who holds `address`: IANA → RIR (→ RIR), the most specific record wins. */
export async function whoisIp(address: string, opts: WhoisOptions = {}): Promise<LookupResult> {
  const a = address.trim();
  // Only validated addresses go on the wire: no CR/LF or flags smuggled into the query.
  if (!isIPv4(a) && !isIPv6(a)) return failure('malformed', 'not an IP address', `${opts.startServer ?? 'whois.iana.org'}:43`);
  return lookup('ip', a, a, opts);
}

/** Who holds an autonomous system number (`13335` or `AS13335`). */
export async function whoisAsn(asn: number | string, opts: WhoisOptions = {}): Promise<LookupResult> {
  const n = parseAsn(asn);
  if (n === null) return failure('malformed', 'not an AS number', `${opts.startServer ?? 'whois.iana.org'}:43`);
  const res = await lookup('asn', `AS${n}`, String(n), opts);
  if (res.record && res.record.asn == null) res.record.asn = n;
  return res;
}
