// The fast netfilter path against the exact parsers, line by line: shared by the unit test (fixtures,
// generated days) and the conformance suite (the corpus).
import { expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EventRecord } from '../src-main/shared/model.ts';
import { makeEnvelopeSplitter, type EnvelopeContext } from '../src-main/parse/envelope.ts';
import { parseNetfilter } from '../src-main/parse/netfilter.ts';
import { resetEventRecord } from '../src-main/parse/record-reset.ts';
import { eventMisfit, writeEventTsv } from '../src-main/db/event-writer.ts';
import { makeFastLine } from '../src-main/import/fast-line.ts';
import { ROW_ROOM, writeEventRow } from '../src-main/db/event-tsv-bytes.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const BINARY = /\.(pcap|pcapng|cap|bz2|gz|mmdb|zst|xz|duckdb|png|jpg|zip)$/i;

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Lines as the importer hands them over: split at LF, the CR of CRLF removed. */
export function linesOf(file: string): string[] {
  const buf = readFileSync(file);
  if (buf.includes(0)) return [];
  return buf.toString('utf8').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** The exact path of format-netfilter.ts: a record, or null for a line it does not take as an event. */
function exactRecord(split: ReturnType<typeof makeEnvelopeSplitter>, line: string): EventRecord | null {
  const env = split(line);
  if (typeof env === 'string') return null;
  const rec = new EventRecord();
  resetEventRecord(rec);
  rec.ts = env.ts;
  rec.ts_text = env.ts_text;
  rec.uptime = env.uptime;
  rec.host = env.host;
  return (parseNetfilter(env.body, rec) ?? eventMisfit(rec)) === null ? rec : null;
}

export interface Tally { lines: number; fast: number; exact: number }

export function compare(lines: Iterable<string>, ctx: EnvelopeContext, where: string): Tally {
  const split = makeEnvelopeSplitter(ctx);
  const fast = makeFastLine(ctx);
  const rec = new EventRecord();
  const t: Tally = { lines: 0, fast: 0, exact: 0 };
  for (const line of lines) {
    t.lines++;
    const want = exactRecord(split, line);
    if (want) t.exact++;
    if (!fast(line, rec)) continue;
    t.fast++;
    if (!want) throw new Error(`${where}: the fast path took a line the exact path does not: ${line}`);
    // Field by field (the matcher only to word a difference: it is slow on 10^5 lines), then as stored.
    const got = rec as unknown as Record<string, unknown>;
    const exp = want as unknown as Record<string, unknown>;
    const differs = Object.keys(exp).some((k) => (Array.isArray(exp[k]) ? String(exp[k]) !== String(got[k]) || !Array.isArray(got[k]) : exp[k] !== got[k]));
    if (differs || Object.keys(got).length !== Object.keys(exp).length) expect({ ...rec }, `${where}: ${line}`).toEqual({ ...want });
    const row = writeEventTsv(rec, 1, 1, 0);
    if (row !== writeEventTsv(want, 1, 1, 0)) expect(row, `${where}: ${line}`).toBe(writeEventTsv(want, 1, 1, 0));
  }
  return t;
}

/** The byte writer against writeEventTsv on every record the exact path makes: the same text, or it declines. */
export function compareBytes(lines: Iterable<string>, ctx: EnvelopeContext, where: string): { rows: number; bytes: number } {
  const split = makeEnvelopeSplitter(ctx);
  const n = { rows: 0, bytes: 0 };
  let lineNo = 0;
  for (const line of lines) {
    const rec = exactRecord(split, line);
    lineNo++;
    if (!rec) continue;
    n.rows++;
    if (sameRowBytes(rec, lineNo, `${where}: ${line}`)) n.bytes++;
  }
  return n;
}

const rowBuf = Buffer.alloc(ROW_ROOM + 16);

/** The byte writer's row for `rec` equals the string writer's; false when the byte writer declines it. */
export function sameRowBytes(rec: EventRecord, lineNo: number, where: string): boolean {
  const end = writeEventRow(rowBuf, 3, rec, 7, lineNo, lineNo * 250);
  if (end < 0) return false;
  const want = writeEventTsv(rec, 7, lineNo, lineNo * 250);
  const got = rowBuf.toString('latin1', 3, end);
  if (got !== want) expect(got, where).toBe(want);
  return true;
}

export const CTX: EnvelopeContext = { refTimeMs: Date.UTC(2024, 11, 31), tz: 'UTC' };

