// Layout journeys in Chromium against browser mode: every view fits 1024×700 and 1440×900 in both themes,
// panels resize and fold (kept in the case), the column chooser is kept in the case, the row detail shows the original line.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { browserSession, journey as it, shot } from './browser.ts';
import { tempDir } from '../helpers.ts';
import { EXPLORE_DEFAULT } from '../../src-renderer/lib/explore-columns.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });
const SMALL = { width: 1024, height: 700 };
const LARGE = { width: 1440, height: 900 };
const VIEWS = ['overview', 'cases', 'import', 'explore', 'flows', 'sql', 'rules'] as const;

/**
 * Controls of the shown view that are cut off: past the view's right edge (nothing may need a
 * sideways page scroll), or, when in view vertically, covered by something else at their centre.
 * Controls inside their own scrolling lists (grid cells, side lists) may be scrolled away and are skipped.
 */
async function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const view = document.querySelector('section.view') as HTMLElement;
    const edge = view.getBoundingClientRect();
    const name = (el: Element) => el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30) ?? el.tagName;
    if (document.documentElement.scrollWidth > window.innerWidth) bad.push(`page scrolls sideways (${document.documentElement.scrollWidth} > ${window.innerWidth})`);
    if (view.scrollWidth > view.clientWidth + 1) bad.push(`view scrolls sideways (${view.scrollWidth} > ${view.clientWidth})`);
    for (const el of view.querySelectorAll('button, input, select, textarea, [role="tab"], summary')) {
      if (el.closest('[data-testid="results-grid"], .list, table, .table, [role="menu"], [role="dialog"]')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > edge.right + 1 || r.left < edge.left - 1) { bad.push(`${name(el)}: x ${Math.round(r.left)}–${Math.round(r.right)} outside ${Math.round(edge.left)}–${Math.round(edge.right)}`); continue; }
      const cy = r.top + r.height / 2;
      if (cy < 0 || cy > window.innerHeight) continue;
      const top = document.elementFromPoint(r.left + r.width / 2, cy);
      if (top && top !== el && !el.contains(top) && !top.contains(el)) bad.push(`${name(el)}: covered by ${top.tagName}.${top.className}`);
    }
    return bad;
  });
}

/** Opens the sample case at a size and theme. */
async function openAt(size: { width: number; height: number }, scheme: 'light' | 'dark', view: string | null = 'explore'): Promise<Page> {
  const page = await session.open({ sample: true }, size, view);
  await page.emulateMedia({ colorScheme: scheme });
  return page;
}

const headers = (page: Page) => page.getByTestId('grid-header').allInnerTexts().then((h) => h.map((x) => x.replace(/[▲▼]/g, '').trim()));

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not shown');
  return b;
}

describe('layout at small and large sizes', () => {
  for (const size of [SMALL, LARGE]) {
    it(`every view fits ${size.width}×${size.height} in light and dark: no control cut off or covered`, async () => {
      const page = await openAt(size, 'light', null);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const v of VIEWS) {
          await page.getByTestId(`nav-${v}`).click();
          if (v === 'explore') await page.getByTestId('grid-row').first().waitFor();
          if (v === 'sql') await page.getByTestId('export-parquet').waitFor();
          if (v === 'overview' || v === 'flows') await page.getByTestId('timeline').locator('svg').first().waitFor();
          await expect.poll(() => cutOff(page), { timeout: 10_000 }).toEqual([]);
          await shot(page, `layout-${v}-${size.width}-${scheme}`);
        }
      }
      // The sub-views too: each Rules section and each Flows layout.
      for (const [nav, tabs] of [['rules', '[data-testid^="rules-tab-"]'], ['flows', '[data-testid^="flow-layout-"]']] as const) {
        await page.getByTestId(`nav-${nav}`).click();
        const ids = await page.locator(tabs).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
        expect(ids.length).toBeGreaterThan(2);
        for (const id of ids) {
          await page.getByTestId(id).click();
          await expect.poll(() => cutOff(page), { timeout: 10_000 }).toEqual([]);
          if (size === SMALL) await shot(page, `layout-${id}-${size.width}-dark`);
        }
      }
      // The case: SQL's export buttons were under the side lists at 1024 wide.
      await page.getByTestId('nav-sql').click();
      const parquet = await box(page.getByTestId('export-parquet'));
      const side = await box(page.getByTestId('sql-side-dock'));
      expect(parquet.x + parquet.width).toBeLessThanOrEqual(side.x);
    });
  }

  it('with the address panel open at 1024×700, Explore still shows src and dst', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openAt(SMALL, scheme);
      const cell = page.getByTestId('grid-row').first().getByTestId('grid-cell').filter({ hasText: /^\d+\.\d+\.\d+\.\d+$/ }).first();
      await cell.click();
      await page.getByTestId('cell-address').click();
      await page.getByTestId('address-scope').waitFor();
      const dock = await box(page.getByTestId('address-dock'));
      const grid = await box(page.getByTestId('results-grid'));
      for (const col of ['src', 'dst']) {
        const h = await box(page.getByTestId('grid-header').filter({ hasText: new RegExp(`^${col}$`) }));
        expect(h.x).toBeGreaterThanOrEqual(grid.x);
        expect(h.x + h.width).toBeLessThanOrEqual(Math.min(grid.x + grid.width, dock.x));
      }
      expect(await cutOff(page)).toEqual([]);
      await shot(page, `layout-address-panel-1024-${scheme}`);
      await page.close();
      await session.served.close();
    }
  });

  it('panels resize by drag and by keys, fold and unfold, and keep all that in the case after a reload', async () => {
    const page = await openAt(LARGE, 'light');
    await page.getByTestId('grid-row').first().getByTestId('grid-cell').filter({ hasText: /^\d+\.\d+\.\d+\.\d+$/ }).first().click();
    await page.getByTestId('cell-address').click();
    const dock = page.getByTestId('address-dock');
    const before = (await box(dock)).width;
    const handle = await box(page.getByTestId('address-splitter'));
    await page.mouse.move(handle.x + handle.width / 2, handle.y + 200);
    await page.mouse.down();
    await page.mouse.move(handle.x - 120, handle.y + 200, { steps: 6 });
    await page.mouse.up();
    const dragged = (await box(dock)).width;
    expect(dragged).toBeGreaterThan(before + 100);
    await page.getByTestId('address-splitter').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await box(dock)).width).toBe(dragged - 16);
    // The timeline folds to one line; the grid gets the room.
    const gridBefore = (await box(page.getByTestId('results-grid'))).height;
    await page.getByTestId('timeline-fold').click();
    await page.getByTestId('timeline-unfold').waitFor();
    expect((await box(page.getByTestId('results-grid'))).height).toBeGreaterThan(gridBefore);
    // The SQL view's lists fold to a strip.
    await page.getByTestId('nav-sql').click();
    await page.getByTestId('sql-side-fold').click();
    await page.getByTestId('sql-side-unfold').waitFor();
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('address-fold').click();
    await page.getByTestId('address-unfold').waitFor();
    await page.getByTestId('grid-row').first().waitFor();
    await shot(page, 'layout-panels-folded-1440');
    await page.waitForTimeout(600); // let the kept layout's write (400 ms after the last change) go out before leaving
    await page.reload();
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('timeline-unfold').waitFor();
    await page.getByTestId('nav-sql').click();
    await page.getByTestId('sql-side-unfold').waitFor();
    await page.getByTestId('sql-side-unfold').click();
    await page.getByTestId('sql-side-dock').waitFor();
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('grid-row').first().getByTestId('grid-cell').filter({ hasText: /^\d+\.\d+\.\d+\.\d+$/ }).first().click();
    await page.getByTestId('cell-address').click();
    await page.getByTestId('address-unfold').click();
    expect((await box(page.getByTestId('address-dock'))).width).toBe(dragged - 16);
    await page.getByTestId('timeline-unfold').click();
    await page.getByTestId('timeline-fold').waitFor();
    await shot(page, 'layout-panels-restored-1440');
  });

  it('the column chooser hides, adds and reorders columns, keeps them in the case after a reload, and Reset restores the default', async () => {
    const page = await openAt(SMALL, 'dark');
    await page.getByTestId('grid-row').first().waitFor();
    expect(await headers(page)).toEqual(EXPLORE_DEFAULT);
    await page.getByTestId('columns-button').click();
    await page.getByTestId('column-prefix').uncheck();
    await page.getByTestId('column-ttl').check();
    await page.getByRole('button', { name: 'Move dst left' }).click();
    const want = EXPLORE_DEFAULT.filter((c) => c !== 'prefix');
    [want[2], want[3]] = [want[3], want[2]];
    want.push('ttl');
    await expect.poll(() => headers(page)).toEqual(want);
    expect(await page.getByTestId('filter-sql').innerText()).toContain('"ttl"');
    await shot(page, 'layout-columns-chooser-1024-dark');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(600); // the choice is written 400 ms after the last change
    await page.reload();
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('grid-row').first().waitFor();
    await expect.poll(() => headers(page)).toEqual(want);
    await page.getByTestId('columns-button').click();
    await page.getByTestId('columns-reset').click();
    await expect.poll(() => headers(page)).toEqual(EXPLORE_DEFAULT);
    await page.keyboard.press('Escape');
    await shot(page, 'layout-columns-reset-1024-dark');
  });

  it('the row detail shows every field and the original line, escaped, with its source and line; then says when the file is gone', async () => {
    const t = tempDir();
    const log = join(t.dir, 'attack.log');
    const lines = [
      'Mar 14 10:00:01 fw1 kernel: [100.000001] DROP-IN IN=eth0 OUT= SRC=203.0.113.9 DST=198.51.100.7 LEN=60 TTL=50 ID=1 PROTO=TCP SPT=40000 DPT=22 WINDOW=1024 SYN URGP=0',
      'Mar 14 10:00:02 fw1 kernel: [100.000002] \x1b[31mEVIL\x07\u202e IN=eth0 OUT= SRC=203.0.113.10 DST=198.51.100.7 LEN=60 TTL=50 ID=2 PROTO=TCP SPT=40001 DPT=23 WINDOW=1024 SYN URGP=0',
    ];
    writeFileSync(log, lines.join('\n') + '\n');
    try {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await session.open({ files: [log] }, SMALL);
        await page.emulateMedia({ colorScheme: scheme });
        // The grid shows the stored prefix inert as well.
        expect(await page.getByTestId('grid-row').nth(1).innerText()).toContain('\\x1b[31mEVIL\\x07\\u{202e}');
        await page.getByTestId('grid-row').nth(1).dblclick();
        const detail = page.getByTestId('row-detail');
        const line = detail.getByTestId('row-detail-line');
        await line.waitFor();
        expect(await detail.getByTestId('row-detail-source').innerText()).toContain(log);
        expect(await detail.getByTestId('row-detail-source').innerText()).toMatch(/line 2\b/);
        expect(await line.innerText()).toBe(lines[1].replace('\x1b', '\\x1b').replace('\x07', '\\x07').replace('\u202e', '\\u{202e}'));
        expect(await detail.getByTestId('row-detail-verified').innerText()).toMatch(/sha256/);
        const fields = await detail.getByTestId('row-detail-fields').innerText();
        for (const f of ['source_id', 'line_no', 'byte_off', 'ttl', 'win', 'country']) expect(fields).toMatch(new RegExp(`^${f}\\b`, 'm'));
        expect(fields).toMatch(/^dport\s+23\b/m);
        expect(fields).toMatch(/^win\s+1024\b/m);
        // Stored field values are shown inert too: no control or bidi character reaches the page.
        expect(fields).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
        await shot(page, `layout-row-detail-1024-${scheme}`);
        await page.keyboard.press('Escape');
        await detail.waitFor({ state: 'detached' });
        if (scheme === 'dark') {
          // A cell's menu offers the detail too (the menu is reachable from the keyboard). With the file gone it says so.
          rmSync(log);
          await page.getByTestId('grid-row').first().getByTestId('grid-cell').first().click();
          await page.getByTestId('cell-details').click();
          await detail.getByTestId('row-detail-line-missing').waitFor();
          expect(await detail.getByTestId('row-detail-line-missing').innerText()).toMatch(/gone/i);
          expect(await detail.getByTestId('row-detail-fields').innerText()).toMatch(/^dport\s+22\b/m);
          await shot(page, 'layout-row-detail-gone-1024-dark');
        } else {
          await page.close();
          await session.served.close();
          expect(readFileSync(log, 'utf8')).toBe(lines.join('\n') + '\n');
        }
      }
    } finally {
      t.cleanup();
    }
  });
});
