// The import's fast path against the exact parsers: on every line of every fixture and of generated
// days, it either declines or fills a record equal field by field to the exact path's (the corpus:
// test/conformance/netfilter-fast-corpus.test.ts).
import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { EventRecord } from '../../src-main/shared/model.ts';
import { makeFastLine } from '../../src-main/import/fast-line.ts';
import { ORDER_OK, ROW_ROOM, writeEventRow } from '../../src-main/db/event-tsv-bytes.ts';
import { writeEventTsv } from '../../src-main/db/event-writer.ts';
import { resetEventRecord } from '../../src-main/parse/record-reset.ts';
import { rng, synthDay } from '../../src-main/gen/synth-day.ts';
import { mutateLine } from '../mutate-lines.ts';
import { BINARY, CTX, ROOT, compare, compareBytes, filesUnder, linesOf, type Tally } from '../fast-path-compare.ts';

describe('the fast netfilter path', () => {
  it('agrees with the exact parsers on every line of every fixture', () => {
    const files = filesUnder(join(ROOT, 'test/fixtures')).filter((f) => !BINARY.test(f) && statSync(f).size < 64 << 20);
    let total: Tally = { lines: 0, fast: 0, exact: 0 };
    for (const f of files) {
      for (const ctx of [CTX, { refTimeMs: statSync(f).mtimeMs, tz: 'Europe/Berlin' }]) {
        const t = compare(linesOf(f), ctx, f);
        total = { lines: total.lines + t.lines, fast: total.fast + t.fast, exact: total.exact + t.exact };
      }
    }
    // The fixtures are mostly odd shapes on purpose; the fast path must still take a share of them.
    expect(total.fast).toBeGreaterThan(0);
    expect(total.fast).toBeLessThanOrEqual(total.exact);
    console.log(`fixtures: ${total.lines} lines, ${total.exact} events by the exact path, ${total.fast} of them by the fast path`);
  });

  it('writes the same TSV bytes as the string writer for every event of the fixtures and of a generated day', () => {
    expect(ORDER_OK, 'events_store changed: update ORDER in src-main/db/event-tsv-bytes.ts').toBe(true);
    let rows = 0, bytes = 0;
    const files = filesUnder(join(ROOT, 'test/fixtures')).filter((f) => !BINARY.test(f) && statSync(f).size < 64 << 20);
    for (const f of files) {
      const t = compareBytes(linesOf(f), CTX, f);
      rows += t.rows;
      bytes += t.bytes;
    }
    const day = compareBytes(synthDay({ lines: 30_000, seed: 9 }), CTX, 'synthetic');
    expect(bytes).toBeGreaterThan(0);
    expect(day.bytes / day.rows).toBeGreaterThan(0.95);
    console.log(`byte rows: fixtures ${bytes} of ${rows} events, generated day ${day.bytes} of ${day.rows}`);
  });

  it('writes integer cells at every digit-count boundary as the string writer does', () => {
    const buf = Buffer.alloc(ROW_ROOM + 16);
    const values = [0, 7, 9, 10, 99, 100, 65535, 99_999_999, 100_000_000, 100_000_001, 2 ** 31 - 1, 2 ** 31, 2 ** 32,
      1_733_400_000_123_456, 10 ** 15, Number.MAX_SAFE_INTEGER, -1, -99_999_999, -100_000_000, -1_733_400_000_123_456];
    for (const v of values) {
      const rec = new EventRecord();
      resetEventRecord(rec);
      Object.assign(rec, { ts: v, len: Math.abs(v) % 2 ** 31, ip_id: v, sport: v < 0 ? null : v, src: '10.0.0.1', dst: '10.0.0.2', family: 4 });
      const end = writeEventRow(buf, 0, rec, 1, v < 0 ? 1 : v, 0);
      expect(end, `${v}`).toBeGreaterThan(0);
      expect(buf.toString('latin1', 0, end), `${v}`).toBe(writeEventTsv(rec, 1, v < 0 ? 1 : v, 0));
    }
    // Past 2^53 (a µs stamp in year 9000 is): the string path writes it, never a half-written row.
    const rec = new EventRecord();
    resetEventRecord(rec);
    Object.assign(rec, { ts: Date.UTC(9000, 0, 1) * 1000, src: '10.0.0.1', dst: '10.0.0.2', family: 4 });
    expect(writeEventRow(buf, 0, rec, 1, 1, 0)).toBe(-1);
  });

  it('agrees on generated days and takes nearly every event of them', () => {
    for (const [stamp, tz] of [['rfc3164', 'UTC'], ['iso', 'Europe/Berlin'], ['rfc3164', 'America/New_York']] as const) {
      const t = compare(synthDay({ lines: 60_000, seed: 7, stamp }), { refTimeMs: Date.UTC(2024, 11, 31), tz }, `synthetic ${stamp}`);
      // Only the ICMP errors (an embedded packet) and the damaged lines are left to the exact path.
      expect(t.fast / t.exact).toBeGreaterThan(0.9);
    }
  });

  it('declines what it does not read, so the exact path words the reject', () => {
    const rec = new EventRecord();
    const fast = makeFastLine(CTX);
    const base = 'Mar 14 10:00:00 fw1 kernel: [ 12.5] DROP IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 TTL=64 ID=1 PROTO=TCP SPT=1 DPT=2 WINDOW=5 RES=0x00 SYN URGP=0';
    expect(fast(base, rec)).toBe(true);
    for (const odd of [
      base.replace('TTL=64', 'TTL=99999'), // out of its column's range
      base.replace('DPT=2 ', ''), // truncated
      base.replace('SRC=10.0.0.1', 'SRC=10.0.0.256'),
      base.replace('kernel:', 'kernel:  '),
      base.replace('DROP ', 'TRACE: raw:PREROUTING:rule:1 '),
      base.replace('URGP=0', 'URGP=0 UID=0'),
      base + '\r',
      // A repeated interface key, the later one empty: found by a mutation fuzz, where the fast path kept
      // the first value and the exact parser the last.
      base.replace('SRC=', 'OUT= SRC='),
      base.replace('OUT= ', 'OUT=eth1 ').replace('SRC=', 'OUT= SRC='),
      base.replace('SRC=', 'IN= SRC='),
    ]) expect(fast(odd, rec), odd).toBe(false);
  });

  it('agrees with the exact parsers on mutated lines: tokens, repeats, swaps, control characters', () => {
    // A seeded fuzz (a longer run of it found the repeated-key flaw below); the same lines every run.
    const rnd = rng(20261206);
    const base = [...synthDay({ lines: 2_000, seed: 5 }), ...synthDay({ lines: 1_000, seed: 6, stamp: 'iso' })];
    const lines = Array.from({ length: 40_000 }, () => mutateLine(base[Math.floor(rnd() * base.length)], rnd));
    const t = compare(lines, { refTimeMs: Date.UTC(2024, 2, 31, 1), tz: 'Europe/Berlin' }, 'mutated');
    // Many mutations leave a line readable: the fast path must still take some of those.
    expect(t.fast).toBeGreaterThan(2_000);
    expect(t.exact).toBeLessThan(t.lines);
  });

  it('agrees with the exact parsers on lines with a repeated key, whichever of them is empty', () => {
    const base = 'Mar 14 10:00:00 fw1 kernel: [ 12.5] DROP IN=eth0 OUT= MAC=00:1b:21:3a:4f:01:00:50:56:e1:94:67:08:00 SRC=10.0.0.1 DST=10.0.0.2 LEN=40 TTL=64 ID=1 PROTO=TCP SPT=1 DPT=2 WINDOW=5 RES=0x00 SYN URGP=0';
    const lines: string[] = [];
    for (const key of ['IN=', 'OUT=', 'MAC='])
      for (const first of ['', 'x1']) for (const later of ['', 'y2']) {
        const v = (s: string) => (key === 'MAC=' && s ? '00:1b:21:3a:4f:0' + s[1] + ':00:50:56:e1:94:67:08:00' : s);
        const at = base.indexOf(key === 'IN=' ? ' IN=' : ' ' + key) + 1;
        const end = base.indexOf(' ', at);
        const line = base.slice(0, at) + key + v(first) + base.slice(end);
        lines.push(line.replace('SRC=', `${key}${v(later)} SRC=`), line.replace('LEN=40 ', `LEN=40 ${key}${v(later)} `));
      }
    const t = compare(lines, CTX, 'repeated keys');
    expect(t.lines).toBe(lines.length);
  });
});
