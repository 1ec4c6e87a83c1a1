// Micro-benchmark of the netfilter LOG body parser: `node --import tsx test/bench/netfilter-parse.ts [count]`.

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EventRecord } from '../../src-main/shared/model.ts';
import { detect, parseNetfilter } from '../../src-main/parse/netfilter.ts';
import { splitEnvelope } from '../../src-main/parse/envelope.ts';

const COUNT = Number(process.argv[2] ?? 500_000);

// Real bodies: every netfilter line of the in-repo fixtures (third-party and our own scan logs), or of the full
// third-party corpus when FWLENS_CORPUS names its folder. The mix is the files' own: mostly IPv4 TCP/UDP drops,
// some IPv6, ICMP, TRACE.
const ROOT = resolve(import.meta.dirname, '../..');
const DIRS = process.env.FWLENS_CORPUS
  ? [resolve(process.env.FWLENS_CORPUS)]
  : [join(ROOT, 'test/fixtures/third-party'), join(ROOT, 'test/fixtures/own'), join(ROOT, 'test/fixtures/trace'), join(ROOT, 'test/fixtures/ulogd')];
const BINARY = /\.(pcap|pcapng|cap|bz2|gz)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const real: string[] = [];
for (const f of DIRS.flatMap(filesUnder).filter((f) => !BINARY.test(f))) {
  for (const line of readFileSync(f, 'latin1').split('\n')) {
    const e = splitEnvelope(line, { refTimeMs: Date.now(), tz: 'UTC' });
    if (typeof e === 'string' || !detect(e.body)) continue;
    if (parseNetfilter(e.body, new EventRecord()) === null) real.push(e.body);
  }
}
if (real.length === 0) throw new Error(`no netfilter lines under ${DIRS.join(', ')}`);

// Flat copies, as the importer's decoded lines are: one string per body, not COUNT references to a few.
const bodies: string[] = new Array(COUNT);
for (let n = 0; n < COUNT; n++) bodies[n] = Buffer.from(real[n % real.length], 'latin1').toString('latin1');

function run(): number {
  let rejects = 0;
  for (let n = 0; n < COUNT; n++) {
    if (parseNetfilter(bodies[n], new EventRecord()) !== null) rejects++;
  }
  return rejects;
}

run(); // warm-up: let the JIT settle before timing
const t0 = process.hrtime.bigint();
const rejects = run();
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const perSec = COUNT / secs;
console.log(`${COUNT} bodies (${real.length} real ones, from ${DIRS.join(', ')}) in ${secs.toFixed(3)} s: ${(perSec / 1e6).toFixed(2)}M bodies/s, ` +
  `${((secs / COUNT) * 1e9).toFixed(0)} ns/body (including new EventRecord()), rejects=${rejects}`);
