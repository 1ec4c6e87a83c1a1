// Reverse DNS against a real UDP DNS server built with dns-packet: names, NXDOMAIN, silence, concurrency, offline.
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { Resolver } from 'node:dns/promises';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reverseMany, reversePtr, type RdnsOptions, type RdnsResult } from '../../src-main/lookup/rdns.ts';
import { whoisIp } from '../../src-main/lookup/whois-client.ts';
import { RateLimiter } from '../../src-main/lookup/limits.ts';

const NXDOMAIN = 3;
let sock: dgram.Socket;
let dnsServer = '';
let inFlight = 0;
let maxInFlight = 0;
let received = 0;

/** name → [PTR names, delay ms]; null = NXDOMAIN; 'silent' = never answer. */
function answerFor(name: string): { names: string[]; delay: number } | null | 'silent' {
  const m = /^(\d+)\.100\.51\.198\.in-addr\.arpa$/i.exec(name);
  if (name.toLowerCase().endsWith('.ip6.arpa')) return { names: ['v6.example.net'], delay: 0 };
  if (!m) return null;
  const x = Number(m[1]);
  if (x === 1) return { names: ['Host1.Example.NET'], delay: 0 };
  if (x === 2) return null;
  if (x === 3) return 'silent';
  if (x === 4) return { names: ['evil$(id) `x`.example'], delay: 0 };
  if (x === 5) return { names: ['good.example.net', 'bad name.example'], delay: 0 };
  return { names: [`h${x}.example.net`], delay: 40 };
}

beforeAll(async () => {
  sock = dgram.createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const question = q.questions?.[0];
    if (!question) return;
    received++;
    const a = answerFor(question.name);
    if (a === 'silent') return;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const reply = () => {
      inFlight--;
      const isA = question.type !== 'PTR';
      const body = dnsPacket.encode({
        type: 'response',
        id: q.id,
        flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (a === null || isA ? NXDOMAIN : 0),
        questions: q.questions,
        answers: a === null || isA ? [] : a.names.map((data) => ({ type: 'PTR' as const, class: 'IN' as const, name: question.name, ttl: 60, data })),
      });
      sock.send(body, rinfo.port, rinfo.address);
    };
    if (a && a.delay) setTimeout(reply, a.delay);
    else reply();
  });
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  dnsServer = `127.0.0.1:${(sock.address() as AddressInfo).port}`;
});
afterAll(() => sock.close());

const opts = (extra: RdnsOptions = {}): RdnsOptions => ({ servers: [dnsServer], timeoutMs: 1000, tries: 1, ...extra });

describe('reversePtr', () => {
  it('returns validated, lower-cased PTR names', async () => {
    const r = await reversePtr('198.51.100.1', opts());
    expect(r).toMatchObject({ status: 'ok', names: ['host1.example.net'], server: dnsServer });
    expect((await reversePtr('2001:db8::1', opts())).names).toEqual(['v6.example.net']);
  });

  it('reports nxdomain', async () => {
    expect((await reversePtr('198.51.100.2', opts())).status).toBe('nxdomain');
  });

  it('reports timeout when the server never answers', async () => {
    const t0 = Date.now();
    expect((await reversePtr('198.51.100.3', opts({ timeoutMs: 200 }))).status).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('drops names with shell or space characters', async () => {
    const bad = await reversePtr('198.51.100.4', opts());
    expect(bad.status).toBe('error');
    expect(bad.names).toEqual([]);
    expect((await reversePtr('198.51.100.5', opts())).names).toEqual(['good.example.net']);
  });

  it('refuses what is not an address without asking', async () => {
    const before = received;
    expect((await reversePtr('example.com', opts())).status).toBe('error');
    expect(received).toBe(before);
  });
});

describe('reverseMany', () => {
  it('reverseMany keeps at most `concurrency` queries in flight and reports each result', async () => {
    maxInFlight = 0;
    const addrs = Array.from({ length: 24 }, (_, i) => `198.51.100.${10 + i}`);
    const seen: RdnsResult[] = [];
    const res = await reverseMany(addrs, { ...opts(), concurrency: 3, onResult: (r) => seen.push(r) });
    expect(res.map((r) => r.names[0])).toEqual(addrs.map((a) => `h${a.split('.')[3]}.example.net`));
    expect(seen).toHaveLength(24);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(3);
  });

  it('after repeated timeouts with no answer ever, ends the rest as offline', async () => {
    const silent = Array.from({ length: 30 }, () => '198.51.100.3');
    const t0 = Date.now();
    const res = await reverseMany(silent, { ...opts({ timeoutMs: 100 }), concurrency: 2, offlineAfterTimeouts: 3 });
    expect(res.filter((r) => r.status === 'timeout').length).toBeLessThanOrEqual(4);
    expect(res.at(-1)?.status).toBe('offline');
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('offline', () => {
  it('a resolver port with nothing behind it ends the batch quickly, not per-address timeouts', async () => {
    const dead = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => dead.bind(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const t0 = Date.now();
    const res = await reverseMany(['198.51.100.1', '198.51.100.2', '198.51.100.9'], { servers: [`127.0.0.1:${port}`], timeoutMs: 300, tries: 1, concurrency: 1 });
    // c-ares reports ECONNREFUSED (ICMP port unreachable) at once; the rest are not even asked.
    expect(res.map((r) => r.status)).toEqual(['offline', 'offline', 'offline']);
    expect(res.at(-1)?.error).toMatch(/marked offline/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('a whois server name the resolver cannot resolve ends as offline', async () => {
    const resolver = new Resolver({ timeout: 500, tries: 1 });
    resolver.setServers([dnsServer]);
    const t0 = Date.now();
    const res = await whoisIp('8.8.8.8', {
      startServer: 'whois.example.invalid',
      minIntervalMs: 0,
      retries: 0,
      timeoutMs: 2000,
      rateLimiter: new RateLimiter(),
      // Resolve server names through the local DNS server (it says NXDOMAIN), not the system.
      lookup: (host, _o, cb) => {
        resolver.resolve4(host).then(
          (a) => cb(null, a[0], 4),
          (err: NodeJS.ErrnoException) => cb(err, '', 4),
        );
      },
    });
    expect(res.status).toBe('offline');
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
