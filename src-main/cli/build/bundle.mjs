// Builds the `fwlens` command into plain JavaScript (out/cli/) with esbuild, plus the manifest that lets
// bin/fwlens.js tell a current bundle from a stale one. Plain JS so `npm install` (prepare) runs it with node alone.
import { build } from 'esbuild';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
export const OUT = join(ROOT, 'out/cli');

/**
 * One line per entry. The workers are entries of their own so that they start from a bundled sibling file
 * (cpu-run.ts looks for `cpu-worker.js` next to its own chunk), never through tsx.
 */
export const ENTRIES = {
  fwlens: 'src-main/cli/index.ts',
  'cpu-worker': 'src-main/app/cpu-worker.ts',
};

/**
 * Pure-JS packages bundled in (pinned in package.json, so package-lock.json is among the manifest's
 * sources): loading @duckdb/node-api from node_modules was about 60 CommonJS files found, read and
 * compiled one by one at every start (and an ESM import of it made node scan its 280 names). Its
 * native half, @duckdb/node-bindings, stays external like every other package.
 */
const BUNDLED = ['@duckdb/node-api'];

const bundlePackages = {
  name: 'bundle-packages',
  setup(b) {
    const load = createRequire(join(ROOT, 'package.json'));
    b.onResolve({ filter: new RegExp(`^(${BUNDLED.map((r) => r.replace(/[/.]/g, '\\$&')).join('|')})$`) }, (a) => ({ path: load.resolve(a.path) }));
  },
};

export async function bundleCli({ quiet = false } = {}) {
  const started = performance.now();
  const startedAt = new Date();
  // Built aside and swapped in: a failed build leaves the previous bundle (and its manifest) as they were.
  const tmp = `${OUT}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    return await buildInto(tmp, startedAt, quiet, started);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

async function buildInto(tmp, startedAt, quiet, started) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, join(ROOT, v)])),
    outdir: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages (but BUNDLED) stay where npm put them: DuckDB and resvg are native add-ons, mmdb files are found by path.
    packages: 'external',
    // Each command's module is its own chunk, loaded by index.ts's import() only when that command runs.
    splitting: true,
    // Flat: every chunk sits in out/cli/, two levels under the root as src-main/*/ is, so the
    // import.meta.dirname-relative paths ('../../resources', '../../package.json', out/renderer) still resolve.
    chunkNames: '[name]-[hash]',
    metafile: true,
    plugins: [bundlePackages],
    // The bundled CommonJS calls require() for what stays external (the native binding).
    banner: { js: "import { createRequire as __fwlensRequire } from 'node:module'; const require = __fwlensRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  // The sources from this checkout, and the lock file that pins the packages bundled in.
  const inputs = [...Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/')), 'package-lock.json']
    .filter((p) => existsSync(join(ROOT, p)));
  const newest = Math.max(...inputs.map((p) => statSync(join(ROOT, p)).mtimeMs));
  // Output paths relative to out/cli/, as the bundle's own imports are.
  const base = (p) => p.slice(p.lastIndexOf('/') + 1);
  const outputs = Object.entries(result.metafile.outputs).map(([k, o]) => [base(k), { ...o, imports: o.imports.map((i) => (i.external ? i : { ...i, path: base(i.path) })) }]);
  const meta = { inputs: result.metafile.inputs, outputs: Object.fromEntries(outputs) };
  writeFileSync(join(tmp, 'meta.json'), JSON.stringify(meta));
  // Its list is what bin/fwlens.js stats on each start.
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify({ entries: ENTRIES, newestSourceMs: newest, sources: inputs }, null, 1) + '\n');
  // Dated when esbuild began reading: a source saved during the build is then newer than the bundle.
  utimesSync(join(tmp, 'manifest.json'), startedAt, startedAt);
  for (let attempt = 0; ; attempt++) {
    rmSync(OUT, { recursive: true, force: true });
    try {
      renameSync(tmp, OUT);
      break;
    } catch (e) {
      // Another build (a test run's setup, say) swapped its own in meanwhile: replace it with this one.
      if (attempt > 2 || !['ENOTEMPTY', 'EEXIST'].includes(e.code)) throw e;
    }
  }
  if (!quiet) console.log(`out/cli: ${Object.keys(result.metafile.outputs).length} files from ${inputs.length} sources in ${Math.round(performance.now() - started)} ms`);
  return result.metafile;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await bundleCli({ quiet: process.argv.includes('--quiet') }).catch((e) => {
    // esbuild has already printed its own errors, with file and line.
    if (!e.errors?.length) console.error(e);
    process.exit(1);
  });
}
