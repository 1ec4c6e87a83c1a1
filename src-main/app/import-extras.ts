// Owns the import view's smaller questions to the core: is this file already a source (by sha256),
// a source's rejects grouped by reason, and where a case named in the app goes under the data folder.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RejectGroup } from '../shared/api.ts';
import { rejectGroupRows } from '../db/rejects.ts';
import { sourceBySha } from '../db/sources.ts';
import type { ServiceContext } from './context.ts';
import { AppError, num } from './result.ts';
import * as v from './validate.ts';

const EXAMPLES = 20;

export function findBySha(ctx: ServiceContext, sha256: unknown): Promise<{ id: number; name: string } | null> {
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('BAD_ARGUMENT', 'sha256 must be 64 lower-case hex digits');
  return ctx.side((r) => sourceBySha(r, sha256));
}

export async function rejectGroups(ctx: ServiceContext, sourceId: unknown): Promise<RejectGroup[]> {
  const id = v.int(sourceId, 'sourceId', 0, 2 ** 31 - 1);
  const { groups, lines } = await ctx.side((r) => rejectGroupRows(r, id, EXAMPLES));
  const byReason = new Map<string, RejectGroup>(groups.map((g) => [String(g.reason), { reason: String(g.reason), count: num(g.n), examples: [] }]));
  for (const l of lines) {
    byReason.get(String(l.reason))?.examples.push({ sourceId: num(l.source_id), lineNo: num(l.line_no), byteOff: num(l.byte_off), reason: String(l.reason), line: String(l.line ?? '') });
  }
  return [...byReason.values()];
}

/** The folder cases named in the app are created in. */
export function casesDir(dataDir: string): string {
  return join(dataDir, 'cases');
}

/**
 * The file for a new case called `name`: a plain name (no folders), so a page in browser mode cannot
 * make the server write anywhere but its own data folder; an existing case is refused, not reopened.
 */
export function newCaseFile(dataDir: string, name: unknown): string {
  const n = v.str(name, 'name', 80).trim().replace(/\.duckdb$/i, '');
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(n)) {
    throw new AppError('BAD_ARGUMENT', 'a case name is letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit');
  }
  const dir = casesDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${n}.duckdb`);
  if (existsSync(file)) throw new AppError('BAD_ARGUMENT', `a case named "${n}" exists already (${file}): open it from Recent cases, or pick another name`);
  return file;
}
