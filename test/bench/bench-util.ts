// Shared pieces of the benchmarks: timing a shell pipeline and a whole `fwlens import` in a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { writeSynthDay } from '../../src-main/gen/write-synth.ts';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

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
