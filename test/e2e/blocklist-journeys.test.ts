// Block-list journeys in Debian's Chromium against browser mode: the list lives in the case (a restart of
// `fwlens serve` on another port keeps it, each case shows its own), each entry's direction comes from where it
// was taken and goes into the script, a whole column is added only after a confirmation, and Replay offers attackers.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers.ts';
import { REPLAY_CONNTRACK, REPLAY_LOG } from '../replay-case.ts';
import { browserSession, journey as it, runSql as runSqlView, shot } from './browser.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });
const t = tempDir();
const LOG = join(t.dir, 'one.log');
beforeAll(() => {
  writeFileSync(LOG, '2024-03-14T10:00:00Z fw kernel: IN-DROP IN=eth0 OUT= SRC=45.33.32.156 DST=192.168.1.10 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0\n');
  writeFileSync(join(t.dir, 'fw.log'), REPLAY_LOG);
  writeFileSync(join(t.dir, 'ct.txt'), REPLAY_CONNTRACK);
});
afterAll(() => t.cleanup());

const SRC = '185.220.101.7';
const DST = '45.33.32.156';
const listed = async (page: Page) => Number((await page.getByTestId('blocklist-count').innerText()).replace(/\D/g, ''));

async function runSql(page: Page, sql: string): Promise<void> {
  await runSqlView(page, sql);
  await page.getByTestId('grid-row').first().waitFor();
}

/** Adds the value of the first row's cell in `col` (0-based) from its cell menu; answers the menu item's words. */
async function blockCell(page: Page, col: number): Promise<string> {
  await page.locator(`[data-testid="grid-cell"][data-cell="0:${col}"]`).click();
  const item = page.getByTestId('cell-block');
  const words = await item.innerText();
  await item.click();
  return words;
}

/** The Rules view's entries as [item, direction]. */
async function entries(page: Page): Promise<Array<[string, string]>> {
  await page.getByTestId('nav-rules').click();
  await page.getByTestId('rules-tab-block').click();
  const rows = page.getByTestId('rules-entry');
  const out: Array<[string, string]> = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push([(await rows.nth(i).locator('code').innerText()).trim(), await rows.nth(i).getByTestId('rules-entry-direction').inputValue()]);
  }
  return out;
}

describe('block-list journeys in the browser', () => {
  it('keeps the list in the case: a dst cell goes outbound, a src cell inbound, and a restart of fwlens serve on another port finds it intact', async () => {
    const page = await session.open({}, { width: 1440, height: 900 }, null);
    await runSql(page, `SELECT * FROM (VALUES ('${SRC}', '${DST}')) t(src, dst)`);
    expect(await blockCell(page, 1)).toMatch(/outbound$/);
    await expect.poll(() => listed(page)).toBe(1);
    expect(await blockCell(page, 0)).toMatch(/inbound$/);
    await expect.poll(() => listed(page)).toBe(2);
    expect(await entries(page)).toEqual([[DST, 'outbound'], [SRC, 'inbound']]);
    expect(await page.getByTestId('rules-direction-explained').innerText()).toMatch(/destination .* defaults to outbound/);

    const first = session.served;
    await first.stop();
    const { startServer } = await import('../../src-main/server/server.ts');
    const again = await startServer({ casePath: first.casePath, port: 0, dataDir: first.dir });
    try {
      expect(again.port).not.toBe(first.port);
      await page.goto(again.url);
      await page.getByTestId('nav-explore').waitFor();
      await expect.poll(() => listed(page)).toBe(2);
      expect(await entries(page)).toEqual([[DST, 'outbound'], [SRC, 'inbound']]);
      const row = page.getByTestId('rules-entry').first();
      expect(await row.getByTestId('rules-entry-reason').innerText()).toBe('cell dst');
      expect(await row.getByTestId('rules-entry-added').innerText()).toMatch(/\(browser mode\) · /);

      // One script, each entry on its own hook; changed per entry, the script follows.
      await page.getByTestId('rules-format').selectOption('nft');
      await page.getByTestId('rules-generate').click();
      const script = page.getByTestId('rules-script');
      await expect.poll(() => script.innerText()).toContain('(nftables, inbound+outbound)');
      expect(await script.innerText()).toMatch(new RegExp(`set block4_in \\{[^}]*${SRC.replace(/\./g, '\\.')}/32`));
      expect(await script.innerText()).toMatch(new RegExp(`set block4_out \\{[^}]*${DST.replace(/\./g, '\\.')}/32`));
      await page.getByTestId('rules-entry').nth(1).getByTestId('rules-entry-direction').selectOption('forward');
      await expect.poll(() => page.getByTestId('rules-directions').innerText()).toBe('1 outbound, 1 forward');
      await page.getByTestId('rules-generate').click();
      // The old script stays on screen until the new one replaces it.
      await expect.poll(() => script.innerText(), { timeout: 30_000 }).toContain('(nftables, outbound+forward)');
      expect(await script.innerText()).toMatch(/chain forward \{[^}]*ip saddr @block4_fwd[^}]*ip daddr @block4_fwd/);
      await shot(page, 'blocklist-after-restart');
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.emulateMedia({ colorScheme: 'dark' });
      await shot(page, 'blocklist-after-restart-narrow-dark');
    } finally {
      await again.close();
    }
  });

  it('shows each case its own list when switching cases, and back', async () => {
    const page = await session.open({}, { width: 1440, height: 900 }, null);
    await runSql(page, `SELECT '${SRC}' AS src`);
    await blockCell(page, 0);
    await expect.poll(() => listed(page)).toBe(1);
    const other = join(session.served.dir, 'other.duckdb');
    const { CaseDb } = await import('../../src-main/db/case-db.ts');
    (await CaseDb.open(other, { create: true })).close();
    const openCase = async (path: string) => {
      await page.getByTestId('nav-cases').click();
      await page.getByTestId('case-path').fill(path);
      await page.getByTestId('case-open').click();
      // An opened case shows its Overview; the footer names the open case.
      await expect.poll(() => page.getByTestId('credits').innerText()).toContain(path);
    };
    await openCase(other);
    await expect.poll(() => listed(page)).toBe(0);
    expect(await entries(page)).toEqual([]);
    await runSql(page, `SELECT '${DST}' AS dst`);
    await blockCell(page, 0);
    await expect.poll(() => listed(page)).toBe(1);
    expect(await entries(page)).toEqual([[DST, 'outbound']]);
    await openCase(session.served.casePath);
    await expect.poll(async () => (await entries(page)).map((e) => e[0])).toEqual([SRC]);
    await shot(page, 'blocklist-case-switch');
  });

  it('adds a column only after saying how many, how many internal (left out unless included) and what its ASNs expand to', async () => {
    const page = await session.open({ files: [LOG] }, { width: 1440, height: 900 }, null);
    await runSql(page, `SELECT count(*) AS n FROM asn_ranges WHERE asn IN (13335, 15169)`);
    const prefixes = Number((await page.locator('[data-testid="grid-cell"][data-cell="0:0"]').innerText()).replace(/\D/g, ''));
    expect(prefixes).toBeGreaterThan(0);
    await runSql(page, `SELECT * FROM (VALUES ('10.0.0.5', 13335), ('192.168.1.7', 13335), ('${DST}', 15169), ('${SRC}', 15169), ('8.8.8.8', 13335)) t(dst, asn)`);
    // Nothing is chosen for the user.
    expect(await page.getByTestId('block-column-select').inputValue()).toBe('');
    expect(await page.getByTestId('block-column').isDisabled()).toBe(true);

    await page.getByTestId('block-column-select').selectOption('asn');
    await page.getByTestId('block-column').click();
    const confirm = page.getByTestId('block-column-confirm');
    await confirm.waitFor();
    expect(await page.getByTestId('block-column-asns').innerText()).toBe(`2 ASNs expand to ${prefixes.toLocaleString('en-US')} prefixes in this case.`);
    expect(await page.getByTestId('block-column-direction').inputValue()).toBe('inbound');
    await page.getByTestId('block-column-cancel').click();
    expect(await listed(page)).toBe(0);

    await page.getByTestId('block-column-select').selectOption('dst');
    await page.getByTestId('block-column').click();
    await confirm.waitFor();
    expect(await page.getByTestId('block-column-counts').innerText()).toMatch(/^Column dst: 5 distinct/);
    expect(await page.getByTestId('block-column-internal').innerText()).toMatch(/include the 2 internal ones \(10\.0\.0\.5, 192\.168\.1\.7\), left out by default/);
    expect(await page.getByTestId('block-column-internal').locator('input').isChecked()).toBe(false);
    expect(await page.getByTestId('block-column-direction').inputValue()).toBe('outbound');
    expect(await page.getByTestId('block-column-confirm-add').innerText()).toBe('Add 3 to the block list');
    await shot(page, 'blocklist-column-confirm');
    await page.getByTestId('block-column-confirm-add').click();
    await expect.poll(() => page.getByTestId('block-column-result').innerText()).toBe('Added 3 from column dst as outbound, 2 internal left out.');
    expect(await listed(page)).toBe(3);

    await page.getByTestId('block-column').click();
    await page.getByTestId('block-column-internal').locator('input').check();
    expect(await page.getByTestId('block-column-confirm-add').innerText()).toBe('Add 5 to the block list');
    await page.getByTestId('block-column-confirm-add').click();
    await expect.poll(() => page.getByTestId('block-column-result').innerText()).toBe('Added 2 from column dst as outbound, 3 already listed.');
    expect((await entries(page)).map((e) => e[1])).toEqual(['outbound', 'outbound', 'outbound', 'outbound', 'outbound']);
    await shot(page, 'blocklist-column-added');

    // The same confirmation in Explore's toolbar, on a narrow dark window: a source column goes inbound.
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('grid-row').first().waitFor();
    await page.getByTestId('block-column-select').selectOption('src');
    await page.getByTestId('block-column').click();
    await confirm.waitFor();
    expect(await page.getByTestId('block-column-counts').innerText()).toMatch(/^Column src: 1 distinct address/);
    expect(await page.getByTestId('block-column-direction').inputValue()).toBe('inbound');
    await shot(page, 'blocklist-column-confirm-explore-narrow-dark');
  });

  it('offers the senders of inbound drops, not our server they hit, from Replay', async () => {
    const page = await session.open({ files: [join(t.dir, 'fw.log'), join(t.dir, 'ct.txt')] }, { width: 1440, height: 900 }, 'rules');
    await page.getByTestId('rules-tab-replay').click();
    await page.getByTestId('replay-text').fill(`*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp --dport 22 -s 203.0.113.5 -j ACCEPT
COMMIT
`);
    await page.getByTestId('replay-run').click();
    const button = page.getByTestId('replay-block');
    await button.waitFor();
    // Inbound drops only: from 198.51.100.7 and 127.0.0.1 (lo), all to our own 192.168.1.10 or itself.
    expect(await button.innerText()).toBe('Add 2 sources of inbound drops to the block list');
    await button.click();
    await expect.poll(() => page.getByTestId('replay-block-result').innerText()).toMatch(/^Added 2\./);
    expect((await entries(page)).sort()).toEqual([['127.0.0.1', 'inbound'], ['198.51.100.7', 'inbound']]);
    expect((await entries(page)).map((e) => e[0])).not.toContain('192.168.1.10');
    await shot(page, 'blocklist-replay-sources');
  });
});
