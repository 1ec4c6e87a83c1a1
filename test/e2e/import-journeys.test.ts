// Import journeys in Chromium against browser mode: an upload keeps its file's date (the year of "Mar 14"),
// the Year and Time zone fields, rejects grouped by reason, a duplicate found before upload, re-import after a
// cancel, and the bundled sample's banner and the question before importing into it.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, tempDir } from '../helpers.ts';
import { discoverFiles } from '../../src-main/import/discover.ts';
import { browserSession, journey as it, shot } from './browser.ts';
import { writeSynthDay } from '../../src-main/gen/write-synth.ts';
import { startServer } from '../../src-main/server/server.ts';
import { BROKEN, inYear, writeYearLessLog } from '../year-less-log.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });
const JUNE_2024 = new Date(Date.UTC(2024, 5, 1, 12));

async function toImport(page: Page): Promise<void> {
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-options').waitFor();
}

describe('import journeys in the browser', () => {
  it('uploads a file dated 2024-06-01 whose "Mar 14" lines become 2024-03-14 events, then skips it as a duplicate before uploading', async () => {
    const page = await session.open({}, { width: 1440, height: 900 }, null);
    const file = join(session.served.dir, 'fw1-kern.log');
    const { days, good } = writeYearLessLog(file, 400, JUNE_2024);
    await toImport(page);
    await page.getByTestId('import-tz').fill('UTC');
    await page.getByTestId('import-files').setInputFiles([file]);
    // Before the import: the year the file's date gives, per file.
    await expect.poll(() => page.getByTestId('upload-year').first().innerText()).toMatch(/^2024 \(file date 2024-06-01/);
    const row = page.getByTestId('import-summary').getByTestId('import-summary-row').first();
    await row.waitFor({ timeout: 60_000 });
    const text = await row.innerText();
    expect(text).toContain('fw1-kern.log');
    expect(text).toContain(String(good));
    expect(await row.getByTestId('import-summary-span').innerText()).toContain(`${inYear(days, 2024)[0]} `);
    expect(await row.getByTestId('import-summary-basis').innerText()).toBe('year from file date 2024-06-01 · zone UTC');
    await shot(page, 'import-mtime-1440');
    await page.setViewportSize({ width: 1024, height: 700 });
    await shot(page, 'import-mtime-1024');
    // The same bytes again: found by their sha256 in the page, never sent.
    await page.getByTestId('import-files').setInputFiles([file]);
    await expect.poll(() => page.getByTestId('upload-state').first().innerText()).toMatch(/already source \d+: not sent/);
    await expect.poll(() => page.getByTestId('import-summary-row').first().innerText()).toMatch(/duplicate.*not uploaded/s);
    expect(await page.getByTestId('case-sources-row').count()).toBe(1);
  });

  it('reads a given year and zone, kept with the case, and refuses a year that is not one', async () => {
    const page = await session.open({}, { width: 1440, height: 900 }, null);
    const file = join(session.served.dir, 'old.log');
    const { days } = writeYearLessLog(file, 100, JUNE_2024);
    await toImport(page);
    await page.getByTestId('import-year').fill('24');
    await expect.poll(() => page.getByTestId('import-options-hint').innerText()).toMatch(/a year from 1970 to 2200/);
    expect(await page.getByTestId('import-files').isDisabled()).toBe(true);
    await page.getByTestId('import-year').fill('2022');
    await page.getByTestId('import-tz').fill('UTC');
    await page.getByTestId('import-tz').press('Tab');
    await expect.poll(() => page.getByTestId('import-options-hint').innerText()).toMatch(/read as 2022.*in UTC/);
    // Kept in the case: a reload (another browser, the same case) finds them.
    await expect.poll(async () => { await page.reload(); await toImport(page); return page.getByTestId('import-year').inputValue(); }, { timeout: 10_000 }).toBe('2022');
    await page.getByTestId('import-files').setInputFiles([file]);
    const row = page.getByTestId('import-summary-row').first();
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getByTestId('import-summary-basis').innerText()).toBe('year 2022 (given) · zone UTC');
    expect(await row.getByTestId('import-summary-span').innerText()).toContain(`${inYear(days, 2022)[0]} `);
    await shot(page, 'import-year-tz');
  });

  it('lists rejected lines grouped by reason with counts, each group opening on its lines', async () => {
    const page = await session.open({}, { width: 1440, height: 900 }, null);
    const file = join(session.served.dir, 'broken.log');
    writeYearLessLog(file, 50, JUNE_2024);
    await toImport(page);
    await page.getByTestId('import-files').setInputFiles([file]);
    await page.getByTestId('import-summary-row').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('import-summary').getByTestId('show-rejects').click();
    const groups = page.getByTestId('reject-group');
    await groups.first().waitFor();
    const counts = (await page.getByTestId('reject-groups').locator('summary .n').allInnerTexts()).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(BROKEN.length);
    // Closed until opened: no line shows before.
    expect(await page.getByTestId('reject-row').filter({ visible: true }).count()).toBe(0);
    await groups.first().locator('summary').click();
    await expect.poll(() => groups.first().getByTestId('reject-row').filter({ visible: true }).count()).toBe(counts[0]);
    await shot(page, 'import-reject-groups');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'import-reject-groups-dark');
  });

  it('a cancelled import says what it kept, and the same file then imports', async () => {
    const page = await session.open({}, { width: 1440, height: 900 }, null);
    const big = join(session.served.dir, 'big.log');
    await writeSynthDay(big, { lines: 250_000, seed: 5, stamp: 'iso' });
    await toImport(page);
    await page.getByTestId('import-files').setInputFiles([big]);
    await page.getByTestId('import-progress').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('import-cancel').first().click();
    await expect.poll(() => page.getByTestId('import-notice').innerText(), { timeout: 60_000 }).toMatch(/Import cancelled: the case is unchanged/);
    expect(await page.getByTestId('case-sources-row').count()).toBe(0);
    await shot(page, 'import-cancelled');
    await page.getByTestId('import-files').setInputFiles([big]);
    const row = page.getByTestId('import-summary-row').first();
    await expect.poll(() => row.innerText(), { timeout: 120_000 }).toMatch(/big\.log.*\bok\b/s);
    expect(await page.getByTestId('case-sources-row').count()).toBe(1);
  });

  it('says when the open case is the bundled sample, asks before importing into it, and creates a case by name', async () => {
    const t = tempDir();
    // No case given and none recent: the server opens (and on this first start imports) the sample.
    const s = await startServer({ port: 0, dataDir: t.dir });
    const page = await session.browser().newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(s.url);
      await page.getByTestId('sample-banner').waitFor();
      const file = join(t.dir, 'mine.log');
      writeYearLessLog(file, 20, JUNE_2024);
      await toImport(page);
      const sampleFiles = discoverFiles([join(ROOT, 'resources/sample')]).length;
      await expect.poll(() => page.getByTestId('case-sources-row').count(), { timeout: 20_000 }).toBe(sampleFiles);
      await page.getByTestId('import-files').setInputFiles([file]);
      await page.getByTestId('sample-confirm').waitFor();
      await shot(page, 'sample-confirm-1440');
      await page.emulateMedia({ colorScheme: 'dark' });
      await shot(page, 'sample-confirm-dark');
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize({ width: 1024, height: 700 });
      await shot(page, 'sample-confirm-1024');
      await page.getByTestId('sample-cancel').click();
      expect(await page.getByTestId('upload-list').count()).toBe(0);
      await page.getByTestId('import-files').setInputFiles([file]);
      await page.getByTestId('sample-import-anyway').click();
      await expect.poll(() => page.getByTestId('case-sources-row').count(), { timeout: 60_000 }).toBe(sampleFiles + 1);
      // A case of one's own, by name: the banner goes.
      await page.getByTestId('sample-banner-new').click();
      await page.getByTestId('new-case-name').fill('../escape');
      expect(await page.getByTestId('new-case-create').isDisabled()).toBe(true);
      await page.getByTestId('new-case-name').fill('incident-42');
      await expect.poll(() => page.getByTestId('new-case-file').innerText()).toBe(join(t.dir, 'cases', 'incident-42.duckdb'));
      await shot(page, 'new-case');
      await page.getByTestId('new-case-create').click();
      await page.getByTestId('import-options').waitFor();
      await expect.poll(() => page.getByTestId('sample-banner').count()).toBe(0);
      expect(s.service.casePath).toBe(join(t.dir, 'cases', 'incident-42.duckdb'));
    } finally {
      await page.close();
      await s.close();
      t.cleanup();
    }
  });
});
