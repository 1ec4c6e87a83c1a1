// The per-line cost of the netfilter import's parts on the generated 1M-line day, in one process:
// exact parse, fast parse, TSV text vs TSV bytes (`node --import tsx test/bench/parse-paths.ts [lines]`).
// CPU time of this thread's process is printed beside wall time: other load on the machine skews it less.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './bench-util.ts';
import { EventRecord } from '../../src-main/shared/model.ts';
import { makeEnvelopeSplitter } from '../../src-main/parse/envelope.ts';
import { parseNetfilter } from '../../src-main/parse/netfilter.ts';
import { resetEventRecord } from '../../src-main/parse/record-reset.ts';
import { eventMisfit, writeEventTsv } from '../../src-main/db/event-writer.ts';
import { makeFastLine } from '../../src-main/import/fast-line.ts';
import { ROW_ROOM, writeEventRow } from '../../src-main/db/event-tsv-bytes.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const text = readFileSync(join(BENCH_DIR, 'day-1000000.log'), 'latin1');
const lines = text.split('\n').slice(0, N);
const ctx = { refTimeMs: Date.UTC(2024, 11, 31), tz: 'UTC' };
const rec = new EventRecord();

function exact(encode: boolean): number {
  const split = makeEnvelopeSplitter(ctx);
  let ok = 0;
  for (const line of lines) {
    const env = split(line);
    if (typeof env === 'string') continue;
    resetEventRecord(rec);
    rec.ts = env.ts; rec.ts_text = env.ts_text; rec.uptime = env.uptime; rec.host = env.host;
    if ((parseNetfilter(env.body, rec) ?? eventMisfit(rec)) !== null) continue;
    ok++;
    if (encode) writeEventTsv(rec, 1, ok, ok);
  }
  return ok;
}

function fast(encode: boolean): number {
  const f = makeFastLine(ctx);
  let ok = 0;
  for (const line of lines) {
    if (!f(line, rec)) continue;
    ok++;
    if (encode) writeEventTsv(rec, 1, ok, ok);
  }
  return ok;
}

const buf = Buffer.allocUnsafe(1 << 20);
function fastBytes(): number {
  const f = makeFastLine(ctx);
  let ok = 0, at = 0;
  for (const line of lines) {
    if (!f(line, rec)) continue;
    ok++;
    if (at + ROW_ROOM > buf.length) at = 0;
    const end = writeEventRow(buf, at, rec, 1, ok, ok);
    at = end < 0 ? at + buf.write(writeEventTsv(rec, 1, ok, ok), at, 'utf8') : end;
  }
  return ok;
}

function time(what: string, fn: () => number): void {
  let best = Infinity, cpu = Infinity, n = 0;
  for (let pass = 0; pass < 3; pass++) {
    const t = performance.now();
    const c0 = process.cpuUsage();
    n = fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, performance.now() - t);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  console.log(`${what.padEnd(36)} ${(best / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} s CPU, ${(cpu * 1e6 / lines.length).toFixed(0)} ns CPU/line (${n} events)`);
}

time('exact parse', () => exact(false));
time('fast parse (declined lines: none)', () => fast(false));
time('exact parse + TSV encoding', () => exact(true));
time('fast parse + TSV encoding', () => fast(true));
time('fast parse + TSV bytes in place', fastBytes);
