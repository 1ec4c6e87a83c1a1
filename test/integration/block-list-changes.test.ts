// Every change of the case's block list is announced (CaseChange reason `blocklist`), so other tabs and windows
// on the case reload it; reading it, or a refused change, announces nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { CaseChange } from '../../src-main/shared/api.ts';
import type { FwlensService } from '../../src-main/app/service.ts';
import { tempDir } from '../helpers.ts';
import { buildCase, serviceOn, value } from '../service-case.ts';

const t = tempDir();
let svc: FwlensService;
const seen: CaseChange[] = [];

beforeAll(async () => {
  const casePath = join(t.dir, 'case.duckdb');
  await buildCase(casePath, async () => undefined);
  svc = await serviceOn(casePath, t.dir);
  svc.onCaseChanged((e) => seen.push(e));
});
afterAll(() => {
  svc?.close();
  t.cleanup();
});

describe('block-list changes', () => {
  it('announces each add, direction change, removal and clear, and nothing for a read or a refused change', async () => {
    value(await svc.addToBlockList([{ item: '45.33.32.156', direction: 'outbound', why: 'c2' }, { item: 'AS64500', direction: 'inbound', why: null }]));
    value(await svc.setBlockDirection('45.33.32.156', 'forward'));
    value(await svc.removeFromBlockList(['AS64500']));
    value(await svc.blockList());
    expect((await svc.addToBlockList([{ item: 'not an address', direction: 'inbound', why: null }])).ok).toBe(false);
    value(await svc.clearBlockList());
    expect(seen.map((e) => e.reason)).toEqual(['blocklist', 'blocklist', 'blocklist', 'blocklist']);
    expect(new Set(seen.map((e) => e.casePath))).toEqual(new Set([svc.casePath]));
    // Versions only grow: a page can tell a newer change from an older one.
    expect(seen.map((e) => e.version)).toEqual([...seen.map((e) => e.version)].sort((a, b) => a - b));
  });
});
