// Team Cymru bulk whois against a real local server: one connection for many addresses.
import { afterEach, describe, expect, it } from 'vitest';
import { whoisBulkCymru } from '../../src-main/lookup/cymru-bulk.ts';
import { RateLimiter } from '../../src-main/lookup/limits.ts';
import { closedPort, fixture, startWhois, type FakeWhois } from '../fixtures/whois/fake-whois-server.ts';

const open: FakeWhois[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const known = new Map(
  fixture('cymru-bulk.txt')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => [l.split('|')[1].trim(), l] as const),
);

/** Answers every address between begin/end like whois.cymru.com does in verbose bulk mode. */
function cymruReply(query: string): string {
  const ips = query.split('\n').map((l) => l.trim()).filter((l) => l && !['begin', 'verbose', 'end'].includes(l));
  const lines = ips
    .filter((ip) => ip !== '203.0.113.99') // one address the server skips
    .map((ip) => known.get(ip) ?? `64500   | ${ip.padEnd(16)} | ${ip.replace(/\.\d+$/, '.0')}/24 | DE | ripencc  | 2001-01-01 | EXAMPLE-AS Example "Net" $(x), DE`);
  return `Bulk mode; whois.cymru.com [2024-05-01 12:00:00 +0000]\n${lines.join('\n')}\n`;
}

const many = Array.from({ length: 400 }, (_, i) => `198.51.${i >> 8}.${i & 255}`);

describe('whoisBulkCymru', () => {
  it('looks up many addresses over one connection and returns results in input order', async () => {
    const srv = await startWhois(cymruReply, { bulk: true });
    open.push(srv);
    const input = ['1.1.1.1', '8.8.8.8', '2001:67c:2e8:0::2', ...many, '1.1.1.1', 'not-an-ip', '203.0.113.99', '10.1.2.3'];
    const res = await whoisBulkCymru(input, { server: { host: '127.0.0.1', port: srv.port }, rateLimiter: new RateLimiter(), minIntervalMs: 0 });
    expect(srv.connections).toBe(1);
    const sent = srv.queries[0].split('\n');
    expect(sent.slice(0, 2)).toEqual(['begin', 'verbose']);
    expect(sent).toContain('2001:67c:2e8::2'); // canonical form on the wire
    expect(sent.filter((l) => l === '1.1.1.1')).toHaveLength(1); // duplicates asked once
    expect(sent).not.toContain('not-an-ip');
    expect(res).toHaveLength(input.length);
    expect(res[0].record).toMatchObject({ asn: 13335, asName: 'CLOUDFLARENET', cidr: ['1.1.1.0/24'], country: 'AU', registry: 'apnic' });
    expect(res[1].record).toMatchObject({ asn: 15169, registry: 'arin' });
    expect(res[2].record).toMatchObject({ asn: 3333, cidr: ['2001:67c:2e8::/48'] });
    expect(res[3].record).toMatchObject({ query: '198.51.0.0', asn: 64500, asName: 'EXAMPLE-AS Example "Net" $(x)' });
    expect(res[3 + many.length].record?.asn).toBe(13335);
    expect(res.at(-3)?.status).toBe('malformed');
    expect(res.at(-2)?.status).toBe('not-found');
    expect(res.at(-1)?.status).toBe('not-found'); // NA line: not routed
    expect(res.filter((r) => r.status === 'ok')).toHaveLength(3 + many.length + 1);
  });

  it('gives every address the connection failure when the server is down', async () => {
    const port = await closedPort();
    const t0 = Date.now();
    const res = await whoisBulkCymru(['1.1.1.1', '8.8.8.8'], { server: { host: '127.0.0.1', port }, retries: 1, backoffMs: 10, minIntervalMs: 0 });
    expect(res.map((r) => r.status)).toEqual(['refused', 'refused']);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('does not connect at all when nothing valid is asked', async () => {
    const srv = await startWhois(cymruReply, { bulk: true });
    open.push(srv);
    const res = await whoisBulkCymru(['x', ''], { server: { host: '127.0.0.1', port: srv.port } });
    expect(res.map((r) => r.status)).toEqual(['malformed', 'malformed']);
    expect(srv.connections).toBe(0);
  });
});
