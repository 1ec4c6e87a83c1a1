// The timeline, map, Group by and Overview data on the hand-made day (test/fixtures/visual/flows-small.log),
// every figure counted by hand from its ten lines, and through the app service as the renderer calls it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { importSource } from '../../src-main/import/import-source.ts';
import { enrichOffline } from '../../src-main/enrich/enrich-offline.ts';
import { checkTimelineRequest, timeline, bucketFor } from '../../src-main/visual/timeline.ts';
import { checkGeoRequest, geoSummary } from '../../src-main/visual/geo.ts';
import { checkGroupByRequest, groupBy } from '../../src-main/visual/group-by.ts';
import { checkOverviewRequest, overview } from '../../src-main/visual/overview.ts';
import { FwlensService } from '../../src-main/app/service.ts';
import { ROOT, tempDir } from '../helpers.ts';

const t = tempDir();
const casePath = join(t.dir, 'small.duckdb');
let db: CaseDb;
let conn: DuckDBConnection;
beforeAll(async () => {
  db = await CaseDb.open(casePath, { create: true });
  await importSource(db, join(ROOT, 'test/fixtures/visual/flows-small.log'));
  await enrichOffline(db);
  conn = await db.connect();
});
afterAll(() => {
  conn?.closeSync();
  db?.close();
  t.cleanup();
});

describe('timeline', () => {
  it('picks a round bucket for the span and counts each bucket by action', async () => {
    // 01:00 to 08:30 is 27,000 s; four bars want 6,750 s each: the next round size is 2 h.
    expect(bucketFor(27_000, 4)).toBe(7200);
    const tl = await timeline(conn, checkTimelineRequest({ buckets: 4 }));
    expect(tl.bucketLabel).toBe('2 h');
    expect(tl.buckets).toEqual([
      { t: '2024-03-14T00:00:00.000Z', counts: { ACCEPT: 3 } }, // 01:00, 01:05, 01:10
      { t: '2024-03-14T02:00:00.000Z', counts: { ACCEPT: 1, DROP: 1 } }, // 03:00 / 02:00
      { t: '2024-03-14T04:00:00.000Z', counts: { DROP: 2 } }, // 04:00, 05:00
      { t: '2024-03-14T06:00:00.000Z', counts: { DROP: 1 } }, // 07:00
      { t: '2024-03-14T08:00:00.000Z', counts: { ACCEPT: 1, DROP: 1 } }, // 08:30 / 08:00
    ]);
    expect(tl.total).toBe(10);
    expect(tl.actions).toEqual(['ACCEPT', 'DROP']);
    // The default asks for about 120 bars: 27,000 / 120 = 225 s, so 5 min.
    expect((await timeline(conn, checkTimelineRequest({}))).bucketLabel).toBe('5 min');
  });

  it('follows the time range and the filter', async () => {
    const tl = await timeline(conn, checkTimelineRequest({ since: '2024-03-14T07:00', until: '2024-03-14T09:00', where: `action = 'DROP'`, buckets: 2 }));
    expect(tl.total).toBe(2); // 07:00 and 08:00
    expect(tl.from).toBe('2024-03-14T07:00:00.000Z');
  });
});

describe('map', () => {
  it('counts the external ends per country with their addresses and blocked events', async () => {
    const g = await geoSummary(conn, checkGeoRequest({ where: `src_scope = 'internal'` }));
    // US: 8.8.8.8 ×3, 8.8.4.4, 9.9.9.9 ×2 (both dropped); AU: 1.1.1.1 ×2 (one dropped).
    expect(g.countries).toEqual([
      { country: 'US', events: 6, addresses: 3, blocked: 2 },
      { country: 'AU', events: 2, addresses: 1, blocked: 1 },
    ]);
    expect(g.cities).toEqual([]); // no City database configured
  });
});

describe('group by without SQL', () => {
  it('counts, distinct peers, first and last seen and action shares per group', async () => {
    const r = await groupBy(conn, checkGroupByRequest({ columns: ['service'] }));
    const dns = r.rows.find((x) => x.keys[0] === 'dns')!;
    // 8.8.8.8 at 01:00 and 01:05, 1.1.1.1 at 08:30: all accepted.
    expect(dns).toMatchObject({ events: 3, peers: 2, firstSeen: '2024-03-14T01:00:00.000Z', lastSeen: '2024-03-14T08:30:00.000Z' });
    expect(dns.shares.ACCEPT).toBe(1);
    expect(r.groups).toBe(5); // dns, https, ssh, microsoft-ds, dns-over-tls
    expect(r.maxEvents).toBe(3);
  });

  it('groups by several columns, derived /24 included, sorted as asked', async () => {
    const r = await groupBy(conn, checkGroupByRequest({ columns: ['dst/24', 'action'], orderBy: 'key', desc: false }));
    expect(r.rows.map((x) => [...x.keys, x.events])).toEqual([
      ['1.1.1.0/24', 'ACCEPT', 1], ['1.1.1.0/24', 'DROP', 1], ['192.168.1.0/24', 'DROP', 1], ['192.168.2.0/24', 'DROP', 1],
      ['8.8.4.0/24', 'ACCEPT', 1], ['8.8.8.0/24', 'ACCEPT', 3], ['9.9.9.0/24', 'DROP', 2],
    ]);
    const half = (await groupBy(conn, checkGroupByRequest({ columns: ['dst/24'] }))).rows.find((x) => x.keys[0] === '1.1.1.0/24')!;
    expect(half.shares).toMatchObject({ ACCEPT: 0.5, DROP: 0.5 });
  });

  it('refuses what is not a column', async () => {
    await expect(groupBy(conn, checkGroupByRequest({ columns: ['nosuch'] }))).rejects.toThrow(/not a column of events_enriched/);
    await expect(groupBy(conn, checkGroupByRequest({ columns: ['src"; DROP TABLE events; --'] }))).rejects.toThrow(/not a column/);
    expect(() => checkGroupByRequest({ columns: [] })).toThrow(/1 to 4 items/);
  });
});

describe('overview', () => {
  it('totals, actions and the top lists, who-we-talk-to lists counting outbound traffic only', async () => {
    const o = await overview(conn, checkOverviewRequest({}));
    expect(o).toMatchObject({ events: 10, sources: 1, firstTs: '2024-03-14T01:00:00.000Z', lastTs: '2024-03-14T08:30:00.000Z' });
    const bars = (b: typeof o.orgs) => b.map((x) => `${x.label}: ${x.events}`);
    expect(bars(o.actions)).toEqual(['ACCEPT: 5', 'DROP: 5']);
    expect(bars(o.orgs)).toEqual(['AS15169 Google LLC: 4', 'AS13335 Cloudflare, Inc.: 2', 'AS19281 Quad9: 2']);
    expect(bars(o.countries)).toEqual(['US: 6', 'AU: 2']);
    expect(bars(o.talkers)).toEqual(['192.168.1.10: 4', '192.168.1.11: 2', '192.168.2.20: 2']);
    expect(bars(o.ports)).toEqual(['tcp/443 https: 3', 'udp/53 dns: 3', 'tcp/853 dns-over-tls: 2', 'tcp/22 ssh: 1', 'tcp/445 microsoft-ds: 1']);
    // A click on a bar filters Explore by what the bar counted.
    expect(o.orgs[0].filter).toEqual([{ kind: 'scope', value: 'outbound' }, { kind: 'asn', value: 'AS15169' }]);
    expect(o.ports[0].filter).toEqual([{ kind: 'proto', value: 'TCP' }, { kind: 'dport', value: '443' }]);
  });
});

describe('through the app service', () => {
  it('answers the pictures as Results, refuses bad requests, and a cancelled request says so', async () => {
    const svc = new FwlensService({ shell: 'browser', dataDir: t.dir });
    try {
      conn.closeSync();
      db.close();
      await svc.open(casePath);
      const g = await svc.flowGraph({ from: 'host', to: 'asn' }, null);
      expect(g.ok && g.value.events).toBe(8);
      const bad = await svc.flowGraph({ where: 'x' }, null);
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
      const wrong = await svc.groupBy({ columns: 'src' }, null);
      expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT', message: 'columns must be a list' } });
      // A slow request cancelled by its opId: the where clause makes DuckDB work for a while.
      const slow = svc.timeline({ where: `(SELECT count(*) FROM range(3000000000)) > 0` }, 'tl-1');
      await new Promise((r) => setTimeout(r, 200));
      expect(await svc.cancel('tl-1')).toEqual({ ok: true, value: true });
      expect(await slow).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      const o = await svc.overview({}, 'ov-1');
      expect(o.ok && o.value.events).toBe(10);
    } finally {
      svc.close();
      db = await CaseDb.open(casePath);
      conn = await db.connect();
    }
  });
});
