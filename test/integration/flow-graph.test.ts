// The flow graph's data on a hand-made day (test/fixtures/visual/flows-small.log): every count below
// is worked out by hand from its ten lines; then the sample case against the same question as SQL.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { importSource } from '../../src-main/import/import-source.ts';
import { discoverFiles } from '../../src-main/import/discover.ts';
import { enrichOffline } from '../../src-main/enrich/enrich-offline.ts';
import { checkFlowRequest, flowGraph } from '../../src-main/visual/flow-graph.ts';
import type { FlowGraph } from '../../src-main/shared/visual.ts';
import { ROOT, tempDir } from '../helpers.ts';

const t = tempDir();
let db: CaseDb;
let conn: DuckDBConnection;
beforeAll(async () => {
  db = await CaseDb.open(join(t.dir, 'small.duckdb'), { create: true });
  await importSource(db, join(ROOT, 'test/fixtures/visual/flows-small.log'));
  await enrichOffline(db);
  conn = await db.connect();
});
afterAll(() => {
  conn.closeSync();
  db.close();
  t.cleanup();
});

const A = '192.168.1.10', B = '192.168.1.11', C = '192.168.2.20';
const graph = async (req: object) => flowGraph(conn, checkFlowRequest(req));
/** Links as `left > right: events/blocked`, sorted, for comparing with hand counts. */
const links = (g: FlowGraph) => g.links.map((l) => `${l.source} > ${l.target}: ${l.events}/${l.blocked}`).sort();
const node = (g: FlowGraph, id: string) => g.nodes.find((n) => n.id === id);

describe('flow graph from internal hosts to external destinations', () => {
  it('outbound host → ASN: one link per pair with its events and blocked share, as counted by hand', async () => {
    const g = await graph({ from: 'host', to: 'asn' });
    expect(links(g)).toEqual([
      `L:host:${A} > R:asn:AS13335: 1/1`, // 02:00 to 1.1.1.1, blocked
      `L:host:${A} > R:asn:AS15169: 3/0`, // 01:00, 01:05 to 8.8.8.8; 01:10 to 8.8.4.4
      `L:host:${B} > R:asn:AS15169: 1/0`, // 03:00
      `L:host:${B} > R:asn:AS19281: 1/1`, // 07:00 to 9.9.9.9, blocked
      `L:host:${C} > R:asn:AS13335: 1/0`, // 08:30
      `L:host:${C} > R:asn:AS19281: 1/1`, // 08:00, blocked
    ]);
    // 8 outbound events; the inbound scan and the internal 445 are not outbound.
    expect(g.events).toBe(8);
    expect(g.links.reduce((s, l) => s + l.events, 0)).toBe(8);
    expect(node(g, `L:host:${A}`)).toMatchObject({ events: 4, blocked: 1, side: 'left', scope: 'internal' });
    expect(node(g, 'R:asn:AS15169')).toMatchObject({ events: 4, side: 'right', scope: 'external', label: 'AS15169 Google LLC' });
    expect(g.noEnd).toBe(0);
    expect(g.sql).toContain('GROUPING SETS');
  });

  it('the link weight can be distinct peers, distinct ports or bytes', async () => {
    const w = async (weight: string) => (await graph({ weight })).links.find((l) => l.source === `L:host:${A}` && l.target === 'R:asn:AS15169')!.weight;
    expect(await w('peers')).toBe(2); // 8.8.8.8 and 8.8.4.4
    expect(await w('ports')).toBe(2); // 53 and 443
    expect(await w('bytes')).toBe(60 + 70 + 80);
  });

  it('a baseline marks what first appears after it, even when the time range starts later', async () => {
    const g = await graph({ baseline: '2024-03-14T06:00:00Z' });
    expect(g.nodes.filter((n) => n.isNew).map((n) => n.id).sort()).toEqual([`L:host:${C}`, 'R:asn:AS19281']);
    expect(g.links.filter((l) => l.isNew).map((l) => `${l.source} > ${l.target}`).sort())
      .toEqual([`L:host:${B} > R:asn:AS19281`, `L:host:${C} > R:asn:AS13335`, `L:host:${C} > R:asn:AS19281`]);
    expect(g.baselineAt).toBe('2024-03-14T06:00:00.000Z');
    // Only 08:00 and 08:30 are in range; Cloudflare was seen at 02:00, so it is not new.
    const later = await graph({ baseline: '2024-03-14T06:00:00Z', since: '2024-03-14T07:30:00Z' });
    expect(links(later)).toEqual([`L:host:${C} > R:asn:AS13335: 1/0`, `L:host:${C} > R:asn:AS19281: 1/1`]);
    expect(node(later, 'R:asn:AS13335')!.isNew).toBe(false);
    expect(node(later, 'R:asn:AS19281')!.isNew).toBe(true);
    // "+Nh": the first N hours of the case (first event 01:00, so +5h is 06:00 as above).
    const hours = await graph({ baseline: '+5h' });
    expect(hours.baselineAt).toBe('2024-03-14T06:00:00.000Z');
    expect(hours.nodes.filter((n) => n.isNew).length).toBe(2);
  });

  it('folds all but the top N per side into one "other" node with its count', async () => {
    const g = await graph({ top: 1 });
    expect(links(g)).toEqual([
      `L:host:${A} > R:asn:AS15169: 3/0`,
      `L:host:${A} > R:other: 1/1`, // to Cloudflare
      'L:other > R:asn:AS15169: 1/0', // B at 03:00
      'L:other > R:other: 3/2', // B→Quad9, C→Quad9, C→Cloudflare
    ]);
    expect(node(g, 'L:other')).toMatchObject({ label: 'other (2 hosts)', folded: 2, events: 4, scope: 'other', isNew: false });
    expect(node(g, 'R:other')).toMatchObject({ label: 'other (2 ASNs)', folded: 2, events: 4 });
    expect(g.events).toBe(8);
  });

  it('a minimum weight leaves light links out and says how many events they held', async () => {
    const g = await graph({ minWeight: 2 });
    expect(links(g)).toEqual([`L:host:${A} > R:asn:AS15169: 3/0`]);
    expect(g.hiddenEvents).toBe(5);
    expect(g.nodes.map((n) => n.id).sort()).toEqual([`L:host:${A}`, 'R:asn:AS15169']);
  });

  it('a middle column makes a three-column flow: host → service → organisation', async () => {
    const g = await graph({ via: 'service' });
    expect(links(g).filter((l) => l.startsWith(`L:host:${A}`))).toEqual([
      `L:host:${A} > M:service:dns: 2/0`, `L:host:${A} > M:service:https: 2/1`,
    ]);
    expect(links(g).filter((l) => l.startsWith('M:service:dns-over-tls'))).toEqual(['M:service:dns-over-tls > R:asn:AS19281: 2/2']);
    // Each event is counted once in each layer.
    const layer = (p: string) => g.links.filter((l) => l.source.startsWith(p)).reduce((s, l) => s + l.events, 0);
    expect([layer('L:'), layer('M:')]).toEqual([8, 8]);
  });

  it('directions: inbound puts the internal host on the left, all includes internal↔internal traffic', async () => {
    const inbound = await graph({ direction: 'inbound', to: 'address' });
    expect(links(inbound)).toEqual([`L:host:${A} > R:address:45.33.32.156: 1/1`]);
    const both = await graph({ direction: 'both', to: 'address' });
    expect(both.events).toBe(9);
    const all = await graph({ direction: 'all', to: 'address' });
    expect(all.events).toBe(10);
    expect(links(all)).toContain(`L:host:${A} > R:address:${C}: 1/1`);
    expect(node(all, `R:address:${C}`)!.scope).toBe('internal');
    const ifaces = await graph({ from: 'interface', to: 'country' });
    expect(links(ifaces)).toEqual(['L:interface:eth1 > R:country:AU: 1/1', 'L:interface:eth1 > R:country:US: 5/1', 'L:interface:eth2 > R:country:AU: 1/0', 'L:interface:eth2 > R:country:US: 1/1']);
    const subnets = await graph({ from: 'subnet', to: 'port' });
    expect(links(subnets)).toContain('L:subnet:192.168.1.0/24 > R:port:tcp/443: 3/1');
    expect(node(subnets, 'R:port:udp/53')!.label).toBe('udp/53 dns');
  });

  it('the shared filter narrows the graph and a filter that is not a plain condition is refused', async () => {
    const g = await graph({ where: `action = 'DROP'` });
    expect(g.events).toBe(3);
    await expect(graph({ where: `1=1; DELETE FROM events` })).rejects.toThrow(/not a plain condition|does not compile/);
    await expect(graph({ where: `1=1) UNION ALL (SELECT 1` })).rejects.toThrow(/does not compile|not a plain condition/);
    await expect(graph({ top: 0 })).rejects.toThrow(/top must be between 1 and 500/);
    await expect(graph({ to: 'planet' })).rejects.toThrow(/to must be one of/);
    await expect(graph({ baseline: 'yesterday' })).rejects.toThrow(/not a time/);
    await expect(graph({ surprise: 1 })).rejects.toThrow(/unknown request field "surprise"/);
    // Nothing was written: the case still has its ten events.
    expect((await db.all('SELECT count(*)::INTEGER n FROM events'))[0].n).toBe(10);
  });
});

describe('flow graph of conntrack connections (the flows source)', () => {
  // Two HTTPS connections of A to 1.1.1.1 (one service flow once the client port is collapsed) and
  // one unanswered DNS query of B to 8.8.8.8; counters as conntrack wrote them, both directions.
  const LINES = [
    '[1710410400.000001] [DESTROY] tcp      6 src=192.168.1.10 dst=1.1.1.1 sport=40001 dport=443 packets=20 bytes=2400 src=1.1.1.1 dst=198.51.100.1 sport=443 dport=40001 packets=30 bytes=45000 [ASSURED]',
    '[1710410470.000001] [DESTROY] tcp      6 src=192.168.1.10 dst=1.1.1.1 sport=40002 dport=443 packets=2 bytes=100 src=1.1.1.1 dst=198.51.100.1 sport=443 dport=40002 packets=1 bytes=900 [ASSURED]',
    '[1710410480.000001] [DESTROY] udp      17 src=192.168.1.11 dst=8.8.8.8 sport=5353 dport=53 packets=1 bytes=70 [UNREPLIED] src=8.8.8.8 dst=192.168.1.11 sport=53 dport=5353 packets=0 bytes=0',
  ];
  const c = tempDir();
  let ct: CaseDb;
  let cc: DuckDBConnection;
  beforeAll(async () => {
    ct = await CaseDb.open(join(c.dir, 'ct.duckdb'), { create: true });
    const f = join(c.dir, 'ct-events.log');
    writeFileSync(f, LINES.join('\n') + '\n');
    await importSource(ct, f);
    await enrichOffline(ct);
    cc = await ct.connect();
  });
  afterAll(() => {
    cc.closeSync();
    ct.close();
    c.cleanup();
  });

  it('counts service flows with their packets and bytes both ways; log lines alone see nothing', async () => {
    const g = await flowGraph(cc, checkFlowRequest({ source: 'flows', to: 'asn', weight: 'bytes' }));
    const l = (src: string) => g.links.find((x) => x.source === `L:host:${src}`)!;
    expect(g.links.map((x) => `${x.source} > ${x.target}`).sort()).toEqual([`L:host:${A} > R:asn:AS13335`, `L:host:${B} > R:asn:AS15169`]);
    expect(l(A)).toMatchObject({ events: 1, bytes: 2400 + 100 + 45000 + 900, packets: 20 + 2 + 30 + 1, weight: 48400 });
    expect(l(B)).toMatchObject({ events: 1, bytes: 70, packets: 1 });
    expect((await flowGraph(cc, checkFlowRequest({ source: 'flows', weight: 'packets' }))).links.map((x) => x.weight).sort()).toEqual([1, 53]);
    // The interface end does not exist for conntrack: every flow is counted as without one.
    const byIface = await flowGraph(cc, checkFlowRequest({ source: 'flows', from: 'interface' }));
    expect([byIface.events, byIface.noEnd]).toEqual([0, 2]);
    expect((await flowGraph(cc, checkFlowRequest({ source: 'events' }))).events).toBe(0);
  });
});

describe('flow graph on the sample case', () => {
  const s = tempDir();
  let sample: CaseDb;
  let sc: DuckDBConnection;
  beforeAll(async () => {
    sample = await CaseDb.open(join(s.dir, 'sample.duckdb'), { create: true });
    for (const f of discoverFiles([join(ROOT, 'resources/sample')])) await importSource(sample, f);
    await enrichOffline(sample);
    sc = await sample.connect();
  });
  afterAll(() => {
    sc.closeSync();
    sample.close();
    s.cleanup();
  });

  it('with nothing folded, link events equal GROUP BY src, dst_asn and add up to count(*) of the filtered events', async () => {
    // Dropped traffic only, so that no side has over 500 values and there are under 2,000 pairs.
    const g = await flowGraph(sc, checkFlowRequest({ from: 'host', to: 'asn', top: 500, where: `action = 'DROP'` }));
    const cond = `action = 'DROP' AND dst_scope = 'external' AND src_scope IS DISTINCT FROM 'external' AND dst_asn IS NOT NULL`;
    const rows = await sample.all(`SELECT src, dst_asn, count(*)::INTEGER n FROM events_enriched WHERE ${cond} GROUP BY ALL`);
    expect(rows.length).toBeGreaterThan(100);
    const want = rows.map((r) => `L:host:${r.src as string} > R:asn:AS${String(r.dst_asn)}: ${r.n as number}`).sort();
    const got = g.links.map((l) => `${l.source} > ${l.target}: ${l.events}`).sort();
    expect(g.nodes.some((n) => n.kind === 'other')).toBe(false);
    expect(got).toEqual(want);
    const [total] = await sample.all(`SELECT count(*)::INTEGER n FROM events_enriched WHERE ${cond}`);
    expect(g.events).toBe(total.n);
    expect(g.links.reduce((a, l) => a + l.events, 0)).toBe(total.n);
  });

  it('never sends more than 2,000 links and says so', async () => {
    const g = await flowGraph(sc, checkFlowRequest({ from: 'host', to: 'address', direction: 'all', top: 500 }));
    // The sample holds far more than 2,000 address pairs, so the heaviest 2,000 are kept.
    const [pairs] = await sample.all(`SELECT count(DISTINCT (src, dst))::INTEGER n FROM events_enriched WHERE src IS NOT NULL AND dst IS NOT NULL`);
    expect(pairs.n as number).toBeGreaterThan(2500);
    expect(g.links.length).toBe(2000);
    expect(g.capped).toBe(true);
    expect(g.hiddenEvents).toBeGreaterThan(0);
    expect(g.links.reduce((a, l) => a + l.events, 0) + g.hiddenEvents).toBe(g.events);
  });
});
