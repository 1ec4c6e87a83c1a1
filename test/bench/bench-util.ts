// Shared pieces of the benchmarks: timing a shell pipeline and a whole `fwlens import` in a child process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
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
