// The process's private scratch folder (owner-only): import spool files, exports waiting for download,
// uploads and DuckDB's spill files live under it, and it is removed when the process ends.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string | null = null;

/** Evidence and what is derived from it are readable by the owner only (cases, WAL, exports, scripts). */
export function ownerOnlyFiles(): void {
  process.umask(0o077);
}

/** The folder, created on first use (0700) and removed at exit. */
export function workDir(): string {
  if (dir === null) {
    dir = mkdtempSync(join(tmpdir(), `fwlens-${process.pid}-`));
    process.once('exit', removeWorkDir);
  }
  return dir;
}

/** A fresh sub-folder of the work folder (0700). */
export function workSubdir(prefix: string): string {
  const base = workDir();
  mkdirSync(base, { recursive: true, mode: 0o700 });
  return mkdtempSync(join(base, prefix));
}

export function removeWorkDir(): void {
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
}
