// Block scripts, allow-lists and replays run in a worker thread: the service answers meanwhile, they report
// progress, they can be cancelled, and one that runs out of memory fails alone.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { importSource } from '../../src-main/import/import-source.ts';
import { allowRuleCount, outboundTuples } from '../../src-main/db/allow-queries.ts';
import { buildAllow } from '../../src-main/rules/allow-build.ts';
import { runJob } from '../../src-main/app/cpu-run.ts';
import { AppError } from '../../src-main/app/result.ts';
import { caller } from '../../src-main/app/context.ts';
import { MAX_ALLOW_ENTRIES } from '../../src-main/app/rules-service.ts';
import { FwlensService } from '../../src-main/app/service.ts';
import type { BlockScriptRequest, ProgressEvent, Result } from '../../src-main/shared/api.ts';
import { GROUPS, DESTS } from '../../src-main/rules/allow-model.ts';
import { tempDir } from '../helpers.ts';
import { buildCase, serviceOn, value } from '../service-case.ts';

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

function line(i: number, src: string, dst: string, proto: 'TCP' | 'UDP' | 'ICMP', dport: number, prefix = 'OUT-ACCEPT'): string {
  const l4 = proto === 'TCP' ? `PROTO=TCP SPT=40000 DPT=${dport} WINDOW=64240 RES=0x00 SYN URGP=0`
    : proto === 'UDP' ? `PROTO=UDP SPT=40000 DPT=${dport} LEN=40` : 'PROTO=ICMP TYPE=8 CODE=0 ID=1 SEQ=1';
  const ts = new Date(Date.UTC(2024, 2, 14, 10, 0, i % 3600)).toISOString().replace('.000Z', 'Z');
  return `${ts} fw kernel: ${prefix} IN= OUT=eth0 SRC=${src} DST=${dst} LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 ${l4}`;
}

// 51,000 distinct destinations (11.0.0.0 upwards, so about 200 /24s) from three hosts, plus some variety.
const DESTINATIONS = 51_000;
const dst = (i: number) => `11.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const LINES = [
  ...Array.from({ length: DESTINATIONS }, (_, i) => line(i, `192.168.1.${10 + (i % 3)}`, dst(i), i % 5 ? 'TCP' : 'UDP', i % 7 ? 443 : 53)),
  line(1, '192.168.1.10', '8.8.8.8', 'ICMP', 0), line(2, '192.168.2.10', '1.1.1.1', 'UDP', 53, 'OUT-DROP'),
];

let t: ReturnType<typeof tempDir>;
let svc: FwlensService;
let casePath: string;
const events: ProgressEvent[] = [];

beforeAll(async () => {
  t = tempDir();
  casePath = join(t.dir, 'case.duckdb');
  const log = join(t.dir, 'outbound.log');
  writeFileSync(log, LINES.join('\n') + '\n');
  await buildCase(casePath, async (db) => void (await importSource(db, log, { tz: 'UTC', year: 2024 })));
}, 120_000);
afterAll(() => {
  svc?.close();
  t?.cleanup();
});

describe('the allow-list rule count in DuckDB', () => {
  it('is the number of rules the builder makes, for every grouping of sources and destinations', async () => {
    const db = await CaseDb.open(casePath);
    try {
      for (const acceptedOnly of [false, true]) {
        const tuples = await outboundTuples(db, { acceptedOnly });
        for (const group of GROUPS) for (const dest of DESTS.filter((d) => d !== 'asn')) {
          const built = buildAllow(tuples, { group, dest }, () => []);
          expect(await allowRuleCount(db, { group, dest, acceptedOnly }), `${group} → ${dest}, acceptedOnly ${acceptedOnly}`).toBe(built.ruleset.rules.length);
        }
      }
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('rules jobs through the service', () => {
  let asns: string[];
  beforeAll(async () => {
    svc = await serviceOn(casePath, t.dir);
    svc.onProgress((e) => void events.push(e));
    // The ASNs with the most prefixes in the bundled data: together over 100,000 prefixes.
    const top = value(await svc.runQuery({ sql: `SELECT 'AS' || asn AS a, count(*) AS n FROM asn_ranges GROUP BY asn ORDER BY n DESC, asn LIMIT 150`, limit: 200 }));
    asns = top.rows.map((r) => String(r[0]));
    const total = top.rows.reduce((n, r) => n + Number(r[1]), 0);
    expect(total).toBeGreaterThan(50_000);
  });

  const blockReq = (targets: string[], opId: string | null = null): BlockScriptRequest => ({
    targets, format: 'nft', direction: 'inbound', port: null, proto: null, reject: false, log: false, expireSeconds: null, includeInternal: false, opId,
  });
  const firstEvent = (opId: string, label: string) => new Promise<ProgressEvent>((resolve) => {
    const off = svc.onProgress((e) => {
      if (e.opId === opId && e.label === label) {
        off();
        resolve(e);
      }
    });
  });

  it('builds a block script for 150 ASNs in a worker, reporting progress while other requests are answered', async () => {
    let settled = false;
    const aggregating = firstEvent('blk-1', 'aggregating the targets');
    const job = svc.blockScript(blockReq(asns, 'blk-1')).finally(() => (settled = true));
    const e = await aggregating;
    expect(e.kind).toBe('rules');
    // The aggregation is under way in the worker: a query is answered before it ends.
    const q = value(await svc.runQuery({ sql: 'SELECT 6 * 7 AS answer' }));
    expect(q.rows).toEqual([[42]]);
    expect(settled).toBe(false);
    const r = value(await job);
    expect(r.blocks4 + r.blocks6).toBeGreaterThan(10_000);
    expect(r.script).toContain('table inet fwlens');
    expect(events.filter((x) => x.opId === 'blk-1').map((x) => x.label)).toContain('writing the script');
  }, 120_000);

  it('stops a block script on cancel, answering CANCELLED, and goes on serving', async () => {
    const aggregating = firstEvent('blk-2', 'aggregating the targets');
    const job = svc.blockScript(blockReq(asns, 'blk-2'));
    await aggregating;
    expect(value(await svc.cancel('blk-2'))).toBe(true);
    expect(code(await job)).toBe('CANCELLED');
    expect(value(await svc.cancel('blk-2'))).toBe(false);
    expect(value(await svc.blockScript(blockReq(['8.8.8.8']))).script).toContain('8.8.8.8');
  }, 120_000);

  it('stops the block script of a caller that went away (a closed page), as its queries are', async () => {
    const page = {};
    const aggregating = firstEvent('blk-3', 'aggregating the targets');
    const job = caller.run(page, () => svc.blockScript(blockReq(asns, 'blk-3')));
    await aggregating;
    expect(svc.cancelOwnedBy(page)).toBe(1);
    expect(code(await job)).toBe('CANCELLED');
  }, 120_000);

  it('refuses an allow-list of more rules than anyone reviews before reading the flows, and builds the coarser one', async () => {
    const r = await svc.allowScript({ format: 'nft', group: 'host', dest: 'address', acceptedOnly: false, opId: 'allow-1' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('TOO_LARGE');
    expect(r.error.message).toBe(`the allow-list would have ${(await countRules('host', 'address')).toLocaleString('en')} rules (at most ${MAX_ALLOW_ENTRIES.toLocaleString('en')}): group the sources by /24 or any, or the destinations by /24`);
    expect(events.filter((e) => e.opId === 'allow-1').map((e) => e.label)).toEqual(['counting the rules']);
    const coarse = value(await svc.allowScript({ format: 'nft', group: '/24', dest: 'cidr24', acceptedOnly: false, opId: 'allow-2' }));
    expect(coarse.rules).toBe((await countRules('/24', 'cidr24')));
    expect(events.filter((e) => e.opId === 'allow-2').map((e) => e.label)).toContain('grouping the flows');
  }, 120_000);

  it('stops an allow-list on cancel', async () => {
    const counting = firstEvent('allow-3', 'counting the rules');
    const job = svc.allowScript({ format: 'nft', group: 'any', dest: 'cidr24', acceptedOnly: false, opId: 'allow-3' });
    await counting;
    value(await svc.cancel('allow-3'));
    expect(code(await job)).toBe('CANCELLED');
  }, 60_000);

  it('replays a ruleset in a worker and stops it on cancel', async () => {
    const text = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT DROP [0:0]\n-A OUTPUT -p tcp --dport 443 -j ACCEPT\nCOMMIT\n';
    const r = value(await svc.replayRuleset({ source: 'text', text, hook: null, table: null, opId: 'rp-1' }));
    // Every outbound line names OUT=eth0: judged on output; TCP 443 passes, the rest is dropped by the policy.
    const tcp443 = LINES.filter((l) => l.includes('PROTO=TCP') && l.includes('DPT=443 ')).length;
    expect(r.accept.records).toBe(tcp443);
    expect(r.drop.records).toBe(LINES.length - tcp443);
    const reading = firstEvent('rp-2', 'reading the traffic');
    const job = svc.replayRuleset({ source: 'text', text, hook: null, table: null, opId: 'rp-2' });
    await reading;
    value(await svc.cancel('rp-2'));
    expect(code(await job)).toBe('CANCELLED');
  }, 60_000);

  /** Rules counted from the log lines themselves: one per distinct (source group, proto, port, destination group). */
  async function countRules(group: 'host' | '/24' | 'any', dest: 'address' | 'cidr24' | 'any'): Promise<number> {
    const seen = new Set<string>();
    for (const l of LINES) {
      const m = /SRC=(\S+) DST=(\S+) .*PROTO=(\w+)(?: SPT=\d+ DPT=(\d+))?/.exec(l)!;
      const s = group === 'host' ? m[1] : group === '/24' ? m[1].split('.').slice(0, 3).join('.') : 'any';
      const d = dest === 'address' ? m[2] : dest === 'cidr24' ? m[2].split('.').slice(0, 3).join('.') : 'any';
      seen.add([s, m[3], m[4] ?? '', d].join('|'));
    }
    return seen.size;
  }
});

describe('a job that runs out of memory', () => {
  it('fails alone with TOO_LARGE, and the next job runs', async () => {
    // 300,000 sources with 1 KiB reasons do not fit a 64 MiB heap.
    const why = 'x'.repeat(1024);
    async function* feed(): AsyncIterable<unknown[]> {
      for (let b = 0; b < 60; b++) yield Array.from({ length: 5000 }, (_, i) => ({ text: `11.${b}.${i >> 8}.${i & 255}`, why }));
    }
    const input = { includeInternal: false, internal: [], format: 'nft', facts: { host: 't', facts: [], notes: [] }, forceLockout: false, render: { direction: 'inbound', reject: false, log: false, now: 0 } };
    const err = await runJob('block', input, { feed: feed(), heapMb: 64 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('TOO_LARGE');
    expect((err as AppError).message).toMatch(/needed more than 64 MiB/);
    async function* one(): AsyncIterable<unknown[]> {
      yield [{ text: '9.9.9.9', why: 'after' }];
    }
    const ok = await runJob<{ script: string }>('block', input, { feed: one(), heapMb: 64 });
    expect(ok.script).toContain('9.9.9.9');
  }, 120_000);
});
