// Allow-lists built from a small hand-made case, and replay against it, with every count computed by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { enrichOffline } from '../../src-main/enrich/enrich-offline.ts';
import { asnRanges, outboundTuples } from '../../src-main/db/allow-queries.ts';
import { buildAllow, type AsnLookup } from '../../src-main/rules/allow-build.ts';
import { parseRuleset, type DestBy, type GroupBy } from '../../src-main/rules/allow-model.ts';
import { replay } from '../../src-main/rules/replay-report.ts';
import type { CaseDb } from '../../src-main/db/case-db.ts';
import { freshCase, tempDir } from '../helpers.ts';

const t = tempDir();
let db: CaseDb;

// n log lines of one outbound flow, a minute apart; the source port is ephemeral so they form one flow.
function lines(day: number, min: number, src: string, dst: string, proto: 'TCP' | 'UDP', dport: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const m = String(min + i).padStart(2, '0');
    const l4 = proto === 'TCP' ? `PROTO=TCP SPT=40000 DPT=${dport} WINDOW=64240 RES=0x00 SYN URGP=0` : `PROTO=UDP SPT=40000 DPT=${dport} LEN=40`;
    return `2024-03-${day}T10:${m}:00Z fw kernel: OUT-OK IN= OUT=eth0 SRC=${src} DST=${dst} LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 ${l4}`;
  });
}

const DAY1 = [
  ...lines(14, 0, '192.168.1.10', '8.8.8.8', 'TCP', 443, 3),
  ...lines(14, 5, '192.168.1.10', '8.8.4.4', 'TCP', 443, 1),
  ...lines(14, 6, '192.168.1.11', '8.8.8.8', 'UDP', 53, 2),
  ...lines(14, 8, '192.168.1.11', '1.1.1.1', 'TCP', 443, 1),
  ...lines(14, 9, '192.168.1.12', '8.8.8.8', 'TCP', 443, 2),
  ...lines(14, 11, '192.168.2.5', '8.8.8.8', 'TCP', 443, 1),
  // Internal to internal: not outbound, never in an allow-list nor in a replay.
  ...lines(14, 12, '192.168.1.10', '192.168.1.1', 'UDP', 53, 1),
];
const DAY2 = [
  ...lines(15, 0, '192.168.1.10', '9.9.9.9', 'TCP', 443, 4), // new destination
  ...lines(15, 10, '192.168.1.10', '8.8.8.8', 'TCP', 443, 2), // known, same flow as day 1
  ...lines(15, 20, '192.168.1.11', '8.8.8.8', 'TCP', 853, 1), // known destination, new port
];

async function load(name: string, ls: string[]) {
  const f = join(t.dir, name);
  writeFileSync(f, ls.join('\n') + '\n');
  await importSource(db, f, { tz: 'UTC' });
  await enrichOffline(db);
}

async function build(group: GroupBy, dest: DestBy) {
  const cache = new Map<string, Array<{ lo: bigint; hi: bigint }>>();
  for (const tu of await outboundTuples(db)) if (tu.dst_asn !== null) cache.set(`${tu.dst_asn}/${tu.family}`, await asnRanges(db, tu.dst_asn, tu.family));
  const asns: AsnLookup = (a, f) => cache.get(`${a}/${f}`) ?? [];
  return buildAllow(await outboundTuples(db), { group, dest }, asns);
}

beforeAll(async () => {
  db = await freshCase(t.dir);
  await load('day1.log', DAY1);
});
afterAll(() => {
  db.close();
  t.cleanup();
});

describe('allow-list from day 1', () => {
  it('host × address: one rule per (source, proto, port, destination), in address order', async () => {
    const { ruleset, notes } = await build('host', 'address');
    expect(notes).toEqual([]);
    expect(ruleset.rules.map((r) => `${r.id} ${r.src} ${r.proto}/${r.dport} ${r.dst.join(',')}`)).toEqual([
      '1 192.168.1.10/32 tcp/443 8.8.4.4/32',
      '2 192.168.1.10/32 tcp/443 8.8.8.8/32',
      '3 192.168.1.11/32 tcp/443 1.1.1.1/32',
      '4 192.168.1.11/32 udp/53 8.8.8.8/32',
      '5 192.168.1.12/32 tcp/443 8.8.8.8/32',
      '6 192.168.2.5/32 tcp/443 8.8.8.8/32',
    ]);
    // The JSON written next to the script reads back as the same ruleset.
    expect(parseRuleset(JSON.stringify(ruleset))).toEqual(ruleset);
  });

  it('granularity changes the rule count as counted by hand', async () => {
    const count = async (g: GroupBy, d: DestBy) => (await build(g, d)).ruleset.rules.length;
    expect(await count('/24', 'address')).toBe(5); // .10 and .12 → 8.8.8.8 tcp/443 merge
    expect(await count('host', 'cidr24')).toBe(6); // 8.8.4.0/24 and 8.8.8.0/24 stay apart
    expect(await count('any', 'address')).toBe(4);
    expect(await count('host', 'any')).toBe(5); // .10's two tcp/443 destinations merge
    expect(await count('any', 'any')).toBe(2); // tcp/443 and udp/53
  });

  it('asn: Google destinations share one rule whose CIDRs cover both addresses', async () => {
    const { ruleset } = await build('host', 'asn');
    expect(ruleset.rules).toHaveLength(5);
    const r1 = ruleset.rules[0];
    expect(r1.src).toBe('192.168.1.10/32');
    expect(r1.comment).toMatch(/AS15169/);
    const rep = await replay(db, ruleset);
    expect(rep.dropped.flows).toBe(0);
    expect(rep.rules[0]).toMatchObject({ id: 1, flows: 2, records: 4 });
  });
});

describe('replay of the day-1 list against day 1 + day 2', () => {
  it('only the new destination and the new port are dropped, with their counts and times; hits per rule match', async () => {
    const { ruleset } = await build('host', 'address');
    const coarseList = (await build('any', 'cidr24')).ruleset;
    const before = await replay(db, ruleset);
    expect(before).toMatchObject({ flows: 6, records: 10, dropped: { flows: 0, records: 0, groups: 0 } });
    await load('day2.log', DAY2);
    const r = await replay(db, ruleset);
    expect(r.rules.map((x) => [x.id, x.flows, x.records])).toEqual([[1, 1, 1], [2, 1, 5], [3, 1, 1], [4, 1, 2], [5, 1, 2], [6, 1, 1]]);
    expect(r).toMatchObject({ flows: 8, records: 17, dropped: { flows: 2, records: 5, groups: 2 } });
    expect(r.drops).toEqual([
      { src: '192.168.1.10', proto: 'tcp', dport: 443, dst: '9.9.9.9', dst_org: expect.anything(), flows: 1, records: 4, first_seen: '2024-03-15T10:00:00', last_seen: '2024-03-15T10:03:00' },
      { src: '192.168.1.11', proto: 'tcp', dport: 853, dst: '8.8.8.8', dst_org: expect.anything(), flows: 1, records: 1, first_seen: '2024-03-15T10:20:00', last_seen: '2024-03-15T10:20:00' },
    ]);
    // Coarser: any source to 8.8.8.0/24 tcp/443 etc.; 9.9.9.9 and port 853 are still outside.
    const coarse = await replay(db, coarseList);
    expect(coarse.dropped).toEqual({ flows: 2, records: 5, groups: 2 });
  });
});
