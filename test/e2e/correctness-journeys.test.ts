// Journeys on what the app shows being right: ready questions by direction, the SQL export in the
// grid's order, findings in words, the address panel's peers, and the shortcuts sheet.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CaseDb } from '../../src-main/db/case-db.ts';
import { tempDir } from '../helpers.ts';
import { browserSession, journey as it, shot, runSql } from './browser.ts';
import { DOD, GOOGLE, writeDirectionLog } from '../direction-traffic.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });
const logDir = tempDir();
const LOG = join(logDir.dir, 'fw.log');
writeDirectionLog(LOG);
afterAll(() => logDir.cleanup());

const rows = (page: Page) => page.getByTestId('grid-row');
/** The grid's rows on screen, as cell texts. */
async function gridText(page: Page): Promise<string[][]> {
  const out: string[][] = [];
  for (const r of await rows(page).all()) out.push((await r.getByTestId('grid-cell').allInnerTexts()).map((c) => c.trim()));
  return out;
}

/** The org the case's offline data gives an address (as the app shows it). */
async function orgOf(page: Page, address: string): Promise<string> {
  await runSql(page, `SELECT org FROM ip_info WHERE address = '${address}'`);
  await expect.poll(async () => (await rows(page).allInnerTexts()).length).toBe(1);
  return (await rows(page).first().innerText()).trim();
}

describe('what the app shows is right', () => {
  it('"who are we connecting to" by organisation counts outbound only; "who is reaching us" has the scanner', async () => {
    const page = await session.open({ files: [LOG] }, { width: 1440, height: 900 }, 'sql');
    const google = await orgOf(page, GOOGLE);
    const dod = await orgOf(page, DOD);
    await expect.poll(() => page.getByTestId('ready-question-dest-by-org').innerText()).toMatch(/\(outbound\)/);
    await page.getByTestId('ready-question-dest-by-org').click();
    // Hand-counted in test/direction-traffic.ts: Google 4, Quad9 2, Yandex 1, Apple 1 — and no DoD.
    await expect.poll(async () => (await gridText(page)).length).toBe(4);
    const out = await gridText(page);
    expect(out[0]).toContain(google);
    expect(out[0]).toContain('4');
    expect(out.flat()).not.toContain(dod);
    await shot(page, 'correctness-dest-by-org');
    await page.getByTestId('ready-question-src-by-org').click();
    await expect.poll(async () => (await gridText(page))[0]?.includes(dod)).toBe(true);
    expect((await gridText(page))[0]).toContain('9');
    await shot(page, 'correctness-src-by-org');
  });

  it('the SQL view exports in the order the grid was sorted by its header', async () => {
    const page = await session.open({ files: [LOG] }, { width: 1440, height: 900 }, 'sql');
    await runSql(page, 'SELECT dst, count(*) AS n FROM events GROUP BY dst ORDER BY n DESC, dst');
    await expect.poll(() => rows(page).count()).toBeGreaterThan(3);
    const firstColumn = async () => (await gridText(page)).map((r) => r[0]);
    const unsorted = await firstColumn();
    const exportCsv = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
      const file = join(session.served.dir, name);
      await download.saveAs(file);
      return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0].replace(/^"|"$/g, ''));
    };
    expect(await exportCsv('unsorted.csv')).toEqual(unsorted);
    const header = page.getByTestId('grid-header').filter({ hasText: /^dst/ });
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    // The grid refetches after a sort: wait for all its rows, in a new order.
    const reordered = async () => {
      const c = await firstColumn();
      return c.length === unsorted.length && c.join() !== unsorted.join();
    };
    await expect.poll(reordered).toBe(true);
    const ascending = await firstColumn();
    expect([...ascending].sort()).toEqual([...unsorted].sort());
    expect(await exportCsv('ascending.csv')).toEqual(ascending);
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(firstColumn).toEqual([...ascending].reverse());
    expect(await exportCsv('descending.csv')).toEqual([...ascending].reverse());
    await shot(page, 'correctness-sql-export-sorted');
  });

  it('scan findings say their spans in words, with thousands separators', async () => {
    // A slow scan: ports 1…2500, one every 3 s (2499 × 3 s = 7497 s = 2 h 4 min 57 s), and two XMAS
    // probes from another source 10 minutes apart.
    const at = (s: number) => new Date(Date.UTC(2024, 2, 14) + s * 1000).toISOString().replace('.000', '');
    const line = (t: number, src: string, dport: number, flags: string) =>
      `${at(t)} fw kernel: IN-DROP IN=eth0 OUT= SRC=${src} DST=192.168.1.1 LEN=44 TOS=0x00 PREC=0x00 TTL=40 ID=0 PROTO=TCP SPT=40000 DPT=${dport} WINDOW=1024 RES=0x00 ${flags} URGP=0`;
    const scan = Array.from({ length: 2500 }, (_, i) => line(i * 3, '45.155.205.10', i + 1, 'SYN'));
    const xmas = [line(100, '45.155.205.99', 80, 'URG PSH FIN'), line(700, '45.155.205.99', 80, 'URG PSH FIN')];
    const file = join(logDir.dir, 'slow-scan.log');
    writeFileSync(file, [...scan, ...xmas].sort().join('\n') + '\n');
    const page = await session.open({ files: [file] }, { width: 1440, height: 900 }, 'rules');
    await page.getByTestId('rules-tab-findings').click();
    const details = page.getByTestId('finding').locator('td.detail');
    await expect.poll(() => details.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const texts = await details.allInnerTexts();
    expect(texts).toContain('2,500 distinct ports within 1 min windows, over 2 h 4 min; protocol TCP');
    expect(texts).toContain('2 packets with flags FIN+PSH+URG, over 10 min');
    await shot(page, 'correctness-findings-words');
  });

  it('the address panel\'s peers have headers, and a click on a peer filters Explore to the two of them', async () => {
    const served = await session.serve({ files: [LOG] });
    await served.stop();
    // A cached reverse-DNS failure, so the panel shows its status with its age.
    const db = await CaseDb.open(served.casePath);
    await db.run(`UPDATE ip_info SET rdns_status = 'timeout', rdns_at = now()::TIMESTAMP WHERE address = '192.168.1.10'`);
    db.close();
    const { startServer } = await import('../../src-main/server/server.ts');
    const s = await startServer({ casePath: served.casePath, port: 0, create: false, dataDir: served.dir });
    try {
      for (const [w, h] of [[1440, 900], [1024, 700]] as const) {
        const page = await session.browser().newPage({ viewport: { width: w, height: h } });
        await page.goto(s.url);
        await page.getByTestId('nav-explore').click();
        const cell = page.getByTestId('grid-cell').filter({ hasText: /^192\.168\.1\.10$/ }).first();
        await cell.click();
        await page.getByTestId('cell-address').click();
        const panel = page.getByTestId('address-panel');
        await expect.poll(() => panel.getByTestId('address-rdns-age').count()).toBe(1);
        expect(await panel.locator('dd').filter({ hasText: 'timeout' }).innerText()).toMatch(/^timeout · just now$/);
        const peers = panel.getByTestId('address-peers');
        expect((await peers.locator('thead th').allInnerTexts()).slice(0, 3)).toEqual(['peer', 'org', 'events']);
        // 192.168.1.10's peers: Google 3 out + 2 replies = 5, Quad9 2, the firewall's DNS 2, Yandex 1.
        const google = peers.locator('tr').filter({ has: page.getByTestId('address-peer').filter({ hasText: GOOGLE }) });
        expect(await google.getByTestId('address-peer-events').innerText()).toBe('5');
        await shot(page, `correctness-address-peers-${w}`);
        if (w === 1440) {
          await page.emulateMedia({ colorScheme: 'dark' });
          await shot(page, 'correctness-address-peers-dark');
          await page.emulateMedia({ colorScheme: 'light' });
        }
        await google.getByTestId('address-peer').click();
        await expect.poll(() => page.locator('nav [aria-current="page"]').innerText()).toBe('Explore');
        await expect.poll(() => page.getByTestId('filter-chip').allInnerTexts()).toEqual([
          expect.stringContaining('192.168.1.10'), expect.stringContaining(GOOGLE),
        ]);
        await expect.poll(() => page.getByTestId('result-count').innerText()).toMatch(/^5 events/);
        await shot(page, `correctness-peer-filtered-${w}`);
        await page.close();
      }
    } finally {
      await s.close();
    }
  });

  it('the shortcuts sheet lists every view key, Alt+5 included, and Alt+5 opens SQL', async () => {
    const page = await session.open({}, { width: 1024, height: 700 }, null);
    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcuts');
    await sheet.waitFor();
    const listed = await sheet.getByTestId('shortcut-row').allInnerTexts();
    for (const d of '0123456') expect(listed.some((r) => r.startsWith(`Alt+${d}`)), `Alt+${d}`).toBe(true);
    expect(listed.find((r) => r.startsWith('Alt+5'))).toMatch(/SQL/);
    await shot(page, 'correctness-shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
    await page.keyboard.press('Alt+5');
    await expect.poll(() => page.locator('nav [aria-current="page"]').innerText()).toBe('SQL');
  });
});
