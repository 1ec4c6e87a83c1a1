import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { enrichOffline } from '../../src-main/enrich/enrich-offline.ts';
import { setSetting } from '../../src-main/db/settings.ts';
import { asnPrefixes } from '../../src-main/db/ip-info.ts';
import { t, db } from '../fresh-case.ts';

const line = (src: string, dst: string, dport: number, proto = 'TCP') =>
  `2024-03-14T10:00:00+00:00 fw kernel: OUT-ACCEPT IN=eth1 OUT=eth0 SRC=${src} DST=${dst} LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=${proto} SPT=40000 DPT=${dport} ${proto === 'TCP' ? 'WINDOW=64240 RES=0x00 SYN URGP=0' : 'LEN=40'}`;

const line6 = (src: string, dst: string, dport: number) =>
  `2024-03-14T10:00:00+00:00 fw kernel: OUT-ACCEPT IN=eth1 OUT=eth0 SRC=${src} DST=${dst} LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=TCP SPT=40000 DPT=${dport} WINDOW=64240 RES=0x00 SYN URGP=0`;

async function load(lines: string[]) {
  const f = join(t.dir, 'kern.log');
  writeFileSync(f, lines.join('\n') + '\n');
  await importSource(db, f);
}

describe('offline enrichment', () => {
  it('names the country, ASN and organisation of well-known public resolvers from the bundled data', async () => {
    await load([line('192.168.1.10', '1.1.1.1', 53, 'UDP'), line('192.168.1.10', '8.8.8.8', 443), line6('fd00::11', '2001:4860:4860::8888', 443)]);
    const r = await enrichOffline(db);
    expect(r.addresses).toBe(5);
    expect(r.databases.find((d) => d.role === 'country')!.credit).toMatch(/DB-IP/);
    const info = Object.fromEntries((await db.all('SELECT address, scope, country, asn, org FROM ip_info')).map((x) => [x.address, x]));
    expect(info['1.1.1.1']).toMatchObject({ scope: 'external', asn: 13335 });
    expect(info['1.1.1.1'].org).toMatch(/Cloudflare/);
    expect(info['8.8.8.8']).toMatchObject({ scope: 'external', asn: 15169, country: 'US' });
    expect(info['2001:4860:4860::8888']).toMatchObject({ asn: 15169 });
    expect(info['192.168.1.10']).toMatchObject({ scope: 'internal', country: null, asn: null });
    expect(info['fd00::11']).toMatchObject({ scope: 'internal' });
  });

  it('events_enriched answers "who are we talking to" with GROUP BY org', async () => {
    await load([line('192.168.1.10', '8.8.8.8', 443), line('192.168.1.12', '8.8.4.4', 443), line('192.168.1.10', '1.1.1.1', 443)]);
    await enrichOffline(db);
    const rows = await db.all(`SELECT asn, count(*)::INTEGER n, list(DISTINCT peer ORDER BY peer) peers, any_value(service) service FROM events_enriched GROUP BY asn ORDER BY n DESC`);
    expect(rows[0]).toMatchObject({ asn: 15169, n: 2, peers: ['8.8.4.4', '8.8.8.8'], service: 'https' });
    expect(rows[1]).toMatchObject({ asn: 13335, n: 1 });
  });

  it('an inbound event has the remote source as its peer', async () => {
    await load([line('8.8.8.8', '192.168.1.10', 22)]);
    await enrichOffline(db);
    const [row] = await db.all(`SELECT peer, peer_scope, asn, src_scope, dst_scope FROM events_enriched`);
    expect(row).toMatchObject({ peer: '8.8.8.8', peer_scope: 'external', asn: 15169, src_scope: 'external', dst_scope: 'internal' });
  });

  it('only new addresses are enriched again, and --refresh re-classifies after the internal networks change', async () => {
    await load([line('192.168.1.10', '198.51.100.7', 443)]);
    expect((await enrichOffline(db)).addresses).toBe(2);
    expect((await enrichOffline(db)).addresses).toBe(0);
    await db.run(`UPDATE ip_info SET rdns = 'kept.example' WHERE address = '198.51.100.7'`);
    await setSetting(db, 'internal_networks', '198.51.100.0/24');
    expect((await enrichOffline(db, { refresh: true })).addresses).toBe(2);
    const [row] = await db.all(`SELECT scope, rdns FROM ip_info WHERE address = '198.51.100.7'`);
    expect(row).toEqual({ scope: 'internal', rdns: 'kept.example' }); // network answers survive a refresh
  });

  it('an ASN gives back its announced prefixes', async () => {
    await load([line('192.168.1.10', '1.1.1.1', 443)]);
    await enrichOffline(db);
    const p = await asnPrefixes(db, 13335);
    expect(p.length).toBeGreaterThan(10);
    expect(p.some((x) => x.family === 4 && x.lo <= 16843009n && x.hi >= 16843009n)).toBe(true);
  });
});

describe("the user's own MaxMind databases", () => {
  it('a City database adds city and coordinates, an ASN database the ASN, and both are named', async () => {
    const { writeMmdb } = await import('../fixtures/mmdb/mmdb-writer.ts');
    const city = join(t.dir, 'GeoLite2-City.mmdb');
    const asn = join(t.dir, 'GeoLite2-ASN.mmdb');
    writeFileSync(city, writeMmdb([['8.8.8.0', 24, { city: { names: { en: 'Mountain View' } }, country: { iso_code: 'US' }, location: { latitude: 37.386, longitude: -122.0838 } }]], 'GeoLite2-City'));
    writeFileSync(asn, writeMmdb([['1.1.1.0', 24, { autonomous_system_number: 64500, autonomous_system_organization: 'Example "Org"; rm -rf /' }]], 'GeoLite2-ASN'));
    await setSetting(db, 'geoip_city_db', city);
    await setSetting(db, 'geoip_asn_db', asn);
    await load([line('192.168.1.10', '8.8.8.8', 443), line('192.168.1.10', '1.1.1.1', 443)]);
    const r = await enrichOffline(db);
    expect(r.databases.map((d) => `${d.role}:${d.type}`)).toEqual(expect.arrayContaining(['city:GeoLite2-City', 'asn:GeoLite2-ASN']));
    const info = Object.fromEntries((await db.all('SELECT address, city, lat, lon, country, asn, org, asn_source FROM ip_info')).map((x) => [x.address, x]));
    expect(info['8.8.8.8']).toMatchObject({ city: 'Mountain View', lat: 37.386, lon: -122.0838, country: 'US', asn: 15169, asn_source: 'ip-location-db' });
    expect(info['1.1.1.1']).toMatchObject({ asn: 64500, org: 'Example "Org"; rm -rf /', asn_source: 'mmdb' });
  });

  it('a path that is not a database is refused when set', async () => {
    await expect(setSetting(db, 'geoip_city_db', join(t.dir, 'missing.mmdb'))).rejects.toThrow(/not valid/);
  });
});
