// `npm run bench:enrich`: offline enrichment of 100,000 distinct addresses against, in the same
// run, 100,000 bare maxmind lookups of the same addresses (target: enrichment under 5 s).
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import maxmind from 'maxmind';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { importSource } from '../../src-main/import/import-source.ts';
import { enrichOffline } from '../../src-main/enrich/enrich-offline.ts';
import { bundledCountryDb } from '../../src-main/enrich/geo-db.ts';
import { rng } from '../../src-main/gen/synth-day.ts';
import { BENCH_DIR, printRows } from './bench-util.ts';

const N = 100_000;
const r = rng(99);
const seen = new Set<string>();
while (seen.size < N) {
  seen.add(r() < 0.9
    ? `${1 + Math.floor(r() * 222)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`
    : `2a0${Math.floor(r() * 10)}:${Math.floor(r() * 0xffff).toString(16)}::${Math.floor(r() * 0xffff).toString(16)}`);
}
const addresses = [...seen];
// Each address once as a destination; sources are a few internal hosts of the same family.
const log = join(BENCH_DIR, 'enrich-100k.log');
writeFileSync(log, addresses.map((a, i) => a.includes(':')
  ? `2024-03-14T10:00:00+00:00 fw kernel: OUT IN=eth1 OUT=eth0 SRC=fd00::${(i % 50) + 1} DST=${a} LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=UDP SPT=40000 DPT=443 LEN=40`
  : `2024-03-14T10:00:00+00:00 fw kernel: OUT IN=eth1 OUT=eth0 SRC=192.168.1.${(i % 50) + 1} DST=${a} LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 DF PROTO=UDP SPT=40000 DPT=443 LEN=40`).join('\n') + '\n');
const casePath = join(BENCH_DIR, 'enrich.duckdb');
rmSync(casePath, { force: true });
rmSync(casePath + '.wal', { force: true });
const db = await CaseDb.open(casePath, { create: true });
await importSource(db, log);
// The ASN ranges load once per case; load them first so the figure is the steady state, and print it apart.
let t = performance.now();
await enrichOffline(db);
const first = performance.now() - t;
t = performance.now();
const res = await enrichOffline(db, { refresh: true });
const again = performance.now() - t;
db.close();

const reader = await maxmind.open(bundledCountryDb());
t = performance.now();
let hits = 0;
for (const a of addresses) if (reader.get(a)) hits++;
const bare = performance.now() - t;

printRows([
  ['maxmind lookups alone (100k addresses)', `${bare.toFixed(0)} ms (${hits} answered)`],
  ['offline enrichment, 100k addresses (refresh)', `${again.toFixed(0)} ms = ${(again / bare).toFixed(1)}x the bare lookups (target < 5000 ms)`],
  ['first enrichment of the case (ASN ranges loaded)', `${first.toFixed(0)} ms`],
  ['addresses enriched', `${res.addresses}`],
]);
