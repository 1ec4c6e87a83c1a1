// Where the app keeps its own files (recent cases, the sample case): $FWLENS_DATA_DIR, else the
// XDG data dir; and the bundled sample imported there on first use so the app shows data at once.
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CaseDb } from '../db/case-db.ts';
import { discoverFiles } from '../import/discover.ts';
import { importSource } from '../import/import-source.ts';
import { enrichOffline } from '../enrich/enrich-offline.ts';
import { importRuleset } from '../ruleset/ruleset-import.ts';

export const SAMPLE_DIR = resolve(import.meta.dirname, '../../resources/sample');
/** The ruleset in force on the sample's gateway, loaded with it so Traces and Replay have one. */
export const SAMPLE_RULESET = resolve(import.meta.dirname, '../../resources/sample-ruleset/fw1.rules');

export function dataDir(env = process.env): string {
  const dir = env.FWLENS_DATA_DIR || join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'fwlens');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The sample case's path, importing the bundled sample into it when it holds nothing yet. */
export async function ensureSampleCase(dir = dataDir(), sampleDir = SAMPLE_DIR): Promise<string> {
  const path = join(dir, 'sample.duckdb');
  if (!existsSync(sampleDir)) throw new Error(`the bundled sample is missing (${sampleDir})`);
  const db = await CaseDb.open(path, { create: true });
  try {
    // Re-importing the same bytes is a no-op, so this is cheap once done.
    for (const f of discoverFiles([sampleDir])) await importSource(db, f);
    if (sampleDir === SAMPLE_DIR && existsSync(SAMPLE_RULESET)) await importRuleset(db, SAMPLE_RULESET);
    await enrichOffline(db);
  } finally {
    db.close();
  }
  return path;
}
