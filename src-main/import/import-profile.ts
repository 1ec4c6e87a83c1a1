// The opt-in timing breakdown of an import (FWLENS_IMPORT_PROFILE=1): wall time summed per phase, for
// bench:import. Off, every hook is one test of a constant, so the import pays nothing for it.

export const PROFILE = process.env.FWLENS_IMPORT_PROFILE === '1';

/**
 * read: waiting for the next batch of lines (file read, gunzip, line split); parse: the format's line
 * handler minus encode; encode: record to TSV text; load: DuckDB reading the TSV batches (it overlaps
 * the parse); wait: the parse thread blocked on a load; commit: the last load, COMMIT and write-out;
 * enrich: offline enrichment after the import.
 */
export type Phase = 'read' | 'parse' | 'encode' | 'load' | 'wait' | 'commit' | 'enrich';
const PHASES: Phase[] = ['read', 'parse', 'encode', 'load', 'wait', 'commit', 'enrich'];

const acc = new Map<Phase, bigint>(PHASES.map((p) => [p, 0n]));
let fastLines = 0;

export function tick(): bigint {
  return PROFILE ? process.hrtime.bigint() : 0n;
}

/** Adds the time since `t0` (from tick()) to the phase; returns now, to chain phases. */
export function tock(p: Phase, t0: bigint): bigint {
  if (!PROFILE) return 0n;
  const t = process.hrtime.bigint();
  acc.set(p, acc.get(p)! + (t - t0));
  return t;
}

/** Counts lines the fast path took (the rest went through the exact parsers). */
export function countFast(n: number): void {
  fastLines += n;
}

export interface ImportProfile {
  /** Seconds per phase (parse excludes encode). */
  phases: Record<Phase, number>;
  /** Process CPU seconds (user + system, every thread: DuckDB's too). */
  cpu: number;
  /** Seconds from process start to the import command's start (module loading). */
  startup: number;
  maxRssMB: number;
  /** At the report: V8's heap and the memory outside it (Buffers, DuckDB's allocations are not in either). */
  heapMB: number;
  externalMB: number;
  fastLines: number;
}

let startup = 0;
/** Called when the import command starts: what came before was process start and module loading. */
export function markStart(): void {
  startup = performance.now() / 1000;
}

export function profileReport(): ImportProfile {
  const s = (p: Phase) => Number(acc.get(p)!) / 1e9;
  const phases = Object.fromEntries(PHASES.map((p) => [p, s(p)])) as Record<Phase, number>;
  phases.parse = Math.max(0, phases.parse - phases.encode);
  const u = process.cpuUsage();
  const m = process.memoryUsage();
  return {
    phases, cpu: (u.user + u.system) / 1e6, startup, maxRssMB: process.resourceUsage().maxRSS / 1024,
    heapMB: m.heapTotal / 1048576, externalMB: m.external / 1048576, fastLines,
  };
}

/** The line cmd-import prints to stderr when profiling: a marker and the JSON, for bench:import to read. */
export const PROFILE_MARK = 'fwlens-import-profile ';
