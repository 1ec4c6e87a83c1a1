// The Cases view in browser mode (Debian's Chromium): there is no native file chooser there, so the view offers
// none and opens a case by the path typed, as before; the desktop shell adds its chooser (test/unit/case-dialog.test.ts).
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { join } from 'node:path';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { browserSession, journey as it, shot } from './browser.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });

describe('opening a case in browser mode', () => {
  it('offers no file chooser and opens a case by its typed path', async () => {
    const page = await session.open({}, { width: 1024, height: 700 }, 'cases');
    const other = join(session.served.dir, 'other.duckdb');
    (await CaseDb.open(other, { create: true })).close();
    await page.getByTestId('case-path').waitFor();
    expect(await page.getByTestId('case-choose').count()).toBe(0);
    expect(await page.getByTestId('case-choose-new').count()).toBe(0);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `cases-browser-${scheme}`);
    }
    await page.getByTestId('case-path').fill(other);
    await page.getByTestId('case-open').click();
    // Opened, the app goes to the Overview; back on Cases the case shown is the one typed.
    await expect.poll(() => page.getByTestId('nav-overview').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('nav-cases').click();
    await expect.poll(() => page.getByTestId('case-info').innerText()).toContain(other);
  });
});
