// Micro-benchmark of the conntrack text line parser: `node --import tsx test/bench/conntrack-parse.ts [count]`.

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConntrackRecord } from '../../src-main/conntrack/conntrack-record.ts';
import { detect, parseConntrackLine } from '../../src-main/conntrack/conntrack-line.ts';

const COUNT = Number(process.argv[2] ?? 1_000_000);
// Lines in the pool. An importer parses each line right after decoding it, while it is still in cache;
// a pool of millions of ~250-byte strings would instead time DRAM misses. Pass a second argument to try that.
const POOL = Number(process.argv[3] ?? 8192);

// Real entries: every conntrack text line (-L, -E, /proc, conntrackd -i; plain, with counters, -o id, secctx, NAT)
// of the in-repo fixtures, or of the full third-party corpus when FWLENS_CORPUS names its folder.
const ROOT = resolve(import.meta.dirname, '../..');
const DIRS = process.env.FWLENS_CORPUS
  ? [resolve(process.env.FWLENS_CORPUS)]
  : [join(ROOT, 'test/fixtures/third-party'), join(ROOT, 'test/fixtures/own'), join(ROOT, 'test/fixtures/conntrack')];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const real: string[] = [];
for (const f of DIRS.flatMap(filesUnder).filter((f) => f.endsWith('.txt'))) {
  for (const line of readFileSync(f, 'latin1').split('\n')) {
    if (detect(line) && parseConntrackLine(line, new ConntrackRecord()) === null) real.push(line);
  }
}
if (real.length === 0) throw new Error(`no conntrack lines under ${DIRS.join(', ')}`);

// Built through a Buffer like the importer's decoded lines: flat strings, one per pool slot.
const lines: string[] = new Array(POOL);
for (let n = 0; n < POOL; n++) lines[n] = Buffer.from(real[n % real.length], 'latin1').toString('latin1');

function run(): number {
  let rejects = 0;
  for (let n = 0; n < COUNT; n++) if (parseConntrackLine(lines[n % POOL], new ConntrackRecord()) !== null) rejects++;
  return rejects;
}

run(); // warm-up: let the JIT settle before timing
const t0 = process.hrtime.bigint();
const rejects = run();
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const perSec = COUNT / secs;
console.log(`${COUNT} lines (pool of ${POOL} from ${real.length} real lines) in ${secs.toFixed(3)} s: ${(perSec / 1e6).toFixed(2)}M lines/s, ` +
  `${((secs / COUNT) * 1e9).toFixed(0)} ns/line (including new ConntrackRecord()), rejects=${rejects}`);
