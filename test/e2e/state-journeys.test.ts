// State that lasts, in Debian's Chromium against browser mode: a running import outlives a visit to
// another view, views refresh when the case's data changes, the SQL editor keeps its text, filters are per case.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSession, journey as it, shot } from './browser.ts';
import { writeSynthDay } from '../../src-main/gen/write-synth.ts';
import { CaseDb } from '../../src-main/db/case-db.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });
/** Explore's count is asked apart from its first page and can take seconds on a busy machine. */
const PATIENT = { timeout: 30_000, interval: 250 };

/** "11,975 events · 12 ms" → 11975; -1 while the count line is empty or says something else. */
async function eventCount(page: Page): Promise<number> {
  const m = /^([\d,]+) events/.exec((await page.getByTestId('result-count').innerText()).trim());
  return m ? Number(m[1].replace(/,/g, '')) : -1;
}

async function importByPath(page: Page, path: string): Promise<void> {
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-path').fill(path);
  await page.getByTestId('import-path-go').click();
}

describe('state that lasts', () => {
  it('keeps a running import (progress, Cancel, then its summary) across a visit to Explore, whose grid stays full', async () => {
    const page = await session.open({ sample: true }, { width: 1440, height: 900 }, 'explore');
    await page.getByTestId('grid-row').first().waitFor();
    await expect.poll(() => eventCount(page), PATIENT).toBeGreaterThan(1000);
    const sampleEvents = await eventCount(page);
    // Large enough that the import is still running after two view switches.
    const big = join(session.served.dir, 'big.log');
    await writeSynthDay(big, { lines: 500_000, seed: 7, stamp: 'iso' });

    await importByPath(page, big);
    await page.getByTestId('import-progress').first().waitFor({ timeout: 60_000 });
    const indicator = page.getByTestId('running-import');
    await expect.poll(() => indicator.innerText(), PATIENT).toMatch(/Importing 1 file/);

    // Explore during the import: the case's committed events are there, not an empty grid, and the indicator says what runs.
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('grid-row').first().waitFor();
    expect(await page.getByTestId('grid-row').first().getByTestId('grid-cell').count()).toBeGreaterThan(3);
    expect(await indicator.isVisible()).toBe(true);
    await shot(page, 'state-import-from-explore');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'state-import-from-explore-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Back on Import: the same import's progress and Cancel, not an empty view.
    await indicator.click();
    await page.getByTestId('import-progress').first().waitFor();
    expect(await page.getByTestId('import-cancel').first().isVisible()).toBe(true);
    await shot(page, 'state-import-progress-kept');

    // Away again while it ends: the summary is waiting on return, and Explore counts the new events without re-entering.
    await page.getByTestId('nav-explore').click();
    const summaryRow = page.getByTestId('import-summary-row');
    await expect.poll(() => page.getByTestId('running-work').count(), { timeout: 180_000, interval: 500 }).toBe(0);
    await expect.poll(() => eventCount(page), { timeout: 60_000, interval: 250 }).toBeGreaterThan(sampleEvents + 400_000);
    await shot(page, 'state-explore-refreshed');
    await page.getByTestId('nav-import').click();
    await summaryRow.first().waitFor();
    expect(await page.getByTestId('import-summary').innerText()).toMatch(/big\.log/);
    expect(await page.getByTestId('import-progress').count()).toBe(0);
    await shot(page, 'state-import-summary');
  });

  it('refreshes Explore and the Overview when another page imports into the open case', async () => {
    const watcher = await session.open({}, { width: 1440, height: 900 }, 'explore');
    await expect.poll(() => eventCount(watcher), PATIENT).toBe(0);
    const log = join(session.served.dir, 'day.log');
    await writeSynthDay(log, { lines: 4_000, seed: 11, stamp: 'iso' });

    // A second page (another tab, another person on the same server) imports; the first one only watches.
    const importer = await session.browser().newPage({ viewport: { width: 1024, height: 700 } });
    await importer.goto(session.served.url);
    await importByPath(importer, log);
    await importer.getByTestId('import-summary-row').first().waitFor({ timeout: 60_000 });
    await shot(importer, 'state-import-1024');
    await importer.getByTestId('nav-explore').click();
    await expect.poll(() => eventCount(importer), PATIENT).toBeGreaterThan(3_000);
    const imported = await eventCount(importer);
    await importer.close();

    // The watcher never left Explore: its grid and count follow the import.
    await expect.poll(() => eventCount(watcher), { timeout: 60_000, interval: 250 }).toBe(imported);
    expect(await watcher.getByTestId('grid-row').count()).toBeGreaterThan(0);
    await shot(watcher, 'state-explore-after-other-import');
    await watcher.getByTestId('nav-overview').click();
    await expect.poll(async () => Number((await watcher.getByTestId('overview-events').innerText()).replace(/\D/g, '') || 0), PATIENT).toBe(imported);
  });

  it('keeps the SQL editor text across views and a reload, and searches and pins the history', async () => {
    const page = await session.open({ sample: true }, { width: 1440, height: 900 }, 'sql');
    const editor = page.getByTestId('sql-input');
    const ran = "SELECT dport, count(*) AS n FROM events WHERE proto = 'UDP' GROUP BY dport ORDER BY n DESC LIMIT 3";
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(ran);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => page.getByTestId('grid-row').count(), PATIENT).toBe(3);
    const other = 'SELECT count(*) AS total FROM events';
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(other);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => page.getByTestId('grid-row').count(), PATIENT).toBe(1);

    // An edit never run: kept across a view switch…
    const unrun = 'SELECT src FROM events -- not run yet';
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(unrun);
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('nav-sql').click();
    await expect.poll(() => editor.innerText(), PATIENT).toBe(unrun);
    // …and across a reload (the case keeps it; the write waits for typing to pause).
    await page.waitForTimeout(1_000);
    await page.reload();
    await page.getByTestId('nav-sql').click();
    await expect.poll(() => page.getByTestId('sql-input').innerText(), PATIENT).toBe(unrun);

    // History: search narrows it, a pin keeps a query on top.
    await page.getByTestId('sql-tab-history').click();
    const items = page.getByTestId('history-item');
    await expect.poll(() => items.count(), PATIENT).toBeGreaterThanOrEqual(2);
    expect(await items.first().getAttribute('title')).toBe(other);
    await page.getByTestId('history-search').fill('udp');
    await expect.poll(() => items.count(), PATIENT).toBe(1);
    expect(await items.first().getAttribute('title')).toBe(ran);
    await page.getByTestId('history-pin').first().click();
    await expect.poll(() => items.first().getAttribute('data-pinned'), PATIENT).toBe('true');
    await page.getByTestId('history-search').fill('');
    // Unfiltered again: the pinned (older) query is above the newer run.
    await expect.poll(() => items.count(), PATIENT).toBeGreaterThanOrEqual(2);
    expect(await items.first().getAttribute('title')).toBe(ran);
    expect(await items.first().getAttribute('data-pinned')).toBe('true');
    expect(await items.nth(1).getAttribute('title')).toBe(other);
    await shot(page, 'state-sql-history');
  });

  it('keeps Explore and Flows choices per case: none carried into another case, each restored when it opens again', async () => {
    const page = await session.open({ sample: true }, { width: 1440, height: 900 }, 'explore');
    const chips = page.getByTestId('filter-chip');
    await page.getByTestId('preset-dns').click();
    await expect.poll(() => chips.count(), PATIENT).toBe(1);
    const dnsChip = await chips.first().innerText();
    const flowTo = async () => {
      await page.getByTestId('nav-flows').click();
      const v = await page.getByTestId('flow-to').inputValue();
      await page.getByTestId('nav-explore').click();
      return v;
    };
    await page.getByTestId('nav-flows').click();
    await page.getByTestId('flow-to').selectOption('country');
    await page.getByTestId('nav-explore').click();

    // A second case, offered under Recent cases.
    const a = session.served.casePath;
    const b = join(session.served.dir, 'second.duckdb');
    (await CaseDb.open(b, { create: true })).close();
    writeFileSync(join(session.served.dir, 'recent-cases.json'), JSON.stringify([a, b]));
    const openCase = async (path: string) => {
      await page.getByTestId('nav-cases').click();
      await page.getByTestId('recent-case').filter({ hasText: path }).click();
      // The footer names the open case (opening one shows its Overview).
      await expect.poll(async () => `${await page.getByTestId('credits').innerText()} ${(await page.getByRole('alert').allInnerTexts()).join(' ')}`, PATIENT).toContain(path);
      await page.getByTestId('nav-explore').click();
    };

    await openCase(b);
    await expect.poll(() => chips.count(), PATIENT).toBe(0);
    expect(await flowTo()).toBe('asn');
    await page.getByTestId('preset-quic').click();
    await expect.poll(() => chips.count(), PATIENT).toBe(1);
    const quicChip = await chips.first().innerText();
    expect(quicChip).not.toBe(dnsChip);
    await shot(page, 'state-filters-case-b');

    await openCase(a);
    await expect.poll(() => chips.allInnerTexts(), PATIENT).toEqual([dnsChip]);
    expect(await flowTo()).toBe('country');
    await expect.poll(() => eventCount(page), PATIENT).toBeGreaterThan(0);
    await shot(page, 'state-filters-case-a');
    await openCase(b);
    await expect.poll(() => chips.allInnerTexts(), PATIENT).toEqual([quicChip]);
  });
});
