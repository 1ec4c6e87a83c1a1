// Reverse DNS (PTR) for one or many addresses, with validated names and a bounded, offline-aware batch.
import { Resolver } from 'node:dns/promises';
import { ipv6ToBigInt, isIPv4, isIPv6 } from '../parse/ip-text.ts';
import { errorCode, mapPool } from './limits.ts';
import { cleanHostname, cleanText } from './sanitize.ts';

export type RdnsStatus = 'ok' | 'nxdomain' | 'timeout' | 'offline' | 'error';

export interface RdnsResult {
  address: string;
  status: RdnsStatus;
  /** Validated host names (lower case, no trailing dot); names failing validation are dropped. */
  names: string[];
  error?: string;
  fetchedAt: Date;
  /** Resolver(s) asked, e.g. `127.0.0.1:5353`, or `system`. */
  server: string;
}

export interface RdnsOptions {
  /** `['127.0.0.1:5353']`; default: the system's resolvers. */
  servers?: string[];
  /** Per try, default 2000 ms. */
  timeoutMs?: number;
  /** Default 2. */
  tries?: number;
  /** Reuse one resolver across calls (servers/timeoutMs/tries are then ignored). */
  resolver?: Resolver;
}

export interface ReverseManyOptions extends RdnsOptions {
  /** Queries in flight at once, default 8. */
  concurrency?: number;
  onResult?: (r: RdnsResult) => void;
  /** This many timeouts in a row, with no answer ever seen, mark the batch offline. Default 8. */
  offlineAfterTimeouts?: number;
}

const MAX_NAMES = 16;

export function makeResolver(o: RdnsOptions): Resolver {
  if (o.resolver) return o.resolver;
  const r = new Resolver({ timeout: o.timeoutMs ?? 2000, tries: o.tries ?? 2 });
  if (o.servers?.length) r.setServers(o.servers);
  return r;
}

function statusOf(code: string): RdnsStatus {
  if (code === 'ENOTFOUND' || code === 'ENODATA') return 'nxdomain';
  if (code === 'ETIMEOUT' || code === 'ETIMEDOUT') return 'timeout';
  // c-ares says ECONNREFUSED when no resolver can be reached at all.
  if (code === 'ECONNREFUSED' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return 'offline';
  return 'error';
}

/** `1.2.3.4` → `4.3.2.1.in-addr.arpa`; IPv6 → 32 nibbles under `ip6.arpa`. */
export function arpaName(address: string): string {
  if (isIPv4(address)) return address.split('.').reverse().join('.') + '.in-addr.arpa';
  const hex = ipv6ToBigInt(address).toString(16).padStart(32, '0');
  return [...hex].reverse().join('.') + '.ip6.arpa';
}

async function reverseWith(resolver: Resolver, address: string, server: string): Promise<RdnsResult> {
  const a = address.trim();
  const base = { address: a, names: [] as string[], server };
  if (!isIPv4(a) && !isIPv6(a)) return { ...base, status: 'error', error: 'not an IP address', fetchedAt: new Date() };
  try {
    // resolvePtr, not reverse(): c-ares' gethostbyaddr falls back to /etc/hosts after a DNS failure
    // and then reports ENOTFOUND, hiding timeouts and unreachable resolvers.
    const raw = await resolver.resolvePtr(arpaName(a));
    const names = [...new Set(raw.map(cleanHostname).filter((n): n is string => n !== null))].slice(0, MAX_NAMES);
    if (names.length === 0 && raw.length > 0) return { ...base, status: 'error', error: 'PTR names failed validation', fetchedAt: new Date() };
    return { ...base, names, status: names.length ? 'ok' : 'nxdomain', fetchedAt: new Date() };
  } catch (err) {
    const code = errorCode(err);
    return { ...base, status: statusOf(code), error: cleanText(code || String(err), 120) ?? 'error', fetchedAt: new Date() };
  }
}

/** PTR names of one address. */
export async function reversePtr(address: string, opts: RdnsOptions = {}): Promise<RdnsResult> {
  const resolver = makeResolver(opts);
  return reverseWith(resolver, address, resolver.getServers().join(',') || 'system');
}

/**
 * PTR names of many addresses, at most `concurrency` in flight. Once the network looks gone (resolvers
 * refuse, or nothing but timeouts), the rest end at once as 'offline' instead of each timing out.
 */
export async function reverseMany(addresses: readonly string[], opts: ReverseManyOptions = {}): Promise<RdnsResult[]> {
  const resolver = makeResolver(opts);
  const server = resolver.getServers().join(',') || 'system';
  const limit = opts.offlineAfterTimeouts ?? 8;
  let answered = false;
  let timeoutsInRow = 0;
  let offline = false;
  return mapPool(addresses, opts.concurrency ?? 8, async (address) => {
    const r = offline
      ? { address: address.trim(), names: [], server, status: 'offline' as const, error: 'network marked offline', fetchedAt: new Date() }
      : await reverseWith(resolver, address, server);
    if (r.status === 'ok' || r.status === 'nxdomain') [answered, timeoutsInRow] = [true, 0];
    if (r.status === 'timeout' && ++timeoutsInRow >= limit && !answered) offline = true;
    if (r.status === 'offline') offline = true;
    opts.onResult?.(r);
    return r;
  });
}
