// User journeys in Debian's Chromium against browser mode (`fwlens serve`), each on a fresh case.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../helpers.ts';
import { browserSession, journey as it, shot } from './browser.ts';
import { writeSynthDay } from '../../src-main/gen/write-synth.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });
const open = (opts: { sample?: boolean } = {}) => session.open(opts);

const rowCount = (page: Page) => page.getByTestId('grid-row').count();

describe('journeys in the browser', () => {
  it('imports through the file chooser, shows progress, then the summary per source', async () => {
    const page = await open();
    const big = join(session.served.dir, 'kern.log');
    await writeSynthDay(big, { lines: 300_000, seed: 3, stamp: 'iso' });
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-files').setInputFiles([big, join(ROOT, 'resources/sample/kern.log.1.gz')]);
    await page.getByTestId('import-progress').first().waitFor({ timeout: 60_000 });
    const summary = page.getByTestId('import-summary');
    await summary.getByTestId('import-summary-row').nth(1).waitFor({ timeout: 120_000 });
    const text = await summary.innerText();
    expect(text).toMatch(/kern\.log/);
    expect(text).toMatch(/299[,.\s]?\d{3}|2999\d\d/); // events of the 300k-line day (minus its garbage lines)
    expect(text).toMatch(/5[,.\s]?985|5985/); // events of the sample's older day
    await shot(page, 'import');
  });

  it('runs a ready question, then an edited SQL query', async () => {
    const page = await open({ sample: true });
    await page.getByTestId('nav-sql').click();
    await page.getByTestId('ready-question-dest-by-port').click();
    await page.getByTestId('grid-row').first().waitFor();
    expect(await rowCount(page)).toBeGreaterThan(3);
    await page.getByTestId('sql-input').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type("SELECT dport, count(*) AS n FROM events WHERE proto = 'UDP' GROUP BY dport ORDER BY n DESC, dport LIMIT 4");
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => rowCount(page)).toBe(4);
    const firstRow = await page.getByTestId('grid-row').first().innerText();
    expect(firstRow).toMatch(/^\s*\d+\s+\d+/);
    await shot(page, 'sql');
  });

  it('adds and removes filters by clicking values in the grid', async () => {
    const page = await open({ sample: true });
    await page.getByTestId('nav-explore').click();
    const label = page.getByTestId('result-count');
    const count = { innerText: async () => /^[\d,]+/.exec(await label.innerText())?.[0] ?? '' }; // "11,975 events · 346 ms"
    await page.getByTestId('grid-row').first().waitFor();
    // The count comes apart from the first page ("running…" until then).
    await expect.poll(() => count.innerText()).toMatch(/\d/);
    const before = await count.innerText();
    const cell = page.getByTestId('grid-row').first().getByTestId('grid-cell').filter({ hasText: /^\d+\.\d+\.\d+\.\d+$/ }).first();
    const value = (await cell.innerText()).trim();
    const sqlBefore = await page.getByTestId('filter-sql').innerText();
    await cell.click();
    await page.getByTestId('cell-include').click();
    await expect.poll(() => page.getByTestId('filter-chip').count()).toBe(1);
    expect(await page.getByTestId('filter-chip').innerText()).toContain(value);
    await expect.poll(() => count.innerText()).toMatch(/\d/);
    await expect.poll(() => count.innerText()).not.toBe(before);
    expect(await page.getByTestId('filter-sql').innerText()).not.toBe(sqlBefore);
    await page.getByTestId('filter-chip-remove').click();
    await expect.poll(() => page.getByTestId('filter-chip').count()).toBe(0);
    await expect.poll(() => count.innerText()).toBe(before);
    await shot(page, 'filters');
  });

  it('opens an address and shows what is known about it', async () => {
    const page = await open({ sample: true });
    await page.getByTestId('grid-row').first().waitFor();
    const cell = page.getByTestId('grid-row').first().getByTestId('grid-cell').filter({ hasText: /^192\.168\./ }).first();
    await cell.click();
    await page.getByTestId('cell-address').click();
    const panel = page.getByTestId('address-panel');
    await panel.waitFor();
    await expect.poll(() => page.getByTestId('address-scope').innerText()).toMatch(/internal/);
    await expect.poll(() => panel.getByTestId('address-peer').count()).toBeGreaterThan(0);
    await shot(page, 'address');
  });

  it('exports CSV that equals `fwlens query --csv` of the same SQL', async () => {
    const page = await open({ sample: true });
    const sql = 'SELECT src, dst, dport, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC, src, dst, dport LIMIT 50';
    await page.getByTestId('nav-sql').click();
    await page.getByTestId('sql-input').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(sql);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => rowCount(page)).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const file = join(session.served.dir, 'export.csv');
    await download.saveAs(file);
    await shot(page, 'export');
    const casePath = session.served.casePath;
    await session.served.stop(); // the case is locked while the server has it open
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin/fwlens.js'), 'query', casePath, sql, '--csv'], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(cli.stdout);
  });

  it('a bad file gives a readable error, and the case still works', async () => {
    const page = await open({ sample: true });
    const bad = join(session.served.dir, 'photo.jpg');
    writeFileSync(bad, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-files').setInputFiles([bad]);
    const err = page.getByTestId('import-summary').or(page.getByTestId('error')).first();
    await err.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await page.locator('body').innerText())).toMatch(/unknown format/);
    await page.getByTestId('nav-sql').click();
    await page.getByTestId('ready-question-top-talkers').click();
    await expect.poll(() => rowCount(page)).toBeGreaterThan(0);
    await shot(page, 'bad-file');
  });

  it('adds an address to the block list and turns the list into a script with its rollback', async () => {
    const page = await open({ sample: true });
    await page.getByTestId('grid-row').first().waitFor();
    // An external destination of the sample (the accepted outbound traffic goes to public addresses).
    const cell = page.getByTestId('grid-cell').filter({ hasText: /^(?!192\.168\.|198\.51\.100\.|2001:db8)\d+\.\d+\.\d+\.\d+$/ }).first();
    const address = (await cell.innerText()).trim();
    await cell.click();
    await page.getByTestId('cell-address').click();
    await page.getByTestId('address-block').click();
    await expect.poll(() => page.getByTestId('blocklist-count').innerText()).toMatch(/1/);
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-format').selectOption('nft');
    await page.getByTestId('rules-generate').click();
    const script = page.getByTestId('rules-script');
    await expect.poll(() => script.innerText()).toContain(`${address}/32`);
    expect(await script.innerText()).toMatch(/table inet fwlens/);
    await page.getByTestId('rules-show-rollback').click();
    await expect.poll(() => script.innerText()).toMatch(/delete table inet fwlens/);
    await shot(page, 'rules');
  });

  it('refuses requests without the token', async () => {
    const served = await session.serve({ sample: true });
    const base = new URL(served.url);
    const noToken = await fetch(`${base.origin}/`);
    expect(noToken.status).toBe(401);
    const wrong = await fetch(`${base.origin}/?token=${'0'.repeat(64)}`);
    expect(wrong.status).toBe(401);
    const ok = await fetch(served.url);
    expect(ok.status).toBe(200);
    const page = await session.browser().newPage();
    await page.goto(`${base.origin}/`);
    expect(await page.locator('body').innerText()).not.toMatch(/fwlens.*Explore/i);
    await shot(page, 'no-token');
    await page.close();
  });
});
