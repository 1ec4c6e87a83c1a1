// whois client against real TCP servers on 127.0.0.1: referrals, query forms, failures, hostile answers.
import { afterEach, describe, expect, it } from 'vitest';
import { whoisAsn, whoisIp, type WhoisOptions } from '../../src-main/lookup/whois-client.ts';
import { OfflineDetector, RateLimiter } from '../../src-main/lookup/limits.ts';
import type { NetRecord } from '../../src-main/lookup/lookup-types.ts';
import { closedPort, fixture, startWhois, type FakeWhois, type Reply } from '../fixtures/whois/fake-whois-server.ts';

const open: FakeWhois[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function fake(reply: Reply): Promise<FakeWhois> {
  const s = await startWhois(reply);
  open.push(s);
  return s;
}

/** Options pointing the named registries at local fakes, with test-sized limits. */
function opts(map: Record<string, FakeWhois | number>, extra: WhoisOptions = {}): WhoisOptions {
  const servers = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, { host: '127.0.0.1', port: typeof v === 'number' ? v : v.port }]));
  return { servers, timeoutMs: 2000, minIntervalMs: 0, retries: 0, backoffMs: 10, rateLimiter: new RateLimiter(), ...extra };
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
function stringsOf(r: NetRecord): string[] {
  return [r.range, r.netname, r.org, r.country, r.abuse, r.asName ?? null, ...r.cidr, ...r.warnings].filter((s): s is string => s !== null);
}

describe('whoisIp', () => {
  it('whoisIp follows IANA → ARIN → RIPE referrals and reports the RIPE record', async () => {
    const iana = await fake(fixture('iana-192.txt'));
    const arin = await fake(fixture('arin-192-87-ripe.txt'));
    const ripe = await fake(fixture('ripe-192-87.txt'));
    const res = await whoisIp('192.87.106.101', opts({ 'whois.iana.org': iana, 'whois.arin.net': arin, 'whois.ripe.net': ripe }));
    expect(res.status).toBe('ok');
    expect(iana.queries).toEqual(['192.87.106.101']);
    expect(arin.queries).toEqual(['n + 192.87.106.101']); // ARIN's "network, full details" form
    expect(ripe.queries).toEqual(['192.87.106.101']); // plain RPSL query, no flags
    expect(res.via).toEqual(['whois.iana.org:43', 'whois.arin.net:43', 'whois.ripe.net:43']);
    expect(res.record).toMatchObject({
      query: '192.87.106.101',
      registry: 'ripe',
      server: 'whois.ripe.net:43',
      range: '192.87.106.0 - 192.87.106.255',
      cidr: ['192.87.106.0/24'],
      netname: 'EXAMPLE-LAB-NET',
      org: 'Stichting Example Physics Laboratory',
      country: 'NL',
      abuse: 'abuse@example-lab.nl',
      asn: 1104,
    });
  });

  it('picks the most specific of the networks ARIN lists and its organisation', async () => {
    const iana = await fake(fixture('iana-104.txt'));
    const arin = await fake(fixture('arin-104.txt'));
    const res = await whoisIp('104.16.1.1', opts({ 'whois.iana.org': iana, 'whois.arin.net': arin }));
    expect(res.status).toBe('ok');
    expect(res.record).toMatchObject({ registry: 'arin', cidr: ['104.16.0.0/12'], range: '104.16.0.0 - 104.31.255.255', netname: 'CLOUDFLARENET', org: 'Cloudflare, Inc.', country: 'US', abuse: 'abuse@cloudflare.com', asn: 13335 });
  });

  it('reports IANA itself when IANA refers nowhere (private space)', async () => {
    const iana = await fake(fixture('iana-private.txt'));
    const res = await whoisIp('10.1.2.3', opts({ 'whois.iana.org': iana }));
    expect(res.status).toBe('ok');
    expect(res.record).toMatchObject({ registry: 'iana', org: 'IANA - Private Use', range: '10.0.0.0 - 10.255.255.255', cidr: ['10.0.0.0/8'] });
  });

  it('decodes a Latin-1 LACNIC answer and resolves the abuse-c handle to its e-mail', async () => {
    const iana = await fake('refer: whois.lacnic.net\n\ninetnum: 200.0.0.0 - 200.255.255.255\norganisation: LACNIC\n');
    const lacnic = await fake(Buffer.from(fixture('lacnic-200-160.txt'), 'latin1'));
    const res = await whoisIp('200.160.2.3', opts({ 'whois.iana.org': iana, 'whois.lacnic.net': lacnic }));
    expect(res.record).toMatchObject({ registry: 'lacnic', range: '200.160.0.0 - 200.160.15.255', cidr: ['200.160.0.0/20'], org: 'Núcleo de Inf. e Coord. do Ponto BR - NIC.BR', country: 'BR', abuse: 'cert@example.br' });
  });

  it('says not-found when the registry has no entry, keeping the less specific record', async () => {
    const iana = await fake('refer: whois.ripe.net\n\ninetnum: 193.0.0.0 - 193.255.255.255\norganisation: RIPE NCC\n');
    const ripe = await fake(fixture('ripe-not-found.txt'));
    const res = await whoisIp('193.0.0.1', opts({ 'whois.iana.org': iana, 'whois.ripe.net': ripe }));
    expect(res.status).toBe('not-found');
    expect(res.record?.registry).toBe('iana');
  });

  it('turns a registry refusal (rate limit) into an error, not a record', async () => {
    const ripe = await fake(fixture('ripe-rate-limited.txt'));
    const res = await whoisIp('193.0.0.1', opts({ 'whois.ripe.net': ripe }, { startServer: 'whois.ripe.net' }));
    expect(res.status).toBe('error');
    expect(res.error).toMatch(/refused the query/);
  });

  it('calls an answer with no whois fields malformed', async () => {
    const iana = await fake(fixture('malformed.txt'));
    const res = await whoisIp('8.8.8.8', opts({ 'whois.iana.org': iana }));
    expect(res.status).toBe('malformed');
    expect(res.record?.warnings.join()).toMatch(/no recognisable/);
  });

  it('stops at a referral loop and keeps the record it had', async () => {
    const iana = await fake(fixture('iana-104.txt'));
    const arin = await fake(fixture('arin-104.txt') + '\nReferralServer: whois://whois.ripe.net\n');
    const ripe = await fake(fixture('ripe-ipv6.txt') + '\nrefer: whois.arin.net\n');
    const res = await whoisIp('104.16.1.1', opts({ 'whois.iana.org': iana, 'whois.arin.net': arin, 'whois.ripe.net': ripe }));
    expect(res.status).toBe('ok');
    expect(arin.connections).toBe(1);
    expect(res.record?.warnings.join()).toMatch(/referral loop back to whois.arin.net:43/);
  });

  it('follows at most maxReferrals referrals', async () => {
    const iana = await fake(fixture('iana-104.txt'));
    const arin = await fake(fixture('arin-104.txt') + '\nReferralServer: whois://whois.ripe.net\n');
    const ripe = await fake(fixture('ripe-ipv6.txt'));
    const res = await whoisIp('104.16.1.1', opts({ 'whois.iana.org': iana, 'whois.arin.net': arin, 'whois.ripe.net': ripe }, { maxReferrals: 1 }));
    expect(ripe.connections).toBe(0);
    expect(res.record?.registry).toBe('arin');
    expect(res.record?.warnings.join()).toMatch(/stopped after 1 referrals/);
  });

  it('ends an endless answer as too-large without waiting for it', async () => {
    const iana = await fake('endless');
    const t0 = Date.now();
    const res = await whoisIp('8.8.8.8', opts({ 'whois.iana.org': iana }, { maxBytes: 64 * 1024, timeoutMs: 10_000 }));
    expect(res.status).toBe('too-large');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('times out on a server that accepts and never answers', async () => {
    const iana = await fake('silent');
    const t0 = Date.now();
    const res = await whoisIp('8.8.8.8', opts({ 'whois.iana.org': iana }, { timeoutMs: 300 }));
    expect(res.status).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('reports refused quickly for a closed port, after its retries', async () => {
    const port = await closedPort();
    const t0 = Date.now();
    const res = await whoisIp('8.8.8.8', opts({ 'whois.iana.org': port }, { retries: 2, backoffMs: 20 }));
    expect(res.status).toBe('refused');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('keeps the IANA record, flagged, when the referred registry is unreachable', async () => {
    const iana = await fake(fixture('iana-104.txt'));
    const res = await whoisIp('104.16.1.1', opts({ 'whois.iana.org': iana, 'whois.arin.net': await closedPort() }));
    expect(res.status).toBe('refused');
    expect(res.record?.registry).toBe('iana');
    expect(res.record?.warnings.join()).toMatch(/referral to whois.arin.net:43 failed: refused/);
  });

  it('never sends text that is not an IP address', async () => {
    const iana = await fake(fixture('iana-104.txt'));
    const res = await whoisIp('1.2.3.4\r\nAS1', opts({ 'whois.iana.org': iana }));
    expect(res.status).toBe('malformed');
    expect(iana.connections).toBe(0);
  });

  it('spaces queries to one server by the rate limit', async () => {
    const iana = await fake(fixture('iana-private.txt'));
    const o = opts({ 'whois.iana.org': iana }, { minIntervalMs: 250 });
    const t0 = Date.now();
    await Promise.all([whoisIp('10.0.0.1', o), whoisIp('10.0.0.2', o), whoisIp('10.0.0.3', o)]);
    expect(iana.connections).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
  });

  it('sanitises hostile org names, contacts and countries', async () => {
    const hostile = [
      '% Abuse contact for \'1.2.3.0 - 1.2.3.255\' is \'abuse@evil.example$(id)\'',
      '',
      'inetnum:  1.2.3.0 - 1.2.3.255',
      'netname:  \u001b[31mRED\u001b[0m-NET\u0000',
      'country:  N\u0007L',
      'org-name: Evil "Corp"; $(touch /tmp/pwned) `id` <script>x</script>\u202eevil',
      '          second line\u0000 after NUL',
      'abuse-mailbox: "x"@evil.example',
      '',
    ].join('\n');
    const iana = await fake(hostile);
    const res = await whoisIp('1.2.3.4', opts({ 'whois.iana.org': iana }));
    const r = res.record!;
    for (const s of stringsOf(r)) expect(s).not.toMatch(CONTROL);
    expect(r.raw).not.toMatch(/[\u0000\u001b\u0007]/);
    expect(r.netname).toBe('RED-NET');
    // Metacharacters stay (they are the registry's words); writers must quote them.
    expect(r.org).toBe('Evil "Corp"; $(touch /tmp/pwned) `id` <script>x</script>evil second line after NUL');
    expect(r.country).toBe('NL');
    expect(r.abuse).toBeNull();
    expect(r.warnings.join()).toMatch(/abuse address rejected/);
  });

  it('caps very long fields', async () => {
    const iana = await fake(`inetnum: 1.2.3.0 - 1.2.3.255\norg-name: ${'A'.repeat(5000)}\n`);
    const res = await whoisIp('1.2.3.4', opts({ 'whois.iana.org': iana }));
    expect(Array.from(res.record!.org!).length).toBeLessThanOrEqual(200);
  });
});

describe('whoisAsn', () => {
  it('whoisAsn asks ARIN with its "a +" form and reads ASName and the organisation', async () => {
    const iana = await fake(fixture('iana-as13335.txt'));
    const arin = await fake(fixture('arin-as13335.txt'));
    const res = await whoisAsn('AS13335', opts({ 'whois.iana.org': iana, 'whois.arin.net': arin }));
    expect(iana.queries).toEqual(['AS13335']);
    expect(arin.queries).toEqual(['a + 13335']);
    expect(res.status).toBe('ok');
    expect(res.record).toMatchObject({ asn: 13335, asName: 'CLOUDFLARENET', org: 'Cloudflare, Inc.', country: 'US', abuse: 'abuse@cloudflare.com', registry: 'arin' });
  });

  it('reads an RPSL aut-num answer from RIPE', async () => {
    const ripe = await fake(fixture('ripe-as3333.txt'));
    const res = await whoisAsn(3333, opts({ 'whois.ripe.net': ripe }, { startServer: 'whois.ripe.net' }));
    expect(ripe.queries).toEqual(['AS3333']);
    expect(res.record).toMatchObject({ asn: 3333, asName: 'RIPE-NCC-AS', org: 'Reseaux IP Europeens Network Coordination Centre (RIPE NCC)', abuse: 'abuse@ripe.net', country: 'NL' });
  });

  it('refuses what is not an AS number', async () => {
    expect((await whoisAsn('AS13335; rm', opts({}))).status).toBe('malformed');
    expect((await whoisAsn(2 ** 33, opts({}))).status).toBe('malformed');
  });
});

describe('offline', () => {
  it('a shared OfflineDetector ends later lookups at once after refusals from several servers', async () => {
    const detector = new OfflineDetector({ refusedServers: 2 });
    const a = await closedPort();
    const b = await closedPort();
    const first = await whoisIp('8.8.8.8', opts({ 'whois.iana.org': a }, { offline: detector }));
    const second = await whoisIp('8.8.8.8', opts({ 'whois.iana.org': b }, { offline: detector, startServer: 'whois.iana.org' }));
    expect(first.status).toBe('refused');
    // Same logical name twice is one server; a different one tips it over.
    const third = await whoisIp('8.8.8.8', opts({ 'whois.arin.net': b }, { offline: detector, startServer: 'whois.arin.net' }));
    expect(second.status).toBe('refused');
    expect(third.status).toBe('offline');
    const iana = await fake(fixture('iana-104.txt'));
    const t0 = Date.now();
    const fourth = await whoisIp('8.8.8.8', opts({ 'whois.iana.org': iana }, { offline: detector }));
    expect(fourth.status).toBe('offline');
    expect(iana.connections).toBe(0);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
