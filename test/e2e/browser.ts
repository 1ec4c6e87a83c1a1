// Playwright in Debian's Chromium against browser mode: a fresh case and server per journey, and a
// screenshot of each journey's end under test-output/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, tempDir } from '../helpers.ts';
import { CHROMIUM_PATH, NEEDS, requires } from '../requires.ts';

export const CHROMIUM = CHROMIUM_PATH ?? '/usr/bin/chromium';
/** `it` for a journey: needs Debian's chromium and the built renderer. */
export const journey = requires(NEEDS.chromium, NEEDS.build);
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
  /** Where the server keeps uploads until their import. */
  uploadDir: string;
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

/** Why journeys are skipped on this machine, or null when they can run. */
export const skipReason = journey.reason;

/**
 * One browser for a test file and one fresh server per journey (closed after it): registers the
 * vitest hooks and returns `open`, plus the journey's server while it runs.
 */
export function browserSession(hooks: { beforeAll: (f: () => Promise<void>) => void; afterAll: (f: () => Promise<void>) => void; afterEach: (f: () => Promise<void>) => void }) {
  let browser: Browser | null = null;
  let served: Served | null = null;
  hooks.beforeAll(async () => {
    if (!skipReason) browser = await launch();
  });
  hooks.afterAll(async () => {
    await browser?.close();
  });
  hooks.afterEach(async () => {
    await served?.close();
    served = null;
  });
  return {
    get served(): Served {
      if (!served) throw new Error('no journey server running');
      return served;
    },
    /**
     * Serves a fresh case, opens the app in a new page, waits for it to be ready and goes to `view`
     * (Explore by default; null stays where the app opens: the Overview).
     */
    async open(opts: Parameters<typeof serveFreshCase>[0] = {}, viewport = { width: 1280, height: 800 }, view: string | null = 'explore'): Promise<Page> {
      served = await serveFreshCase(opts);
      const page = await browser!.newPage({ viewport, acceptDownloads: true });
      await page.goto(served.url);
      await page.getByTestId('nav-explore').waitFor();
      if (view) await page.getByTestId(`nav-${view}`).click();
      return page;
    },
    /** A server without a page (for journeys that drive their own). */
    async serve(opts: Parameters<typeof serveFreshCase>[0] = {}): Promise<Served> {
      served = await serveFreshCase(opts);
      return served;
    },
    browser: () => browser!,
  };
}

/** Goes to the SQL view, replaces the editor's text with `sql` and runs it (Ctrl/Cmd+Enter). */
export async function runSql(page: Page, sql: string): Promise<void> {
  await page.getByTestId('nav-sql').click();
  await page.getByTestId('sql-input').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(sql);
  await page.keyboard.press('ControlOrMeta+Enter');
}
