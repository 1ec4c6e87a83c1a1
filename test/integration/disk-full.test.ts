// A full disk during an import (issue 12, item 10): on a real, small tmpfs, the import of several
// files names the file that failed and the disk, says what stays committed, and leaves a case that
// opens with exactly the files it reported. Without a mount of our own, the batch writer's error is
// checked on /dev/full, a real device that fails every write with ENOSPC.
import { describe, it, expect } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TsvSpool } from '../../src-main/import/tsv-spool.ts';
import { importFailure } from '../../src-main/import/import-outcome.ts';
import { OWN, ROOT } from '../helpers.ts';
import { t } from '../fresh-case.ts';
import { requires, type Need } from '../requires.ts';

/** How to get a private mount namespace here: as root, or through a user namespace. */
function namespaceCommand(): string[] | null {
  for (const cmd of [['unshare', '-m', '--propagation', 'private'], ['unshare', '-rm', '--propagation', 'private']]) {
    const d = mkdtempSync(join(tmpdir(), 'fwlens-probe-'));
    const r = spawnSync(cmd[0], [...cmd.slice(1), 'sh', '-c', `mount -t tmpfs -o size=1m tmpfs '${d}'`]);
    rmSync(d, { recursive: true, force: true });
    if (r.status === 0) return cmd;
  }
  return null;
}
const NS = namespaceCommand();
const tmpfs: Need = {
  what: 'a tmpfs of our own (`unshare -m` as root, or `unshare -rm` with user namespaces)',
  fix: 'run the tests as root, as CI does',
  present: () => NS !== null,
};
const tmpfsIt = requires(tmpfs);

const good = readFileSync(join(OWN, 'drop-input.log'), 'utf8').split('\n').filter(Boolean);

/** n netfilter lines, each different (so DuckDB cannot compress them away). */
function logLines(n: number, seed: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(good[i % good.length].replace(/ ID=\d+/, ` ID=${(i * 7 + seed) % 65536}`).replace(/SRC=[\d.]+/, `SRC=10.${seed}.${(i >> 8) & 255}.${i & 255}`));
  }
  return out.join('\n') + '\n';
}

/** Runs `script` (sh) in a private mount namespace with $M, $T, $FW (the fwlens command) and $IN set. */
function inNamespace(script: string, env: Record<string, string>) {
  return spawnSync(NS![0], [...NS!.slice(1), 'sh', '-c', script], {
    encoding: 'utf8', timeout: 120_000,
    // tsx caches compiled files under TMPDIR: off, so only fwlens writes there.
    env: { ...process.env, ...env, FW: `${process.execPath} ${join(ROOT, 'bin/fwlens.js')}`, TSX_DISABLE_CACHE: '1' },
  });
}

function inputs(): string {
  const dir = join(t.dir, 'in');
  mkdirSync(dir);
  writeFileSync(join(dir, 'a.log'), logLines(50, 1));
  writeFileSync(join(dir, 'b.log'), logLines(60, 2));
  writeFileSync(join(dir, 'c.log'), logLines(120_000, 3));
  writeFileSync(join(dir, 'd.log'), logLines(70, 4));
  return dir;
}

/** Every file is either reported imported (stdout) or named in an error (stderr), never both or neither. */
function accounted(out: string, err: string): { imported: string[]; committed: string[]; failed: string[] } {
  const names = ['a.log', 'b.log', 'c.log', 'd.log'];
  const imported = names.filter((n) => new RegExp(`/${n}: netfilter-log, `).test(out));
  const committed = names.filter((n) => new RegExp(`/${n}: imported and committed`).test(err));
  const failed = names.filter((n) => new RegExp(`/${n}: not imported: `).test(err));
  expect([...imported, ...committed, ...failed].sort()).toEqual(names);
  return { imported, committed, failed };
}

describe('a full disk', () => {
  tmpfsIt('the case disk fills up: the failing file and the disk are named, the case opens with what was reported', () => {
    const dir = inputs();
    const m = join(t.dir, 'mnt');
    mkdirSync(m);
    // The tmpfs is sized from a trial run: room for a.log and b.log, not for c.log.
    const r = inNamespace(`
      mount -t tmpfs -o size=64m tmpfs "$M" || exit 90
      $FW import "$M/trial.duckdb" "$IN/a.log" "$IN/b.log" --no-enrich > /dev/null || exit 91
      used=$(du -sk "$M" | cut -f1); rm -f "$M"/trial.*
      mount -o remount,size=$((used + 768))k "$M" || exit 92
      $FW import "$M/case.duckdb" "$IN/a.log" "$IN/b.log" "$IN/c.log" "$IN/d.log" --no-enrich > "$T/out" 2> "$T/err"
      echo $? > "$T/code"
      mount -o remount,size=64m "$M"
      $FW query "$M/case.duckdb" "SELECT name FROM sources ORDER BY id" --json > "$T/sources.json" 2>> "$T/err"
    `, { M: m, T: t.dir, IN: dir });
    expect(r.status, r.stderr).toBe(0);
    const out = readFileSync(join(t.dir, 'out'), 'utf8');
    const err = readFileSync(join(t.dir, 'err'), 'utf8');
    expect(readFileSync(join(t.dir, 'code'), 'utf8').trim()).toBe('1');
    const { imported, committed, failed } = accounted(out, err);
    expect(imported.slice(0, 2)).toEqual(['a.log', 'b.log']);
    // c.log fails on the disk, or is committed and then cannot be written out: either way it says so.
    const cLine = err.split('\n').find((l) => l.includes('/c.log: '))!;
    expect(cLine).toMatch(new RegExp(`the disk is full: the filesystem mounted at ${m} \\(tmpfs, [\\d.]+ MiB\\) has no space left \\(writing ${m}/case\\.duckdb`));
    if (failed.includes('c.log')) expect(cLine).toMatch(/nothing of this file is in the case, and the 2 sources committed before it stay in the case \(the last: b\.log\)/);
    // The case opens again, with exactly the files reported as in it.
    const sources = JSON.parse(readFileSync(join(t.dir, 'sources.json'), 'utf8')).map((s: { name: string }) => s.name);
    expect(sources).toEqual([...imported, ...committed].sort());
  });

  tmpfsIt('the disk of the batch files fills up: that file fails with its disk named, the others import', () => {
    const dir = inputs();
    const tmp = join(t.dir, 'tmp');
    mkdirSync(tmp);
    const c = join(t.dir, 'cli.duckdb');
    const r = inNamespace(`
      mount -t tmpfs -o size=2m tmpfs "$TMPDIR" || exit 90
      $FW import "$C" "$IN/a.log" "$IN/b.log" "$IN/c.log" "$IN/d.log" --no-enrich > "$T/out" 2> "$T/err"
      echo $? > "$T/code"
    `, { TMPDIR: tmp, C: c, T: t.dir, IN: dir });
    expect(r.status, r.stderr).toBe(0);
    const out = readFileSync(join(t.dir, 'out'), 'utf8');
    const err = readFileSync(join(t.dir, 'err'), 'utf8');
    expect(readFileSync(join(t.dir, 'code'), 'utf8').trim()).toBe('1');
    expect(accounted(out, err)).toEqual({ imported: ['a.log', 'b.log', 'd.log'], committed: [], failed: ['c.log'] });
    expect(err).toMatch(new RegExp(`/c\\.log: not imported: the disk is full: the filesystem mounted at ${tmp} \\(tmpfs, 2\\.0 MiB\\) has no space left \\(writing ${tmp}/fwlens-\\d+-\\w+/import-\\w+/events-0\\.tsv\\); nothing of this file is in the case, and the 2 sources committed before it stay in the case \\(the last: b\\.log\\)`));
    const q = spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'query', c, 'SELECT name, events FROM sources ORDER BY id', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(q.stdout)).toEqual([{ name: 'a.log', events: 50 }, { name: 'b.log', events: 60 }, { name: 'd.log', events: 70 }]);
  });

  it('a process that dies after its first import into a new case leaves a case that opens', () => {
    // This DuckDB cannot replay the case's own schema from its log (an ALTER of a table with a
    // nextval() default): before anything is imported, it is written into the case file.
    const c = join(t.dir, 'crash.duckdb');
    const f = join(t.dir, 'one.log');
    writeFileSync(f, logLines(20, 9));
    const script = join(t.dir, 'crash.mts');
    writeFileSync(script, `import { CaseDb } from '${ROOT}/src-main/db/case-db.ts';
      import { importSource } from '${ROOT}/src-main/import/import-source.ts';
      const db = await CaseDb.open(${JSON.stringify(c)}, { create: true });
      await importSource(db, ${JSON.stringify(f)});
      process.exit(0); // no close: as a crash or a kill`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const q = spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'query', c, 'SELECT name, events FROM sources', '--json'], { encoding: 'utf8' });
    expect(q.status, q.stderr).toBe(0);
    expect(JSON.parse(q.stdout)).toEqual([{ name: 'one.log', events: 20 }]);
  });

  it.skipIf(!existsSync('/dev/full'))('without a mount: a batch write on /dev/full fails with ENOSPC, and the error names the file and what is kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fwlens-full-'));
    try {
      symlinkSync('/dev/full', join(dir, 'events-0.tsv'));
      const spool = new TsvSpool(dir, 'events', true);
      spool.add('1\tx\n');
      let caught: unknown;
      try {
        spool.takeAll();
      } catch (e) {
        caught = e;
      }
      expect((caught as NodeJS.ErrnoException).code).toBe('ENOSPC');
      const e = importFailure(caught, '/logs/c.log', join(dir, 'case.duckdb'), { sources: 2, last: 'b.log' });
      expect(e.message).toMatch(new RegExp(`^/logs/c\\.log: not imported: the disk is full: .* has no space left \\(writing ${dir}/events-0\\.tsv\\); nothing of this file is in the case, and the 2 sources committed before it stay in the case \\(the last: b\\.log\\)$`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
