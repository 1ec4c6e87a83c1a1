// One RFC 3912 exchange over TCP: connect, send the query, read until the server closes, with caps.
import net from 'node:net';
import type { LookupStatus } from './lookup-types.ts';
import { backoffDelay, classifyNetError, isRetryable, RateLimiter, sharedRateLimiter, sleep } from './limits.ts';

export interface Endpoint {
  host: string;
  port: number;
}

export interface SocketOptions {
  /** Overall limit per attempt (connect, send, read), default 10 s. */
  timeoutMs?: number;
  /** Connect limit, default = timeoutMs. */
  connectTimeoutMs?: number;
  /** Answer cap in bytes, default 256 KiB. */
  maxBytes?: number;
  /** Extra attempts after a connection error, default 2. */
  retries?: number;
  /** First backoff delay, default 500 ms, doubling. */
  backoffMs?: number;
  /** Minimum spacing between queries to one server, default 1000 ms. */
  minIntervalMs?: number;
  rateLimiter?: RateLimiter;
  /** Custom resolver for server names (`net.connect`'s `lookup`). */
  lookup?: net.LookupFunction;
}

export interface SocketAnswer {
  status: LookupStatus;
  text?: string;
  error?: string;
  bytes: number;
}

// Most registries answer UTF-8; some old records (LACNIC) are Latin-1, which never fails to decode.
function decode(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return buf.toString('latin1');
  }
}

function exchangeOnce(ep: Endpoint, payload: string, o: SocketOptions): Promise<SocketAnswer & { err?: unknown }> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxBytes = o.maxBytes ?? 256 * 1024;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const sock = net.connect({ host: ep.host, port: ep.port, lookup: o.lookup });
    const finish = (a: SocketAnswer & { err?: unknown }) => {
      if (done) return;
      done = true;
      clearTimeout(overall);
      clearTimeout(connectTimer);
      sock.destroy();
      resolve(a);
    };
    const overall = setTimeout(() => finish({ status: 'timeout', error: `no complete answer within ${timeoutMs} ms`, bytes }), timeoutMs);
    const connectTimer = setTimeout(
      () => finish({ status: 'timeout', error: 'connect timed out', bytes, err: Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' }) }),
      Math.min(timeoutMs, o.connectTimeoutMs ?? timeoutMs),
    );
    sock.once('connect', () => {
      clearTimeout(connectTimer);
      // No half-close after the query: some servers treat an early FIN as an aborted session.
      sock.write(payload);
    });
    sock.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      // Stop reading at the cap: an endless answer must not fill memory or keep us waiting.
      if (bytes > maxBytes) return finish({ status: 'too-large', error: `answer exceeds ${maxBytes} bytes`, bytes });
      chunks.push(chunk);
    });
    sock.once('end', () => finish({ status: 'ok', text: decode(Buffer.concat(chunks)), bytes }));
    sock.once('error', (err: Error) => {
      // A reset after some data is still an answer (some servers close abruptly).
      if (bytes > 0 && (err as NodeJS.ErrnoException).code === 'ECONNRESET') return finish({ status: 'ok', text: decode(Buffer.concat(chunks)), bytes });
      finish({ status: classifyNetError(err), error: `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim(), bytes, err });
    });
  });
}

/** Sends `payload` to `ep` (rate-limited under `key`) and returns the whole answer, retrying connection errors. */
export async function whoisExchange(key: string, ep: Endpoint, payload: string, o: SocketOptions = {}): Promise<SocketAnswer> {
  const retries = o.retries ?? 2;
  const limiter = o.rateLimiter ?? sharedRateLimiter;
  for (let attempt = 0; ; attempt++) {
    await limiter.wait(key, o.minIntervalMs ?? 1000);
    const a = await exchangeOnce(ep, payload, o);
    if (a.status === 'ok' || !a.err || !isRetryable(a.err) || attempt >= retries) {
      return { status: a.status, text: a.text, error: a.error, bytes: a.bytes };
    }
    await sleep(backoffDelay(attempt, o.backoffMs ?? 500));
  }
}
