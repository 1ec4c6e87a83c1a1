// Rules journeys in Debian's Chromium against browser mode: building the block list from cells, columns
// and findings, generating block and allow scripts, and reading TRACE paths. Each on a fresh case.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../helpers.ts';
import { browserSession, journey as it, shot, runSql } from './browser.ts';

const TRACE = join(ROOT, 'test/fixtures/trace/interleaved.log');
const RULES = join(ROOT, 'test/fixtures/ruleset/filter-v4.rules');
// A public IPv4 address of the sample (not its internal, documentation or IPv6 ranges).
const EXTERNAL_V4 = /^(?!192\.168\.|198\.51\.100\.|203\.0\.113\.|10\.)\d+\.\d+\.\d+\.\d+$/;

const session = browserSession({ beforeAll, afterAll, afterEach });
const open = (opts: Parameters<typeof session.open>[0] = {}) => session.open(opts);

/** The count on the block-list badge in the navigation. */
const listed = async (page: Page) => Number((await page.getByTestId('blocklist-count').innerText()).replace(/\D/g, ''));

/** "Add column to block list": the column named, counted, then confirmed. */
async function addColumn(page: Page, column: string): Promise<void> {
  await page.getByTestId('block-column-select').selectOption(column);
  await page.getByTestId('block-column').click();
  await page.getByTestId('block-column-confirm-add').click();
}

describe('rules journeys in the browser', () => {
  it('adds an address from a grid cell menu, which then says it is on the list, and blocks it in a script', async () => {
    const page = await open({ sample: true });
    await page.getByTestId('grid-row').first().waitFor();
    const cell = page.getByTestId('grid-cell').filter({ hasText: EXTERNAL_V4 }).first();
    const address = (await cell.innerText()).trim();
    await cell.click();
    await page.getByTestId('cell-block').click();
    await expect.poll(() => listed(page)).toBe(1);
    await cell.click();
    expect(await page.getByTestId('cell-blocked').isDisabled()).toBe(true);
    expect(await page.getByTestId('cell-block').count()).toBe(0);
    await shot(page, 'rules-cell-menu');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-rules').click();
    const entry = page.getByTestId('rules-entry');
    expect(await entry.count()).toBe(1);
    expect(await entry.innerText()).toContain(address);
    expect(await entry.getByTestId('rules-entry-reason').innerText()).toMatch(/^cell (src|dst)$/);
    await page.getByTestId('rules-generate').click();
    await expect.poll(() => page.getByTestId('rules-script').innerText()).toContain(`${address}/32`);
  });

  it('adds a whole column of the result, not just the rows on screen, skipping what is not an address', async () => {
    const page = await open();
    // 3,000 distinct values by construction: every tenth is text, the other 2,700 distinct addresses.
    // The column name needs quoting (a space), as names from user SQL may.
    await runSql(page, `SELECT CASE WHEN i % 10 = 0 THEN 'host-' || i ELSE '203.0.' || (i // 256) || '.' || (i % 256) END AS "peer addr" FROM range(3000) t(i)`);
    await page.getByTestId('grid-row').first().waitFor();
    expect(await page.getByTestId('grid-row').count()).toBeLessThan(3000);
    await addColumn(page, 'peer addr');
    const result = page.getByTestId('block-column-result');
    await expect.poll(() => result.innerText()).toBe('Added 2,700 from column peer addr as inbound, 300 skipped as not addresses, CIDRs or ASNs.');
    expect(await listed(page)).toBe(2700);
    // Adding it again adds nothing new.
    await addColumn(page, 'peer addr');
    await expect.poll(() => result.innerText()).toMatch(/^Added 0 from column peer addr as inbound, 2,700 already listed/);
    await shot(page, 'rules-add-column');
    // One more distinct value than the cap: refused whole, nothing added.
    await runSql(page, `SELECT '10.' || (i // 65536) || '.' || ((i // 256) % 256) || '.' || (i % 256) AS a FROM range(10001) t(i)`);
    await page.getByTestId('grid-row').first().waitFor();
    await expect.poll(() => page.getByTestId('sql-status').innerText()).toMatch(/10,001 rows/);
    await page.getByTestId('block-column-select').selectOption('a');
    await page.getByTestId('block-column').click();
    await expect.poll(() => result.innerText()).toMatch(/more than 10,000 distinct values.*Nothing was added/);
    expect(await listed(page)).toBe(2700);
  });

  it('shows a long block script working with its phase, stops it on Cancel, and writes it when let run', async () => {
    const page = await open({ sample: true });
    // The 150 ASNs with the most prefixes: over 100,000 ranges to aggregate, a few seconds of work.
    await runSql(page, `SELECT 'AS' || asn AS asn FROM asn_ranges GROUP BY asn ORDER BY count(*) DESC, asn LIMIT 150`);
    await page.getByTestId('grid-row').first().waitFor();
    await addColumn(page, 'asn');
    await expect.poll(() => page.getByTestId('block-column-result').innerText()).toMatch(/^Added 150 from column asn/);
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-generate').click();
    const job = page.getByTestId('rules-job-progress');
    await job.waitFor();
    expect(await job.innerText()).toMatch(/reading the case|reading the targets|aggregating the targets/);
    await shot(page, 'rules-job-progress');
    await page.getByTestId('rules-job-cancel').click();
    await job.waitFor({ state: 'detached' });
    expect(await page.getByTestId('rules-script').count()).toBe(0);
    expect(await page.getByTestId('error').count()).toBe(0);
    await page.getByTestId('rules-generate').click();
    await expect.poll(() => page.getByTestId('rules-script').count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByTestId('rules-script').innerText()).toContain('table inet fwlens');
  });

  it('adds scan sources from Findings one at a time and all at once, then blocks them in a script', async () => {
    const page = await open({ sample: true });
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-tab-findings').click();
    const rows = page.getByTestId('finding');
    await rows.first().waitFor();
    const firstSrc = (await rows.first().locator('td').nth(1).innerText()).trim();
    const firstKind = (await rows.first().locator('td').nth(0).innerText()).trim();
    await rows.first().getByTestId('finding-add').click();
    await expect.poll(() => rows.first().getByTestId('finding-blocked').count()).toBe(1);
    expect(await listed(page)).toBe(1);
    // The smallest kind, so "Add all" is a handful of sources.
    const options = await page.getByTestId('findings-kind').locator('option').allInnerTexts();
    const smallest = options.slice(1).map((o) => /^(\S+) \((\d+)\)$/.exec(o)!).sort((a, b) => Number(a[2]) - Number(b[2]))[0];
    await page.getByTestId('findings-kind').selectOption(smallest[1]);
    await expect.poll(() => rows.count()).toBe(Number(smallest[2]));
    const sources = new Set((await rows.locator('td:nth-child(2)').allInnerTexts()).map((s) => s.trim()));
    await page.getByTestId('findings-add-all').click();
    const want = new Set([firstSrc, ...sources]).size;
    await expect.poll(() => listed(page)).toBe(want);
    expect(await page.getByTestId('findings-added').innerText()).toMatch(new RegExp(`^Added ${want - 1} source`));
    await shot(page, 'rules-findings');
    await page.getByTestId('rules-tab-block').click();
    expect(await page.getByTestId('rules-entry').count()).toBe(want);
    const first = page.getByTestId('rules-entry').filter({ hasText: firstSrc });
    expect(await first.getByTestId('rules-entry-reason').innerText()).toMatch(new RegExp(`^finding ${firstKind}: `));
    await page.getByTestId('rules-format').selectOption('nft');
    await page.getByTestId('rules-generate').click();
    const script = page.getByTestId('rules-script');
    await expect.poll(() => script.innerText()).toContain(`${firstSrc}/32`);
    for (const s of sources) expect(await script.innerText()).toContain(s);
    await shot(page, 'rules-block');
  });

  it('generates an allow-list and shows and saves its rules JSON', async () => {
    const page = await open({ sample: true });
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-tab-allow').click();
    await page.getByTestId('allow-group').selectOption('any');
    await page.getByTestId('allow-dest').selectOption('any');
    await page.getByTestId('allow-generate').click();
    const summary = page.getByTestId('allow-summary');
    await summary.waitFor();
    const n = Number(/^([\d,]+) allow rule/.exec(await summary.innerText())![1].replace(/,/g, ''));
    expect(n).toBeGreaterThan(0);
    expect(await page.getByTestId('allow-script').innerText()).toMatch(/table inet fwlens_allow/);
    await page.getByTestId('allow-show-json').click();
    await expect.poll(() => page.getByTestId('allow-script').innerText()).toContain('"kind": "fwlens-allow"');
    await shot(page, 'rules-allow');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('allow-save').click()]);
    expect(download.suggestedFilename()).toBe('fwlens-allow-nft.rules.json');
    const file = join(session.served.dir, 'allow.rules.json');
    await download.saveAs(file);
    const rs = JSON.parse(readFileSync(file, 'utf8')) as { group: string; dest: string; rules: Array<{ dst: string[] }> };
    expect(rs).toMatchObject({ group: 'any', dest: 'any' });
    expect(rs.rules).toHaveLength(n);
    // Any source to any destination: every rule's destination is the whole address space of its family.
    for (const r of rs.rules) expect(['0.0.0.0/0', '::/0']).toContain(r.dst.join(','));
    await page.getByTestId('allow-show-rollback').click();
    await expect.poll(() => page.getByTestId('allow-script').innerText()).toMatch(/^# fwlens rollback \(nftables\)[\s\S]*delete table inet fwlens_allow/);
  });

  it('shows each traced packet with its verdict and the rule text of every step it hit', async () => {
    const page = await open({ files: [TRACE], rulesets: [RULES] });
    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-tab-traces').click();
    const traces = page.getByTestId('trace');
    await traces.first().waitFor();
    expect(await traces.count()).toBe(3);
    const ssh = traces.nth(0);
    expect((await ssh.getByTestId('trace-packet').innerText()).replace(/\s+/g, ' ').trim()).toBe('198.51.100.7 → 192.0.2.10 TCP/22');
    expect(await ssh.getByTestId('trace-verdict').innerText()).toBe('rule 4');
    expect(await ssh.getByTestId('trace-step-name').allInnerTexts()).toEqual(['raw:PREROUTING:policy:2', 'mangle:PREROUTING:policy:1', 'nat:PREROUTING:policy:1',
      'mangle:INPUT:policy:1', 'filter:INPUT:rule:1', 'filter:f2b-sshd:return:2', 'filter:INPUT:rule:4']);
    // Rule 4 of INPUT in the imported iptables-save file is the one that accepted the SSH packet.
    const input = readFileSync(RULES, 'utf8').split('\n').filter((l) => l.startsWith('-A INPUT'));
    expect(await ssh.getByTestId('trace-rule').allInnerTexts()).toEqual([input[0], input[3]]);
    expect(await traces.nth(1).getByTestId('trace-rule').last().innerText()).toBe('policy DROP');
    expect(await page.getByTestId('traces-no-ruleset').count()).toBe(0);
    await shot(page, 'rules-traces');
  });

  it('a case without scans or TRACE lines says so, and how to get traces and their rule text', async () => {
    const page = await open();
    await page.getByTestId('nav-rules').click();
    expect(await page.getByTestId('rules-empty').innerText()).toMatch(/Add to block list/);
    await page.getByTestId('rules-tab-findings').click();
    await page.getByTestId('findings-empty').waitFor();
    await page.getByTestId('rules-tab-traces').click();
    const empty = page.getByTestId('traces-empty');
    await empty.waitFor();
    const text = await empty.innerText();
    expect(text).toMatch(/-j TRACE/);
    expect(text).toMatch(/fwlens ruleset import/);
    await shot(page, 'rules-traces-empty');
  });
});
