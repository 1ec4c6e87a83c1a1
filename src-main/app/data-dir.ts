// Where the app keeps its own files (recent cases, the sample case): $FWLENS_DATA_DIR, else the
// XDG data dir; and the bundled sample imported there on first use so the app shows data at once.
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
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

/** The sample case's file under the data folder: the app says so when it is the open case. */
export function samplePath(dir: string): string {
  return join(dir, 'sample.duckdb');
}

/**
 * The sample case's path, importing the bundled sample into it when it holds nothing yet. `say` hears a
 * line per phase with its counts: a first start spends seconds here before anything else can answer.
 */
export async function ensureSampleCase(dir = dataDir(), sampleDir = SAMPLE_DIR, say?: (line: string) => void): Promise<string> {
  const path = samplePath(dir);
  if (!existsSync(sampleDir)) throw new Error(`the bundled sample is missing (${sampleDir})`);
  const fresh = !existsSync(path);
  if (fresh) say?.(`fwlens: first start: importing the bundled sample into ${path}`);
  const db = await CaseDb.open(path, { create: true });
  try {
    // Re-importing the same bytes is a no-op, so this is cheap once done.
    const files = discoverFiles([sampleDir]);
    let added = 0;
    for (const [i, f] of files.entries()) {
      const r = await importSource(db, f);
      if (r.outcome !== 'imported') continue;
      added++;
      say?.(`fwlens:   ${i + 1}/${files.length} ${basename(f)}: ${r.lines.toLocaleString('en-US')} ${r.unit}s, ${r.events.toLocaleString('en-US')} events, ${r.rejects.toLocaleString('en-US')} rejects (${(r.elapsedMs / 1000).toFixed(1)} s)`);
    }
    if (sampleDir === SAMPLE_DIR && existsSync(SAMPLE_RULESET)) {
      const r = await importRuleset(db, SAMPLE_RULESET);
      if (r.added) say?.(`fwlens:   the sample gateway's ruleset: ${r.rules} rules (${r.format})`);
    }
    if (added > 0) say?.('fwlens:   adding scope, country and network owner to the addresses…');
    const e = await enrichOffline(db);
    if (added > 0) say?.(`fwlens:   ${e.addresses.toLocaleString('en-US')} addresses enriched; the sample is ready`);
  } finally {
    db.close();
  }
  return path;
}
