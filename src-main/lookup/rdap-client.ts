// RDAP lookups over HTTP(S): bootstrap at one registry, follow its redirects, cap and parse the JSON.
import http from 'node:http';
import https from 'node:https';
import { isIPv4, isIPv6 } from '../parse/ip-text.ts';
import type { LookupResult, LookupStatus } from './lookup-types.ts';
import { backoffDelay, classifyNetError, isRetryable, OfflineDetector, RateLimiter, sharedRateLimiter, sleep } from './limits.ts';
import { parseRdap } from './rdap-parse.ts';
import { cleanText } from './sanitize.ts';
import { parseAsn } from './whois-client.ts';

export interface RdapOptions {
  /** Default `https://rdap.arin.net/registry/`; ARIN redirects other registries' resources. */
  baseUrl?: string;
  maxRedirects?: number;
  /** Per request, default 10 s. */
  timeoutMs?: number;
  /** Body cap, default 1 MiB. */
  maxBytes?: number;
  retries?: number;
  backoffMs?: number;
  /** Minimum spacing between requests to one host, default 1000 ms. */
  minIntervalMs?: number;
  rateLimiter?: RateLimiter;
  offline?: OfflineDetector;
  /** Aborting it ends the request in flight (the app's Cancel and its offline deadline). */
  signal?: AbortSignal;
}

interface Reply {
  status: LookupStatus;
  httpStatus?: number;
  location?: string;
  body?: string;
  error?: string;
  err?: unknown;
  retryAfterMs?: number;
}

function getOnce(url: URL, o: RdapOptions): Promise<Reply> {
  const maxBytes = o.maxBytes ?? 1024 * 1024;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: Reply) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const req = mod.get(url, { signal: o.signal, headers: { accept: 'application/rdap+json, application/json;q=0.8', 'user-agent': 'fwlens' } }, (res) => {
      const code = res.statusCode ?? 0;
      if (code >= 300 && code < 400) return finish({ status: 'ok', httpStatus: code, location: res.headers.location });
      const retryAfter = Number(res.headers['retry-after']);
      if (code !== 200) {
        const status: LookupStatus = code === 404 ? 'not-found' : 'error';
        return finish({ status, httpStatus: code, error: `HTTP ${code}`, retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined });
      }
      if (Number(res.headers['content-length']) > maxBytes) return finish({ status: 'too-large', httpStatus: code, error: `body over ${maxBytes} bytes` });
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes > maxBytes) return finish({ status: 'too-large', httpStatus: code, error: `body over ${maxBytes} bytes` });
        chunks.push(c);
      });
      res.on('end', () => finish({ status: 'ok', httpStatus: code, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => finish({ status: classifyNetError(err), error: err.message, err }));
    });
    const timer = setTimeout(() => finish({ status: 'timeout', error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    req.on('error', (err) => finish({ status: classifyNetError(err), error: `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim(), err }));
  });
}

async function getWithRetry(url: URL, o: RdapOptions): Promise<Reply> {
  const retries = o.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    await (o.rateLimiter ?? sharedRateLimiter).wait(url.host, o.minIntervalMs ?? 1000);
    const r = await getOnce(url, o);
    // Retry what may pass (connection trouble, 429 and 5xx); a 404 or a bad body will not change.
    const transient = (r.err !== undefined && isRetryable(r.err)) || r.httpStatus === 429 || (r.httpStatus ?? 0) >= 500;
    if (!transient || attempt >= retries) return r;
    await sleep(Math.min(10_000, r.retryAfterMs ?? backoffDelay(attempt, o.backoffMs ?? 500)));
  }
}

async function rdapGet(path: string, query: string, o: RdapOptions): Promise<LookupResult> {
  const via: string[] = [];
  const base = o.baseUrl ?? 'https://rdap.arin.net/registry/';
  let url = new URL(path, base.endsWith('/') ? base : base + '/');
  const end = (status: LookupStatus, error?: string, extra: Partial<LookupResult> = {}): LookupResult => {
    const r: LookupResult = { status, fetchedAt: new Date(), server: url.href, via, ...extra };
    if (error) r.error = cleanText(error) ?? status;
    return r;
  };
  if (o.offline?.isOffline()) return end('offline', `network marked offline: ${o.offline.reason}`);
  const maxRedirects = o.maxRedirects ?? 5;
  for (let redirects = 0; ; redirects++) {
    via.push(url.href);
    if (o.signal?.aborted) return end('error', 'aborted');
    const r = await getWithRetry(url, o);
    const status = o.offline ? o.offline.note(url.host, r.status, r.error) : r.status;
    if (status !== 'ok') return end(status, r.error);
    if (r.httpStatus !== undefined && r.httpStatus >= 300 && r.httpStatus < 400) {
      if (!r.location) return end('error', `HTTP ${r.httpStatus} without Location`);
      if (redirects >= maxRedirects) return end('error', `more than ${maxRedirects} redirects`);
      let next: URL;
      try {
        next = new URL(r.location, url);
      } catch {
        return end('error', 'unreadable redirect Location');
      }
      // Never leave HTTP(S), and never downgrade from https to http.
      if ((next.protocol !== 'https:' && next.protocol !== 'http:') || (url.protocol === 'https:' && next.protocol === 'http:')) {
        return end('error', `redirect to ${next.protocol} refused`);
      }
      url = next;
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(r.body ?? '');
    } catch {
      return end('malformed', 'body is not JSON');
    }
    const parsed = parseRdap(json, query, url.href, r.body);
    return end(parsed.outcome, parsed.outcome === 'ok' ? undefined : parsed.outcome, { record: parsed.record });
  }
}

/** The RDAP ip network record for `address`. */
export async function rdapIp(address: string, opts: RdapOptions = {}): Promise<LookupResult> {
  const a = address.trim();
  if (!isIPv4(a) && !isIPv6(a)) return { status: 'malformed', error: 'not an IP address', fetchedAt: new Date(), server: opts.baseUrl ?? '' };
  // Validated text holds only hex digits, dots and colons, so it is path-safe as is.
  return rdapGet(`ip/${a}`, a, opts);
}

/** The RDAP autnum record for `13335` or `AS13335`. */
export async function rdapAsn(asn: number | string, opts: RdapOptions = {}): Promise<LookupResult> {
  const n = parseAsn(asn);
  if (n === null) return { status: 'malformed', error: 'not an AS number', fetchedAt: new Date(), server: opts.baseUrl ?? '' };
  return rdapGet(`autnum/${n}`, `AS${n}`, opts);
}
