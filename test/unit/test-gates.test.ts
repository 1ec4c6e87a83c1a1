// The test suite's own promises: a fresh clone reads nothing outside the repository, a missing tool is
// a named skip (a failure in strict mode), and the app is rebuilt before the journeys when stale.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, tempDir } from '../helpers.ts';
import { missing, tool, which } from '../requires.ts';
import { staleReason } from '../setup/global-setup.ts';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Runs the gated fixture file in its own vitest, with extra environment. */
function runGated(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/fixtures/gates/vitest.config.ts'], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, FWLENS_TEST_STRICT: '', ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('the test suite on a fresh clone', () => {
  it('no file under test/ reads the workplace corpus (one folder up) outside the conformance suite', () => {
    const outside = ['..', 'shared'].join('/');
    const corpus = ['shared', 'corpus'].join('/');
    const readers = files(join(ROOT, 'test'))
      .filter((f) => !relative(ROOT, f).startsWith('test/conformance/') && /\.(ts|js|mjs|json|md|sh)$/.test(f))
      .filter((f) => { const text = readFileSync(f, 'utf8'); return text.includes(outside) || text.includes(corpus); })
      .map((f) => relative(ROOT, f));
    expect(readers).toEqual([]);
  });

  it('a missing tool is named with the Debian package to install', () => {
    expect(which('node')).not.toBeNull();
    expect(missing(tool('node', 'nodejs'))).toBeNull();
    expect(missing(tool('fwlens-no-such-tool', 'fwlens-pkg'), tool('node', 'nodejs'))).toBe('needs fwlens-no-such-tool: install the Debian package fwlens-pkg (npm run setup:test)');
  });

  it('a group whose tool is missing is skipped with its reason, and listed in one block at the end', () => {
    const r = runGated({});
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/1 passed \| 2 skipped|2 skipped \| 1 passed/);
    const block = r.out.slice(r.out.indexOf('Skipped groups (2):'));
    expect(block).toContain('test/fixtures/gates/gated.test.ts (1 test): needs fwlens-no-such-tool: install the Debian package fwlens-no-such-package (npm run setup:test)');
    expect(block).toContain('test/fixtures/gates/gated.test.ts (1 test): needs a runtime nobody can download: none here');
    expect(block).toContain('npm run setup:test');
  });

  it('in strict mode a missing tool fails the run, while a group allowed to skip still skips', () => {
    const r = runGated({ FWLENS_TEST_STRICT: '1' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('strict mode (FWLENS_TEST_STRICT=1): this test needs fwlens-no-such-tool');
    expect(r.out).toMatch(/1 failed/);
    expect(r.out).toContain('Skipped groups (1):');
    expect(r.out).toContain('needs a runtime nobody can download');
  });
});

describe('the build the journeys need', () => {
  function tree() {
    const t = tempDir();
    for (const f of ['out/renderer/index.html', 'out/main/index.js', 'out/preload/index.cjs', 'src-renderer/App.svelte', 'src-main/shared/api.ts']) {
      mkdirSync(join(t.dir, f, '..'), { recursive: true });
      writeFileSync(join(t.dir, f), 'x');
    }
    const at = (f: string, s: number) => utimesSync(join(t.dir, f), s, s);
    return { ...t, at };
  }

  it('is redone when out/ is missing', () => {
    const t = tree();
    try {
      // Written in the same millisecond or not: the build is made newer than its sources first.
      for (const f of ['src-renderer/App.svelte', 'src-main/shared/api.ts', 'src-renderer', 'src-main/shared', 'src-main']) t.at(f, 1_000_000);
      for (const f of ['out/renderer/index.html', 'out/main/index.js', 'out/preload/index.cjs']) t.at(f, 2_000_000);
      expect(staleReason(t.dir)).toBeNull();
      spawnSync('rm', ['-r', join(t.dir, 'out/renderer')]);
      expect(staleReason(t.dir)).toBe('out/renderer/index.html is missing');
    } finally {
      t.cleanup();
    }
  });

  it('is redone when a renderer or contract source is newer than the build, and not otherwise', () => {
    const t = tree();
    try {
      for (const f of ['out/renderer/index.html', 'out/main/index.js', 'out/preload/index.cjs']) t.at(f, 2_000_000);
      for (const f of ['src-renderer/App.svelte', 'src-main/shared/api.ts', 'src-renderer', 'src-main/shared', 'src-main']) t.at(f, 1_000_000);
      expect(staleReason(t.dir)).toBeNull();
      t.at('src-main/shared/api.ts', 3_000_000);
      expect(staleReason(t.dir)).toBe('out/ is older than its sources');
      expect(statSync(join(t.dir, 'out/main/index.js')).mtimeMs).toBe(2_000_000_000);
    } finally {
      t.cleanup();
    }
  });
});
