// `fwlens serve` on a first start: it says what it does while the bundled sample imports (a line per
// phase, with counts), the open case is known as the sample, and a second start goes straight to serving.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers.ts';
import { discoverFiles } from '../../src-main/import/discover.ts';

let t: ReturnType<typeof tempDir>;
beforeAll(() => {
  t = tempDir();
});
afterAll(() => t?.cleanup());

/** Runs `fwlens serve` until it prints its URL, then stops it: the lines it printed before. */
function serveUntilReady(dataDir: string): Promise<{ lines: string[]; url: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'serve', '--port', '0'], {
      env: { ...process.env, FWLENS_DATA_DIR: dataDir, XDG_DATA_HOME: dataDir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving .* at (http\S+)/.exec(out);
      if (m) {
        child.kill('SIGTERM');
        ok({ lines: out.trim().split('\n'), url: m[1]! });
      }
    });
    child.on('exit', (code) => fail(new Error(`serve exited (${code}) before it was ready:\n${out}\n${err}`)));
  });
}

describe('fwlens serve on a first start', () => {
  it('prints a line per phase of the sample import with its counts, and nothing of it once the sample exists', async () => {
    const data = join(t.dir, 'data');
    const first = await serveUntilReady(data);
    const files = discoverFiles([join(ROOT, 'resources/sample')]);
    expect(first.lines[0]).toMatch(/first start: importing the bundled sample into .*sample\.duckdb/);
    files.forEach((f, i) => {
      const name = f.split('/').at(-1)!;
      expect(first.lines.some((l) => new RegExp(`${i + 1}/${files.length} ${name.replace(/\./g, '\\.')}: [\\d,]+ lines, [\\d,]+ events, [\\d,]+ rejects`).test(l)), name).toBe(true);
    });
    expect(first.lines.some((l) => /ruleset: \d+ rules/.test(l))).toBe(true);
    expect(first.lines.some((l) => /[\d,]+ addresses enriched; the sample is ready/.test(l))).toBe(true);
    expect(first.lines.at(-1)).toMatch(/serving .*sample\.duckdb at http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const second = await serveUntilReady(data);
    expect(second.lines).toHaveLength(1);
  });
});
