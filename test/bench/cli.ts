// `npm run bench:cli`: start-up of the bundled `fwlens` against `node -e 0` in the same run (medians,
// runs interleaved so that load on the machine falls on all alike), peak RSS of `--help`, and the
// sources-through-tsx path for comparison. Prints each figure with its ratio and whether the target is met.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { bundleStaleReason } from '../../src-main/cli/build/bundle-state.mjs';
import { bundleCli } from '../../src-main/cli/build/bundle.mjs';
import { BENCH_DIR, ROOT, printRows } from './bench-util.ts';

const RUNS = Number(process.env.RUNS ?? 11);
const BIN = join(ROOT, 'bin/fwlens.js');
const SAMPLE = join(BENCH_DIR, 'cli-sample.duckdb');

const stale = bundleStaleReason();
if (stale) {
  console.log(`building the CLI bundle first (${stale})`);
  await bundleCli({ quiet: true });
}
// Made afresh: a case kept from an older version would need its migrations first.
for (const f of [SAMPLE, `${SAMPLE}.wal`]) rmSync(f, { force: true });
{
  const r = spawnSync(process.execPath, [BIN, 'demo', SAMPLE], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('fwlens demo failed');
}

interface Probe { name: string; args: string[]; env?: NodeJS.ProcessEnv; target?: number }
const TSX = { ...process.env, FWLENS_FROM_SOURCES: '1' };
const PROBES: Probe[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'fwlens --help', args: [BIN, '--help'], target: 2 },
  { name: 'fwlens query CASE "SELECT 1"', args: [BIN, 'query', SAMPLE, 'SELECT 1'], target: 4 },
  { name: 'fwlens summary SAMPLE', args: [BIN, 'summary', SAMPLE], target: 6 },
  { name: 'tsx: fwlens --help', args: [BIN, '--help'], env: TSX },
  { name: 'tsx: fwlens query CASE "SELECT 1"', args: [BIN, 'query', SAMPLE, 'SELECT 1'], env: TSX },
];

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const CPU_FILE = join(BENCH_DIR, `cpu-${process.pid}.txt`);

/** Wall time of one run, and its CPU time (user + system, through /usr/bin/time when present): the CPU
 * figure shows what a run costs when other work on the machine stretches the wall times. */
function once(p: Probe): { ms: number; cpuMs: number } {
  const [cmd, args] = TIME ? [TIME, ['-f', '%U %S', '-o', CPU_FILE, process.execPath, ...p.args]] : [process.execPath, p.args];
  const t = performance.now();
  const r = spawnSync(cmd, args, { env: p.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${p.name} failed (${r.status}): ${r.stderr}`);
  // The tsx path says so on stderr; the bundle must say nothing, or this is not the path users run.
  if (!p.env && r.stderr) throw new Error(`${p.name} wrote to stderr: ${r.stderr}`);
  const cpu = TIME ? readFileSync(CPU_FILE, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : [NaN, NaN];
  return { ms, cpuMs: (cpu[0]! + cpu[1]!) * 1000 };
}

/** Peak resident memory of one run in MB: /usr/bin/time's %M, else the last VmHWM polled from /proc. */
function peakRssMb(args: string[], env = process.env): { mb: number; how: string } {
  if (existsSync('/usr/bin/time')) {
    const out = join(BENCH_DIR, `rss-${process.pid}.txt`);
    const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, process.execPath, ...args], { stdio: 'ignore', env });
    if (r.status !== 0) throw new Error('measuring peak RSS failed');
    const kb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
    rmSync(out, { force: true });
    return { mb: kb / 1024, how: '/usr/bin/time' };
  }
  const child = spawnSync('sh', ['-c', `"${process.execPath}" ${args.map((a) => `'${a}'`).join(' ')} >/dev/null & pid=$!; m=0; while kill -0 $pid 2>/dev/null; do v=$(awk '/VmHWM/{print $2}' /proc/$pid/status 2>/dev/null); [ -n "$v" ] && m=$v; done; echo $m`], { encoding: 'utf8', env });
  return { mb: Number(child.stdout.trim()) / 1024, how: 'VmHWM polled (a lower bound)' };
}

const times = new Map<string, Array<{ ms: number; cpuMs: number }>>(PROBES.map((p) => [p.name, []]));
for (const p of PROBES) once(p); // warms the file cache (and tsx's)
for (let i = 0; i < RUNS; i++) for (const p of PROBES) times.get(p.name)!.push(once(p));
rmSync(CPU_FILE, { force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(times.get('node -e 0')!.map((r) => r.ms));
const baseCpu = median(times.get('node -e 0')!.map((r) => r.cpuMs));
const rows: Array<[string, string]> = PROBES.map((p) => {
  const m = median(times.get(p.name)!.map((r) => r.ms));
  const cpu = median(times.get(p.name)!.map((r) => r.cpuMs));
  const ratio = m / base;
  const verdict = p.target ? `; target ≤ ${p.target}×: ${ratio <= p.target ? 'met' : 'NOT met'}` : '';
  const cpuText = TIME ? ` (CPU ${cpu.toFixed(0)} ms = ${(cpu / baseCpu).toFixed(1)}×)` : '';
  return [p.name, `${m.toFixed(0)} ms = ${ratio.toFixed(2)}× node -e 0${verdict}${cpuText}`];
});
const rssRuns = Array.from({ length: 3 }, () => peakRssMb([BIN, '--help']));
const rss = median(rssRuns.map((r) => r.mb));
rows.push(['peak RSS of fwlens --help', `${rss.toFixed(1)} MB (${rssRuns[0]!.how}); target < 80 MB: ${rss < 80 ? 'met' : 'NOT met'}`]);
const tsxRss = peakRssMb([BIN, '--help'], TSX);
rows.push(['peak RSS, tsx: fwlens --help', `${tsxRss.mb.toFixed(1)} MB`]);

// What bin/fwlens.js spends on each start deciding between the bundle and the sources.
const checks = Array.from({ length: 51 }, () => {
  const t = performance.now();
  bundleStaleReason();
  return performance.now() - t;
});
const sources = (JSON.parse(readFileSync(join(ROOT, 'out/cli/manifest.json'), 'utf8')) as { sources: string[] }).sources.length;
rows.push(['staleness check of bin/fwlens.js', `${median(checks).toFixed(1)} ms (a stat of ${sources} sources, median of 51)`]);

console.log(`fwlens start-up, medians of ${RUNS} interleaved runs; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
printRows(rows);
