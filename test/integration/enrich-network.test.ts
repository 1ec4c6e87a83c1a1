import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { importSource } from '../../src-main/import/import-source.ts';
import { enrichOffline } from '../../src-main/enrich/enrich-offline.ts';
import { enrichNetwork } from '../../src-main/enrich/enrich-network.ts';
import { startWhois, fixture, closedPort } from '../fixtures/whois/fake-whois-server.ts';
import { ROOT, tempDir, freshCase, scalar } from '../helpers.ts';

let t: ReturnType<typeof tempDir>;
let db: CaseDb;
const closers: Array<() => Promise<void> | void> = [];
beforeEach(async () => {
  t = tempDir();
  db = await freshCase(t.dir);
  const peers = ['1.1.1.1', '8.8.8.8', '104.16.1.1', '104.17.2.2'];
  writeFileSync(join(t.dir, 'kern.log'), peers.map((d) =>
    `2024-03-14T10:00:00+00:00 fw kernel: OUT IN=eth1 OUT=eth0 SRC=192.168.1.10 DST=${d} LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=TCP SPT=40000 DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0`).join('\n') + '\n');
  await importSource(db, join(t.dir, 'kern.log'));
  await enrichOffline(db);
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  db.close();
  t.cleanup();
});

async function dnsServer(names: Record<string, string>): Promise<string> {
  const sock = dgram.createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const question = q.questions![0];
    const name = names[question.name.toLowerCase()];
    sock.send(dnsPacket.encode({
      type: 'response', id: q.id, flags: dnsPacket.RECURSION_AVAILABLE | (name ? 0 : 3), questions: q.questions,
      answers: name ? [{ type: 'PTR', class: 'IN', name: question.name, ttl: 60, data: name }] : [],
    }), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  closers.push(() => {
    sock.close();
  });
  return `127.0.0.1:${(sock.address() as AddressInfo).port}`;
}

async function rdapServer(): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  const body = readFileSync(join(ROOT, 'test/fixtures/rdap/arin-ip-104.json'));
  const server = http.createServer((req, res) => {
    hits.push(req.url!);
    if (req.url!.startsWith('/ip/104.')) res.writeHead(200, { 'content-type': 'application/rdap+json' }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, hits };
}

describe('network enrichment into the case', () => {
  it('fills reverse DNS, bulk whois and RDAP, caching each answer with its time', async () => {
    const dns = await dnsServer({ '8.8.8.8.in-addr.arpa': 'dns.google', '10.1.168.192.in-addr.arpa': 'laptop.lan' });
    const cymru = await startWhois(fixture('cymru-bulk.txt'), { bulk: true });
    closers.push(() => cymru.close());
    const res = await enrichNetwork(db, { rdns: true, whois: true, dnsServers: [dns], cymru: { host: '127.0.0.1', port: cymru.port }, minIntervalMs: 0, timeoutMs: 2000 });
    expect(res.rdns.ok).toBe(2);
    expect(cymru.connections).toBe(1); // every address over one connection
    const info = Object.fromEntries((await db.all('SELECT address, rdns, rdns_status, whois_org, whois_country, whois_range, whois_registry, whois_at FROM ip_info')).map((r) => [r.address, r]));
    expect(info['8.8.8.8']).toMatchObject({ rdns: 'dns.google', whois_org: 'GOOGLE, US', whois_country: 'US', whois_range: '8.8.8.0/24', whois_registry: 'arin' });
    expect(info['192.168.1.10']).toMatchObject({ rdns: 'laptop.lan', whois_org: null }); // internal: no registry lookup
    expect(info['1.1.1.1'].rdns_status).toBe('nxdomain');
    expect(info['8.8.8.8'].whois_at).toBeInstanceOf(Date);
    expect(await scalar(db, `SELECT count(*)::INTEGER FROM lookups WHERE kind = 'whois-cymru'`)).toBe(4);
    const [row] = await db.all(`SELECT rdns, whois_org FROM events_enriched WHERE dst = '8.8.8.8'`);
    expect(row).toEqual({ rdns: 'dns.google', whois_org: 'GOOGLE, US' });
  });

  it('RDAP asks once per registered range: addresses inside a fetched range reuse it', async () => {
    const rdap = await rdapServer();
    const res = await enrichNetwork(db, { rdap: true, rdapBaseUrl: rdap.url, minIntervalMs: 0, timeoutMs: 2000 });
    expect(rdap.hits.filter((h) => h.startsWith('/ip/104.'))).toHaveLength(1);
    expect(res.rdap.ok).toBe(2);
    expect(res.rdap['not-found']).toBe(2);
    const rows = await db.all(`SELECT address, whois_range, whois_status FROM ip_info WHERE address LIKE '104.%' ORDER BY address`);
    expect(rows.map((r) => r.whois_status)).toEqual(['ok', 'ok']);
    expect(rows[0].whois_range).toContain('104.16.0.0/12');
  });

  it('answers already cached are not asked again until they are older than the limit', async () => {
    const cymru = await startWhois(fixture('cymru-bulk.txt'), { bulk: true });
    closers.push(() => cymru.close());
    const o = { whois: true, cymru: { host: '127.0.0.1', port: cymru.port }, minIntervalMs: 0, timeoutMs: 2000 };
    await enrichNetwork(db, o);
    await enrichNetwork(db, o);
    expect(cymru.connections).toBe(1);
    await enrichNetwork(db, { ...o, maxAgeDays: -1 });
    expect(cymru.connections).toBe(2);
  });

  it('with nothing answering, every lookup ends quickly with a status and the case is intact', async () => {
    const port = await closedPort();
    const started = Date.now();
    const res = await enrichNetwork(db, {
      whois: true, rdap: true, cymru: { host: '127.0.0.1', port }, rdapBaseUrl: `http://127.0.0.1:${port}/`,
      minIntervalMs: 0, timeoutMs: 1000,
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(Object.keys(res.whois).every((s) => ['refused', 'offline'].includes(s))).toBe(true);
    expect(Object.keys(res.rdap).every((s) => ['refused', 'offline'].includes(s))).toBe(true);
    expect(await scalar(db, `SELECT count(*)::INTEGER FROM ip_info WHERE whois_status IN ('refused', 'offline')`)).toBe(4);
    expect(await scalar(db, `SELECT count(*)::INTEGER FROM ip_info WHERE scope = 'external'`)).toBe(4);
  });
});
