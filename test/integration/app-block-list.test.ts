// The block list as part of the case (table block_list) through FwlensService: kept across reopening, each case
// its own, items and directions checked, the confirmation's counts from DuckDB, and per-entry directions in scripts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { discoverFiles } from '../../src-main/import/discover.ts';
import { FwlensService } from '../../src-main/app/service.ts';
import type { Result } from '../../src-main/shared/api.ts';
import { tempDir } from '../helpers.ts';
import { buildCase, serviceOn, value } from '../service-case.ts';

let t: ReturnType<typeof tempDir>;
let caseA: string;
let caseB: string;
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

beforeAll(async () => {
  t = tempDir();
  const log = join(t.dir, 'kern.log');
  writeFileSync(log, '2024-03-14T10:00:00Z fw kernel: IN-DROP IN=eth0 OUT= SRC=203.0.113.9 DST=192.168.1.10 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0\n');
  caseA = join(t.dir, 'a.duckdb');
  caseB = join(t.dir, 'b.duckdb');
  for (const c of [caseA, caseB]) await buildCase(c, async (db) => { for (const f of discoverFiles([log])) await importSource(db, f); });
});
afterAll(() => t?.cleanup());

describe('the block list of a case', () => {
  it('is kept in the case file with direction, why, who and when, and survives closing and reopening', async () => {
    const svc = await serviceOn(caseA, t.dir, 'browser');
    expect(value(await svc.blockList())).toEqual([]);
    const added = value(await svc.addToBlockList([
      { item: '198.51.100.7', direction: 'inbound', why: 'scanner' },
      { item: '  8.8.8.8 ', direction: 'outbound', why: 'cell dst' },
      { item: 'as13335', direction: 'inbound' },
      { item: '198.51.100.7', direction: 'outbound', why: 'again' },
    ]));
    expect(added).toEqual({ added: 3, already: 1 });
    // Listed again: the first decision stays (direction and why).
    expect(value(await svc.addToBlockList([{ item: '8.8.8.8', direction: 'forward', why: 'later' }]))).toEqual({ added: 0, already: 1 });
    svc.close();

    const again = await serviceOn(caseA, t.dir, 'electron');
    const list = value(await again.blockList());
    expect(list.map((e) => [e.item, e.direction, e.why])).toEqual([
      ['198.51.100.7', 'inbound', 'scanner'], ['8.8.8.8', 'outbound', 'cell dst'], ['AS13335', 'inbound', null],
    ]);
    expect(list[0].addedBy).toBe(`${userInfo().username} (browser mode)`);
    expect(Date.now() - Date.parse(list[0].addedAt + (list[0].addedAt.endsWith('Z') ? '' : 'Z'))).toBeLessThan(24 * 3600 * 1000);
    // It is evidence: plain SQL reads it.
    const page = value(await again.runQuery({ sql: `SELECT item, direction FROM block_list ORDER BY id` }));
    expect(page.rows).toEqual([['198.51.100.7', 'inbound'], ['8.8.8.8', 'outbound'], ['AS13335', 'inbound']]);

    expect(value(await again.setBlockDirection('AS13335', 'forward'))).toBe(true);
    expect(value(await again.setBlockDirection('192.0.2.1', 'forward'))).toBe(false);
    expect(value(await again.removeFromBlockList(['8.8.8.8', '192.0.2.1']))).toBe(1);
    expect(value(await again.blockList()).map((e) => [e.item, e.direction])).toEqual([['198.51.100.7', 'inbound'], ['AS13335', 'forward']]);
    again.close();
  });

  it('belongs to its case: switching cases shows each case its own list, and clearing one leaves the other', async () => {
    const svc = await serviceOn(caseB, t.dir, 'browser');
    expect(value(await svc.blockList())).toEqual([]);
    value(await svc.addToBlockList([{ item: '2001:db8::/48', direction: 'outbound', why: 'case b' }]));
    value(await svc.openCase(caseA, false));
    expect(value(await svc.blockList()).map((e) => e.item)).toEqual(['198.51.100.7', 'AS13335']);
    expect(value(await svc.clearBlockList())).toBe(2);
    value(await svc.openCase(caseB, false));
    expect(value(await svc.blockList()).map((e) => e.item)).toEqual(['2001:db8::/48']);
    svc.close();
  });

  it('refuses what is not an address, a CIDR or an ASN, unknown directions, oversized lists, and works only with a case open', async () => {
    const none = new FwlensService({ shell: 'browser', dataDir: t.dir });
    expect(code(await none.blockList())).toBe('NO_CASE');
    const svc = await serviceOn(caseB, t.dir);
    for (const bad of ['evil.example', '1.2.3.4; reboot', 'AS0', 'AS99999999999', '', 42, null]) {
      expect(code(await svc.addToBlockList([{ item: bad as string, direction: 'inbound' }])), String(bad)).toBe('BAD_ARGUMENT');
    }
    expect(code(await svc.addToBlockList([{ item: '1.2.3.4', direction: 'both' as 'inbound' }]))).toBe('BAD_ARGUMENT');
    expect(code(await svc.addToBlockList([{ item: '1.2.3.4', direction: 'inbound', why: 'x'.repeat(501) }]))).toBe('BAD_ARGUMENT');
    expect(code(await svc.addToBlockList('1.2.3.4' as never))).toBe('BAD_ARGUMENT');
    expect(code(await svc.setBlockDirection('1.2.3.4', 'sideways' as 'inbound'))).toBe('BAD_ARGUMENT');
    expect(code(await svc.removeFromBlockList(['not an address']))).toBe('BAD_ARGUMENT');
    // 10,000 entries at most, as many as one script takes: the list refuses the one that would pass it.
    const many = Array.from({ length: 10_000 }, (_, i) => ({ item: `11.${(i >> 8) & 255}.${i & 255}.1`, direction: 'inbound' as const }));
    expect(code(await svc.addToBlockList(many))).toBe('TOO_LARGE');
    expect(value(await svc.blockList()).map((e) => e.item)).toEqual(['2001:db8::/48']);
    expect(code(await svc.addToBlockList([...many, { item: '12.0.0.1', direction: 'inbound' }]))).toBe('BAD_ARGUMENT');
    svc.close();
  });

  it('counts, before a column is added, the internal ones (in address order) and the prefixes its ASNs expand to, in DuckDB', async () => {
    const svc = await serviceOn(caseB, t.dir);
    const known = value(await svc.runQuery({ sql: `SELECT count(*) FROM asn_ranges WHERE asn = 13335` })).rows[0][0] as number;
    expect(known).toBeGreaterThan(0);
    const p = value(await svc.previewBlockTargets(['192.168.1.10', '10.0.0.5', '10.0.0.0/8', '8.8.8.8', 'AS13335', 'AS4294967295', '8.8.8.8', 'fd00::1', '10.0.0.10']));
    // 10.0.0.0/8 holds 10.0.0.5 and comes first; 10.0.0.10 after 10.0.0.5 as numbers, not as text; IPv6 last.
    expect(p).toEqual({ total: 8, internal: 5, internalItems: ['10.0.0.0/8', '10.0.0.5', '10.0.0.10', '192.168.1.10', 'fd00::1'], asns: 2, prefixes: known, asnsWithoutPrefixes: 1 });
    svc.close();
  });

  it('gives each entry of a script its own direction and its why from the list, and a single-direction list its plain script', async () => {
    const svc = await serviceOn(caseB, t.dir);
    const base = { format: 'nft' as const, direction: 'inbound' as const, port: null, proto: null, reject: false, log: false, expireSeconds: null, includeInternal: false };
    value(await svc.addToBlockList([{ item: '185.220.101.7', direction: 'inbound', why: 'cell src' }]));
    const mixed = value(await svc.blockScript({ ...base, targets: ['185.220.101.7', '8.8.8.8'], directions: ['inbound', 'outbound'] }));
    // Each rule says why its entry is on the case's list; one not listed says it was selected.
    expect(mixed.script).toContain('185.220.101.7/32 comment "fwlens: cell src"');
    expect(mixed.script).toContain('8.8.8.8/32 comment "fwlens: selected"');
    expect(mixed.script).toContain('(nftables, inbound+outbound)');
    expect(mixed.script).toMatch(/set block4_in \{[^}]*185\.220\.101\.7/);
    expect(mixed.script).toMatch(/set block4_out \{[^}]*8\.8\.8\.8/);
    expect(mixed.script).toMatch(/chain output \{[^}]*ip daddr @block4_out/);
    const one = value(await svc.blockScript({ ...base, targets: ['8.8.8.8'], directions: ['outbound'] }));
    expect(one.script).toContain('(nftables, outbound)');
    expect(one.script).toMatch(/chain output \{[^}]*ip daddr @block4 /);
    expect(code(await svc.blockScript({ ...base, targets: ['8.8.8.8'], directions: ['inbound', 'outbound'] }))).toBe('BAD_ARGUMENT');
    svc.close();
  });
});
