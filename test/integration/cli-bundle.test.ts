// The bundled `fwlens` (out/cli/, src-main/cli/build/bundle.mjs): current with its sources, what bin/fwlens.js
// runs, loading per command only what that command needs, its worker started from a bundled file; and
// the sources through tsx when the bundle is absent or stale, said on stderr.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { bundleStaleReason } from '../../src-main/cli/build/bundle-state.mjs';
import { ROOT, OWN, tempDir } from '../helpers.ts';

const BIN = join(ROOT, 'bin/fwlens.js');
const OUT = join(ROOT, 'out/cli');
const MODULE_LOG = pathToFileURL(join(ROOT, 'test/setup/module-log.mjs')).href;
/** What `query` and `summary` must not load: the pcap decoder, lookup clients, replay engine, server, renderer. */
const HEAVY_SOURCES = /^(src-main\/(pcap|lookup|replay|server)\/|src-renderer\/)/;
const HEAVY_PACKAGES = /\/node_modules\/(ws|maxmind|@resvg|linkedom|d3[^/]*|dns-packet|tsx)\//;

interface Meta { outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown> }> }
const meta = (): Meta => JSON.parse(readFileSync(join(OUT, 'meta.json'), 'utf8'));

let t: ReturnType<typeof tempDir>;
let kase: string;
let logs = 0;
beforeAll(() => {
  t = tempDir();
  kase = join(t.dir, 'case.duckdb');
  const r = spawnSync(process.execPath, [BIN, 'import', '--quiet', '--no-enrich', kase, join(OWN, 'drop-input.log')], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => t?.cleanup());

/** Runs bin/fwlens.js with every module it loads logged (test/setup/module-log.mjs). */
function traced(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const log = join(t.dir, `modules-${++logs}.txt`);
  const r = spawnSync(process.execPath, ['--import', MODULE_LOG, BIN, ...args], { env: { ...env, FWLENS_MODULE_LOG: log }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, modules: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
}

/** The bundle's files among loaded modules, and the sources they were built from (meta.json). */
function bundleLoaded(modules: string[]): { files: string[]; sources: Set<string> } {
  const outputs = meta().outputs;
  const files = modules.filter((u) => u.startsWith('file:') && fileURLToPath(u).startsWith(OUT + '/')).map((u) => fileURLToPath(u).slice(OUT.length + 1));
  const sources = new Set(files.flatMap((f) => Object.keys(outputs[f]?.inputs ?? {})));
  return { files, sources };
}

describe('the bundled fwlens', () => {
  it('is not older than the sources it was built from, and was built from every command', () => {
    expect(bundleStaleReason(), 'run `npm run build:cli` (the test setup does it before a run)').toBeNull();
    const manifest = JSON.parse(readFileSync(join(OUT, 'manifest.json'), 'utf8')) as { sources: string[] };
    const commands = readdirSync(join(ROOT, 'src-main/cli')).filter((f) => /^cmd-.*\.ts$/.test(f));
    expect(commands.length).toBeGreaterThan(10);
    for (const c of commands) expect(manifest.sources, c).toContain(`src-main/cli/${c}`);
  });

  it('is what bin/fwlens.js runs: --help loads the entry and neither tsx nor DuckDB', () => {
    const r = traced(['--help']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^fwlens — forensic analyzer/);
    const { files, sources } = bundleLoaded(r.modules);
    expect(files).toContain('fwlens.js');
    expect([...sources]).toContain('src-main/cli/index.ts');
    expect([...sources].filter((s) => s.startsWith('src-main/db/'))).toEqual([]);
    expect(r.modules.filter((u) => u.includes('/node_modules/')), 'no package at all').toEqual([]);
    expect(r.modules.filter((u) => u.endsWith('.ts'))).toEqual([]);
  });

  it('loads for query and summary the case and its SQL, and none of the pcap decoder, lookup clients, replay engine, server or renderer', () => {
    for (const args of [['query', kase, 'SELECT count(*) AS n FROM events'], ['summary', kase]]) {
      const r = traced(args);
      expect(r.code, r.err).toBe(0);
      const { sources } = bundleLoaded(r.modules);
      expect([...sources], args[0]).toContain(`src-main/cli/cmd-${args[0]}.ts`);
      expect([...sources], args[0]).toContain('src-main/db/case-db.ts');
      expect([...sources].filter((s) => HEAVY_SOURCES.test(s)), args[0]).toEqual([]);
      expect(r.modules.filter((u) => HEAVY_PACKAGES.test(u)), args[0]).toEqual([]);
    }
    // The answer itself, from the fixture's ten lines.
    const q = traced(['query', kase, 'SELECT count(*) AS n FROM events', '--csv']);
    const lines = readFileSync(join(OWN, 'drop-input.log'), 'utf8').trim().split('\n').length;
    expect(q.out).toBe(`n\r\n${lines}\r\n`);
  });

  it('starts its worker from the bundled cpu-worker.js, not through tsx, and finds the built renderer and package.json from out/cli/', async () => {
    const data = join(t.dir, 'data');
    mkdirSync(data, { recursive: true });
    const log = join(t.dir, 'modules-serve.txt');
    const child = spawn(process.execPath, ['--import', MODULE_LOG, BIN, 'serve', kase, '--port', '0'], {
      env: { ...process.env, FWLENS_MODULE_LOG: log, FWLENS_DATA_DIR: data }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /at (http\S+)/.exec(out);
          if (m) ok(m[1]!);
        });
        child.on('exit', (code) => fail(new Error(`serve ended (${code}): ${out}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app"');
      const { port, searchParams } = new URL(url);
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${searchParams.get('token')}`);
      await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
      // Progress events come on the same socket; an answer carries its call's id.
      const call = (id: number, method: string, args: unknown[]) => new Promise<{ result: { ok: boolean; value?: any } }>((ok) => {
        ws.on('message', (d: WebSocket.RawData) => {
          const m = JSON.parse(d.toString());
          if (m.id === id) ok(m);
        });
        ws.send(JSON.stringify({ id, method, args }));
      });
      const reply = await call(1, 'blockScript', [{ targets: ['185.220.101.7'], format: 'nft', direction: 'inbound', port: null, proto: null, reject: false, log: false, expireSeconds: null, includeInternal: false }]);
      // package.json is found from out/cli/ as from src-main/app/.
      const info = await call(2, 'appInfo', []);
      ws.close();
      expect(reply.result.ok, JSON.stringify(reply.result)).toBe(true);
      expect(reply.result.value!.script).toContain('185.220.101.7');
      expect(info.result.value.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    } finally {
      // The next test opens the same case: wait until this process has let go of it.
      const gone = new Promise((ok) => (child.exitCode !== null ? ok(null) : child.once('exit', ok)));
      child.kill('SIGTERM');
      await gone;
    }
    const modules = readFileSync(log, 'utf8').trim().split('\n');
    expect(bundleLoaded(modules).files).toContain('cpu-worker.js');
    expect(modules.filter((u) => /\/node_modules\/tsx\/|\.ts$/.test(u))).toEqual([]);
  });
});

describe('fwlens from the sources', () => {
  it('runs through tsx when told to (or when the bundle is stale), says so on stderr once, and answers as the bundle does', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FWLENS_FROM_SOURCES: '1' };
    delete env.VITEST; // the note is left out under the test runner; here it is what is tested
    const src = traced(['query', kase, 'SELECT count(*) AS n FROM events', '--csv'], env);
    const bundled = traced(['query', kase, 'SELECT count(*) AS n FROM events', '--csv']);
    expect(src.code, src.err).toBe(0);
    expect(src.out).toBe(bundled.out);
    expect(src.err.match(/running from sources through tsx/g)).toHaveLength(1);
    expect(src.err).toContain('FWLENS_FROM_SOURCES is set');
    expect(src.modules.some((u) => u.endsWith('/src-main/cli/index.ts'))).toBe(true);
    expect(bundleLoaded(src.modules).files).toEqual([]);
  });

  it('counts a bundle stale when a source it was built from is newer than its manifest, or when it is missing', () => {
    const root = join(t.dir, 'checkout');
    mkdirSync(join(root, 'out/cli'), { recursive: true });
    mkdirSync(join(root, 'src-main/cli'), { recursive: true });
    expect(bundleStaleReason(root)).toBe('out/cli/ is not built');
    const src = join(root, 'src-main/cli/index.ts');
    const manifest = join(root, 'out/cli/manifest.json');
    writeFileSync(src, '');
    writeFileSync(manifest, JSON.stringify({ sources: ['src-main/cli/index.ts', 'src-main/gone.ts'] }));
    utimesSync(src, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    utimesSync(manifest, new Date('2026-01-02T00:00:00Z'), new Date('2026-01-02T00:00:00Z'));
    expect(bundleStaleReason(root)).toBeNull();
    utimesSync(src, new Date('2026-01-03T00:00:00Z'), new Date('2026-01-03T00:00:00Z'));
    expect(bundleStaleReason(root)).toBe('src-main/cli/index.ts is newer than out/cli/');
  });
});
