// Explore's grid in Chromium against browser mode: moving between cells with the keyboard, the count
// line ("running…", then the count, never the previous one) and addresses sorted as numbers.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSession, journey as it, shot } from './browser.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });

const focused = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-cell') ?? null);
const countText = (page: Page) => page.getByTestId('result-count').innerText();
const ipNum = (a: string) => a.split('.').reduce((n, x) => n * 256 + Number(x), 0);

/** Waits for the count line to show a count (not "running…"). */
async function counted(page: Page): Promise<string> {
  await expect.poll(() => countText(page), { timeout: 30_000 }).toMatch(/^[\d,.\s]+ events/);
  return countText(page);
}

describe('Explore grid', () => {
  for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }]) {
    it(`moves between cells with the arrow keys and opens a cell's menu with Enter (${size.width}×${size.height})`, async () => {
      const page = await session.open({ sample: true }, size);
      await counted(page);
      await page.locator('[data-cell="0:0"]').focus();
      expect(await focused(page)).toBe('0:0');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowRight');
      expect(await focused(page)).toBe('2:1');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowUp');
      expect(await focused(page)).toBe('1:0');
      await page.keyboard.press('End');
      const columns = await page.getByTestId('grid-header').count();
      expect(await focused(page)).toBe(`1:${columns - 1}`);
      await page.keyboard.press('Home');
      // Far down: the grid scrolls so the focused row is shown, and its rows are read.
      for (let i = 0; i < 3; i++) await page.keyboard.press('PageDown');
      const deep = Number((await focused(page))?.split(':')[0]);
      expect(deep).toBeGreaterThan(20);
      const cell = page.locator(`[data-cell="${deep}:0"]`);
      expect(await cell.isVisible()).toBe(true);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await shot(page, `explore-keyboard-focus-${size.width}-${scheme}`);
      }
      await page.keyboard.press('Enter');
      await page.getByTestId('cell-menu').waitFor();
      const menu = await page.getByTestId('cell-menu').boundingBox();
      const at = await cell.boundingBox();
      // The menu opens at the cell, not at the window's corner.
      expect(menu!.y).toBeGreaterThanOrEqual(at!.y);
      expect(menu!.y).toBeLessThan(at!.y + at!.height + 40);
      await shot(page, `explore-keyboard-menu-${size.width}`);
      await page.keyboard.press('Escape');
      await page.getByTestId('cell-menu').waitFor({ state: 'detached' });
      expect(await focused(page)).toBe(`${deep}:0`);
    });
  }

  it('says "running…" while a filter runs, never the previous count, then the count the SQL view finds too', async () => {
    const page = await session.open({ sample: true }, { width: 1440, height: 900 });
    const before = await counted(page);
    // Every text the count line shows from here on, in order.
    await page.evaluate(() => {
      const g = globalThis as unknown as { seen: string[]; document: { querySelector(s: string): { textContent: string | null } }; MutationObserver: new (f: () => void) => { observe(n: unknown, o: unknown): void } };
      const el = g.document.querySelector('[data-testid="result-count"]');
      g.seen = [];
      new g.MutationObserver(() => g.seen.push(el.textContent ?? '')).observe(el, { childList: true, subtree: true, characterData: true });
    });
    await page.getByTestId('preset-dns').click();
    const after = await counted(page);
    expect(after).not.toBe(before);
    const seen = await page.evaluate(() => (globalThis as unknown as { seen: string[] }).seen);
    expect(seen[0]).toBe('running…');
    expect(seen).not.toContain(before);
    await shot(page, 'explore-count-after-filter');
    // The same filter's SQL, run in the SQL view, counts the same rows.
    await page.getByTestId('open-in-sql').click();
    await page.getByTestId('sql-run').click();
    await expect.poll(() => page.getByTestId('sql-status').innerText(), { timeout: 30_000 }).toMatch(/rows/);
    const digits = (s: string) => s.split(/\s(?:events|rows)/)[0].replace(/\D/g, '');
    expect(digits(await page.getByTestId('sql-status').innerText())).toBe(digits(after));
  });

  it('sorts addresses as numbers, by family, in both directions', async () => {
    const page = await session.open({ sample: true }, { width: 1440, height: 900 });
    await counted(page);
    const headers = await page.getByTestId('grid-header').allInnerTexts();
    const col = headers.findIndex((h) => h.replace(/[▲▼]/g, '').trim() === 'dst');
    expect(col).toBeGreaterThanOrEqual(0);
    const cell = (row: number) => page.getByTestId('results-grid').locator(`[data-cell="${row}:${col}"]`).innerText();
    const dsts = async () => {
      const out: string[] = [];
      for (let i = 0; i < 25; i++) out.push((await cell(i)).trim());
      return out.filter((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
    };
    const shown = () => page.getByTestId('results-grid').getAttribute('data-shown');
    let gen = await shown();
    await page.getByTestId('grid-header').nth(col).click();
    await expect.poll(shown, { timeout: 30_000 }).not.toBe(gen);
    await shot(page, 'explore-sort-dst-ascending');
    const up = await dsts();
    expect(up.length, (await Promise.all([0, 1, 2].map(cell))).join(' ')).toBeGreaterThan(10);
    for (let i = 1; i < up.length; i++) expect(ipNum(up[i]), `${up[i - 1]} then ${up[i]}`).toBeGreaterThanOrEqual(ipNum(up[i - 1]));
    gen = await shown();
    await page.getByTestId('grid-header').nth(col).click();
    await expect.poll(shown, { timeout: 30_000 }).not.toBe(gen);
    const down = (await cell(0)).trim();
    // Descending starts with IPv6 (family 6 after 4), else with the highest IPv4 number.
    if (!down.includes(':')) for (const a of up) expect(ipNum(down)).toBeGreaterThanOrEqual(ipNum(a));
    expect(await page.getByTestId('grid-header').nth(col).getAttribute('aria-sort')).toBe('descending');
    await shot(page, 'explore-sort-dst-descending');
  });
});
