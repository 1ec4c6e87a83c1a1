// Kept UI state written while an import runs: the import's CHECKPOINTs (the first write-out, and the one after
// a big file) and the side connection's small writes take turns, so neither fails and every write is kept.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { writeSynthDay } from '../../src-main/gen/write-synth.ts';
import { CaseDb } from '../../src-main/db/case-db.ts';
import type { FwlensService } from '../../src-main/app/service.ts';
import { tempDir } from '../helpers.ts';
import { serviceOn, value } from '../service-case.ts';

const LINES = 120_000;
let t: ReturnType<typeof tempDir>;
let svc: FwlensService;
let casePath: string;
let log: string;

beforeAll(async () => {
  t = tempDir();
  log = join(t.dir, 'big.log');
  // Over the import's write-out threshold (100,000 rows): it checkpoints after this file too.
  await writeSynthDay(log, { lines: LINES, seed: 5, stamp: 'iso' });
  casePath = join(t.dir, 'case.duckdb');
  (await CaseDb.open(casePath, { create: true })).close();
  svc = await serviceOn(casePath, t.dir);
});
afterAll(() => {
  svc?.close();
  t?.cleanup();
});

describe('UI state written during an import', () => {
  it('keeps every write and the import, with writes going on from before the import starts until after it ends', async () => {
    // A write before the import: the case's log is not empty, so the import writes it out first (a CHECKPOINT).
    value(await svc.setUiState('test.before', { n: 0 }));
    expect(statSync(`${casePath}.wal`).size).toBeGreaterThan(0);
    let importing = true;
    let written = 0;
    const failures: string[] = [];
    const writer = (async () => {
      while (importing) {
        const r = await svc.setUiState(`test.k${written % 7}`, { n: written, pad: 'x'.repeat(200) });
        if (!r.ok) failures.push(`${r.error.code}: ${r.error.message}`);
        written++;
      }
    })();
    const imported = await svc.importPaths([log], 'import-ui-1');
    importing = false;
    await writer;
    expect(imported.ok ? 'ok' : `${imported.error.code}: ${imported.error.message}`).toBe('ok');
    const [summary] = value(imported);
    expect(summary.outcome).toBe('imported');
    expect(summary.lines).toBe(LINES);
    expect(failures).toEqual([]);
    expect(written).toBeGreaterThan(1);
    // Each key holds the last value written to it.
    const last = written - 1;
    expect(value(await svc.uiState(`test.k${last % 7}`))).toEqual({ n: last, pad: 'x'.repeat(200) });
    expect(value(await svc.uiState('test.before'))).toEqual({ n: 0 });
  });
});
