// Shared pieces of the benchmarks: timing a shell pipeline and a whole `fwlens import` in a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { writeSynthDay } from '../../src-main/gen/write-synth.ts';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { PROFILE_MARK, type ImportProfile } from '../../src-main/import/import-profile.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BENCH_DIR = join(tmpdir(), 'fwlens-bench');
mkdirSync(BENCH_DIR, { recursive: true });

export function timeShell(cmd: string): number {
  const t = performance.now();
  const r = spawnSync('sh', ['-c', cmd], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} failed`);
  return (performance.now() - t) / 1000;
}

/** Imports `file` into a fresh case in a child process: wall time (process start included) and peak RSS. */
export function timeImport(file: string): { secs: number; rssMB: number; casePath: string; out: string } {
  const casePath = join(BENCH_DIR, `case-${statSync(file).size}.duckdb`);
  rmSync(casePath, { force: true });
  rmSync(casePath + '.wal', { force: true });
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/bench/import-child.ts'), casePath, file], { encoding: 'utf8', cwd: ROOT });
  const secs = (performance.now() - t) / 1000;
  const info = JSON.parse(r.stderr.trim().split('\n').pop()!) as { code: number; maxRssMB: number };
  if (info.code !== 0) throw new Error(`import failed: ${r.stderr}`);
  return { secs, rssMB: info.maxRssMB, casePath, out: r.stdout.trim() };
}

export interface CliImport {
  /** Wall seconds of the whole `fwlens import` process: start, import, offline enrichment, close. */
  secs: number;
  /** CPU seconds of the process (user + system, all threads): the figure a busy machine skews least. */
  cpu: number;
  /** The import step alone, as the command reports it. */
  stepSecs: number;
  lines: number;
  rssMB: number;
  casePath: string;
  /** bin/fwlens.js ran the sources through tsx (no fresh out/cli bundle): a slower start. */
  viaTsx: boolean;
  /** The importer's breakdown (FWLENS_IMPORT_PROFILE=1 runs only). */
  profile: ImportProfile | null;
}

/** Runs `bin/fwlens.js import` (the command users run) on `file` into a fresh case, under /usr/bin/time for its peak RSS. */
export function timeCli(file: string, profile = false, root = ROOT): CliImport {
  const casePath = join(BENCH_DIR, `cli-${root === ROOT ? '' : 'other-'}${statSync(file).size}.duckdb`);
  rmSync(casePath, { force: true });
  rmSync(casePath + '.wal', { force: true });
  const env = { ...process.env, FWLENS_IMPORT_PROFILE: profile ? '1' : '0' };
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss-kb %M cpu %U %S', process.execPath, join(root, 'bin/fwlens.js'), 'import', '--quiet', casePath, file], { encoding: 'utf8', cwd: root, env });
  const secs = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`import failed: ${r.stdout}\n${r.stderr}`);
  const m = /: [\w-]+, (\d+) lines .*\((\d+\.\d+) s,/.exec(r.stdout);
  const rss = /maxrss-kb (\d+) cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (!m || !rss) throw new Error(`unexpected output: ${r.stdout}\n${r.stderr}`);
  const line = r.stderr.split('\n').find((l) => l.startsWith(PROFILE_MARK));
  return {
    secs, cpu: Number(rss[2]) + Number(rss[3]), viaTsx: /through tsx/.test(r.stderr), stepSecs: Number(m[2]), lines: Number(m[1]), rssMB: Number(rss[1]) / 1024, casePath,
    profile: line ? (JSON.parse(line.slice(PROFILE_MARK.length)) as ImportProfile) : null,
  };
}

/** A shell pipeline's wall seconds and the CPU seconds of all its processes. */
export function timeShellCpu(cmd: string): { secs: number; cpu: number } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', 'sh', '-c', cmd], { encoding: 'utf8' });
  const secs = (performance.now() - t) / 1000;
  const m = /cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} failed: ${r.stderr}`);
  return { secs, cpu: Number(m[1]) + Number(m[2]) };
}

export function printRows(rows: Array<[string, string]>): void {
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
}

/** The 1,000,000-event case of the UI benchmarks (a generated day, seed 42), imported once and kept. */
export async function uiCase(): Promise<string> {
  const casePath = join(BENCH_DIR, 'ui-1m.duckdb');
  if (!existsSync(casePath)) {
    const log = join(BENCH_DIR, 'day-1000000.log');
    if (!existsSync(log)) await writeSynthDay(log, { lines: 1_000_000, seed: 42 });
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'import', '--quiet', casePath, log], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('import failed');
  }
  if (!existsSync(join(ROOT, 'out/renderer/index.html'))) throw new Error('build the renderer first: npm run build');
  return casePath;
}
