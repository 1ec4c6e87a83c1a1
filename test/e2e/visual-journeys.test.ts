// The pictures in Debian's Chromium against browser mode, on the sample case: the flow graph, its nodes
// and links, the timeline's brush, the map, Group by, export, the Overview, the dark theme, a small window.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DOMParser } from 'linkedom';
import { ROOT } from '../helpers.ts';
import { browserSession, journey as it, shot } from './browser.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });
const open = async (viewport?: { width: number; height: number }) => {
  const page = await session.open({ sample: true }, viewport);
  await page.getByTestId('nav-flows').click();
  await page.locator('[data-testid="flow-graph"] g.node').first().waitFor();
  return page;
};
const count = async (page: Page) => Number((/^[\d,]+/.exec(await page.getByTestId('result-count').innerText())?.[0] ?? 'NaN').replace(/,/g, ''));
/** Runs SQL on the journey's case with the CLI, once the server has let go of it. */
async function sqlCount(sql: string): Promise<number> {
  await session.served.stop();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'query', session.served.casePath, sql, '--json'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return Object.values((JSON.parse(r.stdout) as Array<Record<string, number>>)[0])[0];
}

describe('the flow graph, timeline and map in the browser', () => {
  it('opens the Flows view on the sample: hosts on the left, organisations on the right, the numbers in a table', async () => {
    const page = await open({ width: 1440, height: 900 });
    const status = await page.getByTestId('flow-status').innerText();
    expect(status).toMatch(/[\d,]+ events · \d+ nodes · \d+ links/);
    const left = page.locator('[data-testid="flow-graph"] g.node.left');
    const right = page.locator('[data-testid="flow-graph"] g.node.right');
    expect(await left.count()).toBe(26); // top 25 hosts + other
    expect(await right.count()).toBe(26);
    expect(await left.first().getAttribute('data-id')).toMatch(/^L:host:/);
    expect(await right.first().getAttribute('data-id')).toMatch(/^R:asn:AS\d+$/);
    await shot(page, 'flows-graph');
    await page.getByTestId('flow-as-table').click();
    const rows = page.locator('[data-testid="flow-table"] tbody tr');
    expect(await rows.count()).toBe(Number(/(\d+) links/.exec(status)![1]));
  });

  it('a click on a node shows its details, and on an address the address panel', async () => {
    const page = await open();
    const node = page.locator('[data-testid="flow-graph"] g.node.left').first();
    const id = (await node.getAttribute('data-id'))!;
    await node.click();
    const panel = page.getByTestId('flow-node-panel');
    await panel.waitFor();
    expect(await panel.innerText()).toContain(id.replace('L:host:', ''));
    await page.getByTestId('node-details').click();
    await page.getByTestId('address-panel').waitFor();
    expect(await page.getByTestId('address-panel').getAttribute('aria-label')).toBe(`Address ${id.replace('L:host:', '')}`);
    await page.getByTestId('node-block').click();
    await expect.poll(() => page.getByTestId('blocklist-count').innerText()).toContain('1');
    await shot(page, 'flows-node');
  });

  it('a click on a link opens Explore filtered by both ends, with as many rows as the link has events', async () => {
    const page = await open();
    // A link between two named ends (a folded "other" end cannot be filtered by name).
    const link = page.locator('[data-testid="flow-graph"] path.link[data-id^="L:host:"]:not([data-id*="other"])').first();
    const label = (await link.getAttribute('aria-label'))!;
    const events = Number(/: ([\d,]+) events/.exec(label)![1].replace(/,/g, ''));
    const [src, dst] = (await link.getAttribute('data-id'))!.split('→');
    await link.dispatchEvent('click');
    await page.getByTestId('grid-row').first().waitFor();
    const chips = await page.getByTestId('filter-chip').allInnerTexts();
    expect(chips.join(' | ')).toContain(src.replace('L:host:', ''));
    expect(chips.join(' | ')).toContain(dst.replace('R:asn:', ''));
    await expect.poll(() => count(page)).toBe(events);
    await shot(page, 'flows-link-explore');
  });

  it('brushing the timeline narrows every view to the range, and the grid count is the SQL count for it', async () => {
    const page = await session.open({ sample: true }, { width: 1440, height: 900 });
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('grid-row').first().waitFor();
    // The count comes apart from the first page ("running…" until then).
    await expect.poll(() => count(page), { timeout: 30_000 }).toBeGreaterThan(0);
    const before = await count(page);
    // The timeline reads its data after the grid's first page: brush once it is drawn.
    await page.locator('[data-testid="timeline"] svg g.brush').waitFor({ timeout: 30_000 });
    const box = (await page.locator('[data-testid="timeline"] svg').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('time-from').inputValue()).toMatch(/^2024-03-1\d[T ]\d\d:\d\d/);
    const since = await page.getByTestId('time-from').inputValue();
    const until = await page.getByTestId('time-until').inputValue();
    await expect.poll(() => count(page)).toBeLessThan(before);
    const shown = await count(page);
    await page.getByTestId('nav-flows').click();
    await expect.poll(() => page.getByTestId('flow-status').innerText()).toMatch(/events/);
    await shot(page, 'timeline-brushed');
    expect(shown).toBe(await sqlCount(`SELECT count(*) FROM events WHERE ts >= TIMESTAMP '${since.replace('T', ' ')}' AND ts < TIMESTAMP '${until.replace('T', ' ')}'`));
  });

  it('a click on a country in the map filters by it', async () => {
    const page = await open();
    await page.getByTestId('flow-layout-map').click();
    const de = page.locator('[data-testid="map"] [data-country="DE"]').first();
    await de.waitFor();
    expect(await de.getAttribute('aria-label')).toMatch(/^Germany \(DE\): [\d,]+ events/);
    await de.click();
    await expect.poll(async () => (await page.getByTestId('filter-chip').allInnerTexts()).join()).toContain('country = DE');
    await shot(page, 'map');
  });

  it('Group by org, then a click on a row shows its events', async () => {
    const page = await session.open({ sample: true });
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('mode-groups').click();
    await page.getByTestId('group-add').selectOption('org');
    await page.getByTestId('group-row').first().waitFor();
    const row = page.getByTestId('group-row').nth(1);
    const cells = await row.locator('td').allInnerTexts();
    const events = Number(cells[1].replace(/,/g, ''));
    await shot(page, 'group-by');
    await row.click();
    await page.getByTestId('grid-row').first().waitFor();
    await expect.poll(() => count(page)).toBe(events);
    expect((await page.getByTestId('filter-chip').allInnerTexts()).join()).toContain(cells[0]);
  });

  it('exports the picture as SVG and PNG with a title and a legend', async () => {
    const page = await open();
    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('flow-export-svg').click()]);
    const svgFile = join(session.served.dir, 'flows.svg');
    await svgDl.saveAs(svgFile);
    const text = readFileSync(svgFile, 'utf8');
    expect(new DOMParser().parseFromString(text, 'image/svg+xml').documentElement.tagName.toLowerCase()).toBe('svg');
    expect(text).toContain('fwlens · case.duckdb');
    expect(text).toContain('dropped / rejected');
    const [pngDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('flow-export-png').click()]);
    const pngFile = join(session.served.dir, 'flows.png');
    await pngDl.saveAs(pngFile);
    const png = readFileSync(pngFile);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000);
    await shot(page, 'flows-exported');
  });

  it('the Overview opens first, and a bar opens Explore filtered by it', async () => {
    const page = await session.open({ sample: true }, { width: 1440, height: 900 }, null);
    await page.getByTestId('overview').waitFor();
    expect(await page.getByTestId('nav-overview').getAttribute('aria-current')).toBe('page');
    await page.locator('[data-testid="overview-orgs"] [role="button"]').first().waitFor();
    await shot(page, 'overview');
    const bar = page.locator('[data-testid="overview-orgs"] [role="button"]').first();
    const events = Number(/: ([\d,]+)/.exec((await bar.getAttribute('aria-label'))!)![1].replace(/,/g, ''));
    await bar.click();
    await page.getByTestId('grid-row').first().waitFor();
    await expect.poll(() => count(page)).toBe(events);
    await shot(page, 'overview-bar-explore');
  });

  it('a SQL result with a label and a count is shown as a bar chart, then a line', async () => {
    const page = await session.open({ sample: true }, undefined, 'sql');
    await page.getByTestId('sql-input').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('SELECT service, count(*) AS n FROM events_enriched WHERE service IS NOT NULL GROUP BY ALL ORDER BY n DESC LIMIT 8');
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.getByTestId('grid-row').first().waitFor();
    const first = (await page.getByTestId('grid-row').first().innerText()).trim().split(/\s+/);
    await page.getByTestId('sql-chart-toggle').click();
    const bars = page.locator('[data-testid="result-chart"] svg [aria-label]');
    await expect.poll(() => bars.count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('[data-testid="result-chart"] svg').innerHTML()).toContain(first[0]);
    await shot(page, 'sql-chart');
    await page.getByTestId('chart-line').click();
    await expect.poll(() => page.locator('[data-testid="result-chart"] svg path').count()).toBeGreaterThan(0);
    await shot(page, 'sql-chart-line');
  });

  it('dark theme and a 1024×700 window: the graph, controls and export stay on screen', async () => {
    const p = await session.open({ sample: true }, { width: 1024, height: 700 });
    await p.emulateMedia({ colorScheme: 'dark' });
    await p.getByTestId('nav-flows').click();
    await p.locator('[data-testid="flow-graph"] g.node').first().waitFor();
    for (const id of ['flow-export-png', 'flow-from', 'flow-to', 'flow-search']) {
      const b = (await p.getByTestId(id).boundingBox())!;
      expect(b.x + b.width, id).toBeLessThanOrEqual(1024);
    }
    const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe('rgb(255, 255, 255)');
    await shot(p, 'flows-dark-1024');
  });
});
