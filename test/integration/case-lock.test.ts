// One process has a case at a time. A command run while another process is letting go of the case
// (`fwlens serve` stopping, the app quitting) waits for it; one run while the case is in use says so.
import { describe, it, expect, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fwlensResult, ROOT, tempDir } from '../helpers.ts';

const t = tempDir();
afterAll(() => t.cleanup());

/** `fwlens serve CASE` in a child process, once it serves (the case is open then). */
async function serve(kase: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'serve', kase, '--port', '0'], {
    env: { ...process.env, FWLENS_DATA_DIR: join(t.dir, 'data') }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (/at http/.test(out)) ok(); });
    child.on('exit', (code) => fail(new Error(`serve ended (${code}): ${out}`)));
  });
  return child;
}

describe('a case held by another process', () => {
  it('is refused while another process has it open, naming the reason', async () => {
    const kase = join(t.dir, 'case.duckdb');
    expect(fwlensResult('import', kase, join(ROOT, 'test/fixtures/visual/flows-small.log'), '--quiet').code).toBe(0);
    const child = await serve(kase);
    try {
      const busy = fwlensResult('query', kase, 'SELECT count(*) AS n FROM events', '--json');
      expect(busy.code).toBe(1);
      expect(busy.err).toMatch(/the case is open in another fwlens process/);
    } finally {
      const gone = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await gone;
    }
  });

  it('is read once the process holding it lets go, when that is within a few seconds', async () => {
    const kase = join(t.dir, 'held.duckdb');
    expect(fwlensResult('import', kase, join(ROOT, 'test/fixtures/visual/flows-small.log'), '--quiet').code).toBe(0);
    // Another process has the case open (DuckDB's own lock), then closes it after a second.
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      const i = await DuckDBInstance.create(process.argv[1]);
      console.log('open');
      setTimeout(() => { i.closeSync(); console.log('closed'); }, 1000);
    `, kase], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let said = '';
    await new Promise<void>((ok) => holder.stdout!.on('data', (d: Buffer) => { said += d.toString(); if (said.includes('open')) ok(); }));
    const r = await new Promise<{ code: number | null; out: string; err: string }>((ok) => {
      const q = spawn(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'query', kase, 'SELECT count(*) AS n FROM events', '--json']);
      let out = '', err = '';
      q.stdout.on('data', (d: Buffer) => (out += d.toString()));
      q.stderr.on('data', (d: Buffer) => (err += d.toString()));
      q.on('exit', (code) => ok({ code, out, err }));
    });
    await new Promise((ok) => (holder.exitCode !== null ? ok(null) : holder.once('exit', ok)));
    // The query started while the case was held (the holder said so only after it closed).
    expect(said).toMatch(/open\s+closed/);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)[0].n).toBeGreaterThan(0);
  });
});
