// RDAP client against a real HTTP server on 127.0.0.1: answers, redirect chains, caps and bad bodies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdapAsn, rdapIp, type RdapOptions } from '../../src-main/lookup/rdap-client.ts';
import { RateLimiter } from '../../src-main/lookup/limits.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/rdap/${name}`, import.meta.url), 'utf8');
const json = (res: http.ServerResponse, code: number, body: string) => {
  res.writeHead(code, { 'content-type': 'application/rdap+json' });
  res.end(body);
};

let server: http.Server;
let base = '';
const seen: Array<{ url: string; accept: string | undefined }> = [];
let flaky = 0;

const hostile = JSON.stringify({
  objectClassName: 'ip network',
  startAddress: '203.0.113.0',
  endAddress: '203.0.113.255',
  name: 'EVIL\n\u001b[2J\u0000NET',
  country: 'X\u0000',
  port43: 'whois.apnic.net',
  entities: [
    { roles: ['registrant'], vcardArray: ['vcard', [['fn', {}, 'text', 'Evil "Org"\r\n$(reboot) `id` \u001b]0;title\u0007<b>']]] },
    { roles: ['abuse'], vcardArray: ['vcard', [['email', {}, 'text', "a'b@evil.example; rm -rf /"]]] },
  ],
});

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    seen.push({ url, accept: req.headers.accept });
    const routes: Record<string, () => void> = {
      '/registry/ip/104.16.1.1': () => json(res, 200, fixture('arin-ip-104.json')),
      '/registry/autnum/13335': () => json(res, 200, fixture('arin-autnum-13335.json')),
      // ARIN → RIPE: absolute 301, then a relative 302, then a root-relative 307.
      '/registry/ip/193.0.6.139': () => (res.writeHead(301, { location: `${base}/ripe/a/ip/193.0.6.139` }), res.end()),
      '/ripe/a/ip/193.0.6.139': () => (res.writeHead(302, { location: '../../b/ip/193.0.6.139' }), res.end()),
      '/ripe/b/ip/193.0.6.139': () => (res.writeHead(307, { location: '/ripe/final/ip/193.0.6.139' }), res.end()),
      '/ripe/final/ip/193.0.6.139': () => json(res, 200, fixture('ripe-ip-193.json')),
      '/registry/ip/192.0.2.1': () => (res.writeHead(302, { location: '/registry/ip/192.0.2.1?again' }), res.end()),
      '/registry/ip/192.0.2.1?again': () => (res.writeHead(302, { location: '/registry/ip/192.0.2.1' }), res.end()),
      '/registry/ip/192.0.2.2': () => json(res, 404, JSON.stringify({ errorCode: 404, title: 'Not Found' })),
      '/registry/ip/192.0.2.3': () => {
        // Chunked, no Content-Length: the cap must work while streaming.
        res.writeHead(200, { 'content-type': 'application/rdap+json' });
        const chunk = Buffer.alloc(64 * 1024, ' ');
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        res.write('{"objectClassName":"ip network","name":"');
        pump();
      },
      '/registry/ip/192.0.2.4': () => json(res, 200, '{"objectClassName": "ip network", "name": '),
      '/registry/ip/192.0.2.5': () => json(res, 200, '["not", "an", "object"]'),
      '/registry/ip/192.0.2.6': () => (res.writeHead(301, { location: 'file:///etc/passwd' }), res.end()),
      '/registry/ip/192.0.2.7': () => (flaky++ === 0 ? json(res, 503, '{}') : json(res, 200, fixture('arin-ip-104.json'))),
      '/registry/ip/203.0.113.1': () => json(res, 200, hostile),
      '/registry/ip/192.0.2.8': () => setTimeout(() => json(res, 200, '{}'), 5000),
    };
    (routes[url] ?? (() => json(res, 404, '{"errorCode":404}')))();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const opts = (extra: RdapOptions = {}): RdapOptions => ({ baseUrl: `${base}/registry/`, timeoutMs: 2000, minIntervalMs: 0, retries: 0, backoffMs: 10, rateLimiter: new RateLimiter(), ...extra });

describe('rdapIp', () => {
  it('reads a direct answer: range, cidr0, name, registrant and nested abuse contact', async () => {
    const res = await rdapIp('104.16.1.1', opts());
    expect(res.status).toBe('ok');
    expect(seen.at(-1)?.accept).toMatch(/application\/rdap\+json/);
    expect(res.record).toMatchObject({ registry: 'arin', range: '104.16.0.0 - 104.31.255.255', cidr: ['104.16.0.0/12'], netname: 'CLOUDFLARENET', org: 'Cloudflare, Inc.', abuse: 'abuse@cloudflare.com' });
  });

  it('rdapIp follows a 301 → 302 → 307 chain with absolute and relative Locations to the RIPE answer', async () => {
    const res = await rdapIp('193.0.6.139', opts());
    expect(res.status).toBe('ok');
    expect(res.via?.map((u) => new URL(u).pathname)).toEqual(['/registry/ip/193.0.6.139', '/ripe/a/ip/193.0.6.139', '/ripe/b/ip/193.0.6.139', '/ripe/final/ip/193.0.6.139']);
    expect(res.record).toMatchObject({ registry: 'ripe', range: '193.0.0.0 - 193.0.7.255', cidr: ['193.0.0.0/21'], netname: 'RIPE-NCC', country: 'NL', abuse: 'abuse@ripe.net', org: 'Reseaux IP Europeens Network Coordination Centre (RIPE NCC)' });
  });

  it('gives up after maxRedirects', async () => {
    const res = await rdapIp('192.0.2.1', opts({ maxRedirects: 3 }));
    expect(res.status).toBe('error');
    expect(res.error).toMatch(/more than 3 redirects/);
    expect(res.via).toHaveLength(4);
  });

  it('maps 404 to not-found', async () => {
    expect((await rdapIp('192.0.2.2', opts())).status).toBe('not-found');
  });

  it('cuts a huge streamed body at maxBytes as too-large', async () => {
    const t0 = Date.now();
    const res = await rdapIp('192.0.2.3', opts({ maxBytes: 256 * 1024 }));
    expect(res.status).toBe('too-large');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('calls broken JSON and non-object JSON malformed', async () => {
    expect((await rdapIp('192.0.2.4', opts())).status).toBe('malformed');
    expect((await rdapIp('192.0.2.5', opts())).status).toBe('malformed');
  });

  it('refuses redirects out of HTTP(S)', async () => {
    const res = await rdapIp('192.0.2.6', opts());
    expect(res.status).toBe('error');
    expect(res.error).toMatch(/file: refused/);
  });

  it('retries a 503 with backoff and then succeeds', async () => {
    const res = await rdapIp('192.0.2.7', opts({ retries: 2 }));
    expect(res.status).toBe('ok');
    expect(flaky).toBe(2);
  });

  it('times out a server that does not answer in time', async () => {
    const t0 = Date.now();
    expect((await rdapIp('192.0.2.8', opts({ timeoutMs: 300 }))).status).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('sanitises hostile names and rejects a hostile abuse address', async () => {
    const res = await rdapIp('203.0.113.1', opts());
    const r = res.record!;
    expect(r.registry).toBe('apnic'); // from port43, the host being 127.0.0.1
    expect(r.netname).toBe('EVIL NET');
    expect(r.org).toBe('Evil "Org" $(reboot) `id` <b>');
    expect(r.country).toBeNull();
    expect(r.abuse).toBeNull();
    expect(r.warnings.join()).toMatch(/abuse address rejected/);
  });

  it('reports refused fast for a closed port and never sends non-addresses', async () => {
    const t0 = Date.now();
    const res = await rdapIp('1.1.1.1', { ...opts(), baseUrl: 'http://127.0.0.1:1/registry/' });
    expect(res.status).toBe('refused');
    expect(Date.now() - t0).toBeLessThan(3000);
    expect((await rdapIp('1.1.1.1/../../x', opts())).status).toBe('malformed');
  });
});

describe('rdapAsn', () => {
  it('reads an autnum: number, name, registrant and abuse', async () => {
    const res = await rdapAsn('as13335', opts());
    expect(res.status).toBe('ok');
    expect(res.record).toMatchObject({ query: 'AS13335', asn: 13335, asName: 'CLOUDFLARENET', org: 'Cloudflare, Inc.', abuse: 'abuse@cloudflare.com', registry: 'arin' });
  });
});
