// Two tabs of browser mode on one case in Debian's Chromium: what one tab does to the block list (add,
// change a direction, remove) shows in the other without a reload (the server pushes caseChanged).
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSession, journey as it, runSql, shot } from './browser.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });
const SRC = '185.220.101.7';
const DST = '45.33.32.156';
const listed = async (page: Page) => Number((await page.getByTestId('blocklist-count').innerText()).replace(/\D/g, ''));

/** The Rules view's entries as [item, direction] (the view must be open on its block tab). */
async function entries(page: Page): Promise<Array<[string, string]>> {
  const rows = page.getByTestId('rules-entry');
  const out: Array<[string, string]> = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push([(await rows.nth(i).locator('code').innerText()).trim(), await rows.nth(i).getByTestId('rules-entry-direction').inputValue()]);
  }
  return out;
}

describe('the block list in two tabs', () => {
  it('shows an entry added, redirected or removed in one tab in the other without a reload', async () => {
    const a = await session.open({}, { width: 1440, height: 900 }, null);
    const b = await session.browser().newPage({ viewport: { width: 1024, height: 700 } });
    try {
      await b.goto(session.served.url);
      await b.getByTestId('nav-rules').click();
      await b.getByTestId('rules-tab-block').click();
      await b.getByTestId('rules-empty').waitFor();
      let loads = 0;
      b.on('load', () => loads++);

      // Tab A adds the destination of a row (outbound) from its cell menu.
      await runSql(a, `SELECT * FROM (VALUES ('${SRC}', '${DST}')) t(src, dst)`);
      await a.locator('[data-testid="grid-cell"][data-cell="0:1"]').click();
      await a.getByTestId('cell-block').click();
      await expect.poll(() => listed(a)).toBe(1);
      await expect.poll(() => listed(b), { message: 'tab B counts the entry' }).toBe(1);
      await expect.poll(() => entries(b)).toEqual([[DST, 'outbound']]);

      // Tab B changes its direction; tab A's Rules view shows the change.
      await a.getByTestId('nav-rules').click();
      await a.getByTestId('rules-tab-block').click();
      await b.getByTestId('rules-entry-direction').first().selectOption('forward');
      await expect.poll(() => entries(a), { message: 'tab A sees the new direction' }).toEqual([[DST, 'forward']]);
      for (const scheme of ['light', 'dark'] as const) {
        await b.emulateMedia({ colorScheme: scheme });
        await shot(b, `blocklist-sync-tab-b-${scheme}`);
      }

      // Tab A adds another from its own grid; tab B lists both; then tab A clears the list.
      await runSql(a, `SELECT * FROM (VALUES ('${SRC}', '${DST}')) t(src, dst)`);
      await a.locator('[data-testid="grid-cell"][data-cell="0:0"]').click();
      await a.getByTestId('cell-block').click();
      await expect.poll(() => entries(b)).toEqual([[DST, 'forward'], [SRC, 'inbound']]);
      await a.getByTestId('nav-rules').click();
      await a.getByTestId('rules-tab-block').click();
      a.once('dialog', (d) => void d.accept());
      await a.getByTestId('rules-clear').click();
      await expect.poll(() => listed(b), { message: 'tab B sees the list cleared' }).toBe(0);
      await b.getByTestId('rules-empty').waitFor();
      // Tab B never reloaded: the changes came to it.
      expect(loads).toBe(0);
      await shot(b, 'blocklist-sync-cleared');
    } finally {
      await b.close();
    }
  });
});
