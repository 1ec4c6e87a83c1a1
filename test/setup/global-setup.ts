// Vitest global setup: builds the app and the CLI bundle before the run when out/ is missing or older than
// its sources, so that the browser journeys and CLI tests run on a fresh clone and never against a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bundleStaleReason } from '../../src-main/cli/build/bundle-state.mjs';

const ROOT = join(import.meta.dirname, '../..');
/** What the renderer bundle is built from. */
const SOURCES = ['src-renderer', 'src-main/shared', 'electron.vite.config.ts', 'package-lock.json'];
const BUILT = ['out/renderer/index.html', 'out/main/index.js', 'out/preload/index.cjs'];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

/** Why the build must be redone, or null when out/ is current. */
export function staleReason(root = ROOT): string | null {
  const missing = BUILT.filter((f) => !existsSync(join(root, f)));
  if (missing.length) return `${missing[0]} is missing`;
  const built = Math.min(...BUILT.map((f) => statSync(join(root, f)).mtimeMs));
  const src = Math.max(...SOURCES.filter((s) => existsSync(join(root, s))).map((s) => newest(join(root, s))));
  return src > built ? 'out/ is older than its sources' : null;
}

export default function setup(): void {
  buildApp();
  // The CLI tests spawn bin/fwlens.js, which runs the bundle only when it is current: rebuilt here so that
  // what is tested is what users run, not the tsx fallback.
  const why = bundleStaleReason(ROOT);
  if (!why) return;
  process.stdout.write(`test setup: building the CLI bundle first (${why})…\n`);
  const r = spawnSync(process.execPath, [join(ROOT, 'src-main/cli/build/bundle.mjs'), '--quiet'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`test setup: npm run build:cli failed (exit ${r.status}):\n${(r.stdout + r.stderr).slice(-4000)}`);
}

function buildApp(): void {
  const why = staleReason();
  if (!why) return;
  process.stdout.write(`test setup: building the app first (${why})…\n`);
  const bin = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
  const r = spawnSync(process.execPath, [bin, 'build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`test setup: npm run build failed (exit ${r.status}):\n${(r.stdout + r.stderr).slice(-4000)}`);
}
