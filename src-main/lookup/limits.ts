// Shared politeness and failure handling for lookups: pools, per-server rate limits, backoff, offline detection.
import type { LookupStatus } from './lookup-types.ts';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Exponential backoff with ±20 % jitter, so many clients retrying together do not stay in step. */
export function backoffDelay(attempt: number, baseMs: number, maxMs = 30_000): number {
  const d = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(d * (0.8 + Math.random() * 0.4));
}

/**
 * Minimum spacing between requests with the same key (a server). Callers reserve slots in order,
 * so N concurrent callers end up `minIntervalMs` apart instead of all firing at once.
 */
export class RateLimiter {
  private readonly next = new Map<string, number>();

  async wait(key: string, minIntervalMs: number): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next.get(key) ?? 0);
    this.next.set(key, at + minIntervalMs);
    if (this.next.size > 1000) for (const [k, t] of this.next) if (t < now) this.next.delete(k);
    if (at > now) await sleep(at - now);
  }
}

/** Process-wide limiter, so separate lookups of the same registry still respect its limits. */
export const sharedRateLimiter = new RateLimiter();

/** Runs `fn` over items with at most `concurrency` in flight; results in input order. */
export async function mapPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  const n = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}

// Codes meaning "there is no network path at all" (interface down, no route, resolver unreachable).
const OFFLINE_CODES = new Set(['ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'EHOSTDOWN', 'EAI_AGAIN', 'EAI_FAIL', 'ENOTFOUND', 'EADDRNOTAVAIL']);

export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** The lookup status a socket/HTTP error stands for. */
export function classifyNetError(err: unknown): LookupStatus {
  const code = errorCode(err);
  if (OFFLINE_CODES.has(code)) return 'offline';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT' || code === 'ETIMEOUT' || code === 'ESOCKETTIMEDOUT') return 'timeout';
  return 'error';
}

/** Connection errors worth another attempt; "no network at all" is not one of them. */
export function isRetryable(err: unknown): boolean {
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT'].includes(errorCode(err));
}

/**
 * Remembers that the network is gone so a batch of lookups ends at once instead of each one waiting
 * out its own timeout: one offline error, or refusals from `refusedServers` distinct servers with no
 * success in between, marks it offline for `holdMs`. Share one per batch (or per app).
 */
export class OfflineDetector {
  private offlineUntil = 0;
  private readonly refused = new Set<string>();
  reason = '';

  constructor(private readonly opts: { holdMs?: number; refusedServers?: number } = {}) {}

  isOffline(): boolean {
    return Date.now() < this.offlineUntil;
  }

  /** Feed every outcome; returns the status to report (a refusal may be upgraded to 'offline'). */
  note(server: string, status: LookupStatus, error?: string): LookupStatus {
    if (status === 'ok' || status === 'not-found' || status === 'malformed' || status === 'too-large') {
      this.refused.clear();
      return status;
    }
    if (status === 'refused') {
      this.refused.add(server);
      if (this.refused.size < (this.opts.refusedServers ?? 3)) return status;
    } else if (status !== 'offline') return status;
    this.offlineUntil = Date.now() + (this.opts.holdMs ?? 30_000);
    this.reason = error ?? status;
    return 'offline';
  }

  reset(): void {
    this.offlineUntil = 0;
    this.refused.clear();
  }
}
