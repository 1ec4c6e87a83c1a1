// Test helpers: temp folders, the in-repo fixture paths, and a case opened on a fresh DuckDB file.
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { CaseDb } from '../src-main/db/case-db.ts';
import type { ImportResult } from '../src-main/import/import-source.ts';

export const ROOT = resolve(import.meta.dirname, '..');
/** Third-party fixtures that may be shipped (origins and licences in its SOURCES.md). */
export const THIRD_PARTY = join(ROOT, 'test/fixtures/third-party');
/** Fixtures written for fwlens (see its README.md). */
export const OWN = join(ROOT, 'test/fixtures/own');

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fwlens-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freshCase(dir: string, name = 'case.duckdb'): Promise<CaseDb> {
  return CaseDb.open(join(dir, name), { create: true });
}

export async function scalar<T = unknown>(db: CaseDb, sql: string, params?: Parameters<CaseDb['all']>[1]): Promise<T> {
  const rows = await db.all(sql, params);
  return Object.values(rows[0])[0] as T;
}

/** Runs the `fwlens` command as a user would (a child process), with its exit status and output. */
export function runFwlens(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
}

/** The same, as the exit code and the two outputs. */
export function fwlensResult(...args: string[]): { code: number | null; out: string; err: string } {
  const r = runFwlens(...args);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * An import's counts add up: lines = events + rejects + skipped + blank, as many lines as the file has, and as
 * many rows, rejects and skipped lines (per program) in the case. Answers whether the file was imported (not a duplicate).
 */
export async function expectReconciled(db: CaseDb, file: string, name: string, r: ImportResult): Promise<boolean> {
  expect(r.lines, name).toBe(r.events + r.rejects + r.skipped + r.blank);
  if (r.outcome !== 'imported') return false;
  if (r.unit === 'line') {
    const physical = readFileSync(file).toString('latin1').split('\n');
    if (physical[physical.length - 1] === '') physical.pop();
    expect(r.lines, name).toBe(physical.length);
  }
  if (r.table !== 'pcap_flows') expect(await scalar(db, `SELECT count(*)::INTEGER FROM ${r.table} WHERE source_id = $1`, [r.sourceId]), name).toBe(r.events);
  expect(await scalar(db, 'SELECT count(*)::INTEGER FROM rejects WHERE source_id = $1', [r.sourceId]), name).toBe(r.rejects);
  expect(await scalar(db, 'SELECT skipped::INTEGER FROM sources WHERE id = $1', [r.sourceId]), name).toBe(r.skipped);
  expect(await scalar(db, 'SELECT coalesce(sum(lines), 0)::INTEGER FROM skipped_programs WHERE source_id = $1', [r.sourceId]), name).toBe(r.skipped);
  return true;
}
