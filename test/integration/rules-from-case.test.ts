// `fwlens rules block CASE --from-case`: the script for the block list kept in the case (made here through the
// service, as the app makes it), equal to what the app exports for the same list, and accepted by iptables-restore.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSource } from '../../src-main/import/import-source.ts';
import { blockListRequest } from '../../src-main/shared/block-request.ts';
import type { BlockFormat } from '../../src-main/shared/api.ts';
import type { FwlensService } from '../../src-main/app/service.ts';
import { fwlensResult, tempDir } from '../helpers.ts';
import { inNs } from '../netns.ts';
import { NEEDS, requires } from '../requires.ts';
import { buildCase, serviceOn, value } from '../service-case.ts';

const t = tempDir();
const casePath = join(t.dir, 'case.duckdb');
const emptyCase = join(t.dir, 'empty.duckdb');
let svc: FwlensService;
const nsIt = requires(NEEDS.netns, NEEDS.iptablesRestore);

const LINE = (src: string, dst: string) =>
  `2024-03-14T10:00:00Z fw kernel: IN-DROP IN=eth0 OUT= SRC=${src} DST=${dst} LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0`;
// What a responder puts on the list: a scanner (inbound), a server we talked to (outbound), a routed network (forward), a v6 source.
const LIST = [
  { item: '185.220.101.7', direction: 'inbound', why: 'scanner' },
  { item: '45.33.32.156', direction: 'outbound', why: 'c2 "beacon"; $(id)' },
  { item: '9.9.9.0/24', direction: 'forward', why: null },
  { item: '2606:4700::1', direction: 'inbound', why: 'v6 source' },
] as const;

beforeAll(async () => {
  const log = join(t.dir, 'fw.log');
  writeFileSync(log, [LINE('185.220.101.7', '192.168.1.10'), LINE('192.168.1.10', '45.33.32.156')].join('\n') + '\n');
  await buildCase(casePath, async (db) => { await importSource(db, log); });
  await buildCase(emptyCase, async () => undefined);
  svc = await serviceOn(casePath, t.dir);
  expect(value(await svc.addToBlockList(LIST))).toEqual({ added: LIST.length, already: 0 });
  // The service holds the case open; the CLI opens it read-only after it is closed.
});
afterAll(() => {
  svc?.close();
  t.cleanup();
});

/** The one part that may differ: when each was generated (epoch seconds in the header). */
const unstamped = (script: string) => script.replace(/generated at \d+/g, 'generated at NOW');

/** The script the app exports for the case's list (the Rules view's Generate), through the service. */
async function appExport(format: BlockFormat, o: { reject?: boolean; log?: boolean } = {}) {
  const entries = value(await svc.blockList());
  return value(await svc.blockScript(blockListRequest(entries, { format, reject: !!o.reject, log: !!o.log, expireSeconds: null, includeInternal: false })));
}

describe('fwlens rules block --from-case', () => {
  const exported = new Map<string, Awaited<ReturnType<typeof appExport>>>();
  beforeAll(async () => {
    for (const f of ['iptables', 'ip6tables', 'nft', 'pf'] as const) exported.set(f, await appExport(f));
    exported.set('iptables+reject+log', await appExport('iptables', { reject: true, log: true }));
    svc.close();
  });

  it('prints the script the app exports for the same list, in each format', () => {
    for (const f of ['iptables', 'ip6tables', 'nft', 'pf'] as const) {
      const r = fwlensResult('rules', 'block', casePath, '--from-case', '--format', f);
      expect(r.code, r.err).toBe(0);
      expect(unstamped(r.out)).toBe(unstamped(exported.get(f)!.script));
      expect(r.err).toContain(`from the case's block list`);
    }
    const nft = exported.get('nft')!.script;
    // Each entry kept its own direction.
    expect(nft).toMatch(/block4_in[^\n]*\n?[^}]*185\.220\.101\.7/);
    expect(nft).toMatch(/block4_out[^}]*45\.33\.32\.156/);
    expect(nft).toMatch(/block4_fwd[^}]*9\.9\.9\.0\/24/);
  });

  it('writes the script and its rollback with --out, with --reject and --log as the app does', () => {
    const out = join(t.dir, 'block.rules');
    const r = fwlensResult('rules', 'block', casePath, '--from-case', '--format', 'iptables', '--reject', '--log', '--out', out);
    expect(r.code, r.err).toBe(0);
    const app = exported.get('iptables+reject+log')!;
    expect(unstamped(readFileSync(out, 'utf8'))).toBe(unstamped(app.script));
    expect(unstamped(readFileSync(`${out}.rollback`, 'utf8'))).toBe(unstamped(app.rollback));
    expect(app.script).toContain('REJECT');
  });

  it('refuses to mix the list with other targets, and says so when the list is empty', () => {
    const mixed = fwlensResult('rules', 'block', casePath, '--from-case', '--targets', '1.1.1.1', '--format', 'nft');
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/--from-case takes the case's block list as it is.*--targets/);
    const empty = fwlensResult('rules', 'block', emptyCase, '--from-case', '--format', 'nft');
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/block list is empty/);
    expect(empty.out).toBe('');
  });

  nsIt('iptables-restore --test and ip6tables-restore --test accept the scripts', () => {
    const v4 = join(t.dir, 'v4.rules');
    const v6 = join(t.dir, 'v6.rules');
    for (const [f, file] of [['iptables', v4], ['ip6tables', v6]] as const) {
      const r = fwlensResult('rules', 'block', casePath, '--from-case', '--format', f, '--out', file);
      expect(r.code, r.err).toBe(0);
    }
    const r = inNs('iptables-restore --test --noflush < "$1" && ip6tables-restore --test --noflush < "$2"', v4, v6);
    expect(r.code, r.err).toBe(0);
  });
});
