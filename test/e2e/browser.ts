// Playwright in Debian's Chromium against browser mode: a fresh case and server per journey, and a
// screenshot of each journey's end under test-output/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, tempDir } from '../helpers.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const hasBuild = existsSync(join(ROOT, 'out/renderer/index.html'));
export const SHOTS = join(ROOT, 'test-output/screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Served {
  url: string;
  port: number;
  token: string;
  casePath: string;
  dir: string;
  /** Stops the server (the case file stays, for checks with the CLI). */
  stop(): Promise<void>;
  /** Stops it if running and removes the temp folder. */
  close(): Promise<void>;
}

/**
 * A server on a fresh case in a temp folder, optionally with the sample and other files imported
 * (year-less stamps read as 2024 UTC) and rulesets (`fwlens ruleset import`) loaded.
 */
export async function serveFreshCase(opts: { sample?: boolean; files?: string[]; rulesets?: string[] } = {}): Promise<Served> {
  const { startServer } = await import('../../src-main/server/server.ts');
  const t = tempDir();
  const casePath = join(t.dir, 'case.duckdb');
  if (opts.sample || opts.files?.length || opts.rulesets?.length) {
    const { CaseDb } = await import('../../src-main/db/case-db.ts');
    const { importSource } = await import('../../src-main/import/import-source.ts');
    const { discoverFiles } = await import('../../src-main/import/discover.ts');
    const { enrichOffline } = await import('../../src-main/enrich/enrich-offline.ts');
    const { importRuleset } = await import('../../src-main/ruleset/ruleset-import.ts');
    const db = await CaseDb.open(casePath, { create: true });
    if (opts.sample) for (const f of discoverFiles([join(ROOT, 'resources/sample')])) await importSource(db, f);
    for (const f of opts.files ?? []) await importSource(db, f, { tz: 'UTC', year: 2024 });
    for (const f of opts.rulesets ?? []) await importRuleset(db, f);
    await enrichOffline(db);
    db.close();
  }
  const s = await startServer({ casePath, port: 0, create: true, dataDir: t.dir });
  let running = true;
  const stop = async () => {
    if (running) await s.close();
    running = false;
  };
  return { ...s, casePath, dir: t.dir, stop, close: async () => { await stop(); t.cleanup(); } };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}
