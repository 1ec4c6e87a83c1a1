// A fresh case file for every test of the importing file: `t` (its temp folder) and `db`, exported as
// live bindings, with the hooks that create and remove them.
import { beforeEach, afterEach } from 'vitest';
import { join } from 'node:path';
import { CaseDb } from '../src-main/db/case-db.ts';
import { tempDir, freshCase } from './helpers.ts';

export let t: ReturnType<typeof tempDir>;
export let db: CaseDb;
let open = false;

beforeEach(async () => {
  t = tempDir();
  db = await freshCase(t.dir);
  open = true;
});
afterEach(() => {
  releaseCase();
  t.cleanup();
});

/** Closes the case, so another process (the CLI under test) can open the file. */
export function releaseCase(): void {
  if (open) db.close();
  open = false;
}

/** Opens the file at `path` as `db`, closing the current case first (closed again after the test). */
export async function reopenCase(path = join(t.dir, 'case.duckdb')): Promise<CaseDb> {
  releaseCase();
  db = await CaseDb.open(path);
  open = true;
  return db;
}
