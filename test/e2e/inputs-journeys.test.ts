// The filter inputs, the SQL editor's help and the address lookup in Debian's Chromium against browser
// mode on the sample case: a country by name with completion, source/destination scope, typed times,
// completion of columns and functions, the schema browser, an error marked where DuckDB points, and a
// lookup against silent DNS and RDAP servers (Cancel, then "offline").
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import dgram from 'node:dgram';
import net from 'node:net';
import type { Page } from 'playwright-core';
import { COUNTRY_NAMES } from '../../src-renderer/charts/iso-numeric.ts';
import { browserSession, journey as it, shot } from './browser.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });

/** The grid's column index of a header, by its name. */
async function columnIndex(page: Page, name: string): Promise<number> {
  const heads = await page.getByTestId('grid-header').allInnerTexts();
  const i = heads.findIndex((h) => h.trim().split(/\s/)[0] === name);
  expect(i, `column ${name} in ${heads.join(',')}`).toBeGreaterThanOrEqual(0);
  return i;
}

/** The first grid cell of a column whose text matches. */
async function firstCell(page: Page, column: number, re: RegExp): Promise<string> {
  const cells = page.locator(`[data-testid="grid-cell"][data-cell$=":${column}"]`);
  // Rows appear before their page of cells has arrived.
  const hit = async () => (await cells.allInnerTexts()).map((t) => t.trim()).find((t) => re.test(t));
  await expect.poll(hit, { message: `a cell matching ${re}` }).toBeDefined();
  return (await hit())!;
}

async function setEditor(page: Page, text: string): Promise<void> {
  await page.getByTestId('sql-input').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

describe('filter inputs, SQL help and lookups in the browser', () => {
  it('filters by a country typed by name with completion, by source scope, and by a typed time in UTC', async () => {
    const page = await session.open({ sample: true }, { width: 1440, height: 900 });
    await page.getByTestId('grid-row').first().waitFor();
    const code = await firstCell(page, await columnIndex(page, 'country'), /^[A-Z]{2}$/);
    const name = COUNTRY_NAMES[code];
    expect(name, `a name for ${code}`).toBeDefined();

    await page.getByTestId('filter-kind').selectOption('country');
    await page.getByTestId('filter-value').fill(name.slice(0, 4).toLowerCase());
    const option = page.getByTestId('country-option').filter({ hasText: name });
    await option.first().waitFor();
    await shot(page, 'inputs-country-completion');
    await option.first().click();
    expect(await page.getByTestId('country-resolved').innerText()).toBe(`${code} ${name}`);
    await page.getByTestId('filter-include').click();
    await expect.poll(() => page.getByTestId('filter-chip').first().innerText()).toContain(`country = ${code} ${name}`);
    await expect.poll(() => page.getByTestId('filter-sql').innerText()).toContain(`country = '${code}'`);
    await expect.poll(async () => (await page.locator(`[data-testid="grid-cell"][data-cell$=":${await columnIndex(page, 'country')}"]`).allInnerTexts()).length).toBeGreaterThan(0);
    const countries = await page.locator(`[data-testid="grid-cell"][data-cell$=":${await columnIndex(page, 'country')}"]`).allInnerTexts();
    expect(new Set(countries.map((c) => c.trim()))).toEqual(new Set([code]));

    // Source scope, its own column; the traffic scope's options say what they keep.
    await page.getByTestId('filter-kind').selectOption('scope');
    expect(await page.getByTestId('filter-value').locator('option').allInnerTexts()).toContain('internal: both ends internal (LAN to LAN)');
    await page.getByTestId('filter-kind').selectOption('sscope');
    await page.getByTestId('filter-value').selectOption('external');
    await page.getByTestId('filter-include').click();
    await expect.poll(() => page.getByTestId('filter-sql').innerText()).toContain(`src_scope = 'external'`);
    expect(await page.getByTestId('filter-chip').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('src scope = external')]));

    // Times: bad text gets a message; the grid's own display form is read in UTC.
    const from = page.getByTestId('time-from');
    await from.fill('08/01/2024 03:00');
    await from.press('Enter');
    await expect.poll(() => page.getByTestId('time-error').innerText()).toMatch(/is not a time: type it as 2024-01-08 03:00/);
    expect(await page.getByTestId('time-zone').innerText()).toMatch(/^UTC/);
    await page.getByTestId('grid-row').first().waitFor();
    await shot(page, 'inputs-time-error');
    const ts = await firstCell(page, await columnIndex(page, 'ts'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    const minute = ts.slice(0, 16);
    await from.fill(`${minute} UTC`);
    await from.press('Enter');
    await expect.poll(() => page.getByTestId('time-error').count()).toBe(0);
    await expect.poll(() => page.getByTestId('filter-sql').innerText()).toContain(`ts >= TIMESTAMP '${minute}:00'`);
    await page.getByTestId('grid-row').first().waitFor();
    await shot(page, 'inputs-filters');
    await page.setViewportSize({ width: 1024, height: 700 });
    await shot(page, 'inputs-filters-small');
  });

  it('completes columns of the FROM table and DuckDB functions, browses the schema, and marks an error where DuckDB points', async () => {
    const page = await session.open({ sample: true }, { width: 1440, height: 900 }, 'sql');
    // Completion knows the case once the editor has the tables and DuckDB's function names.
    await page.locator('[data-testid="sql-editor"]:not([data-tables="0"]):not([data-functions="0"])').waitFor();
    await setEditor(page, 'SELECT count(*) FROM ip_info WHERE ');
    await page.keyboard.type('sco');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await expect.poll(() => options.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^scope/)]));
    await shot(page, 'inputs-sql-completion');
    await page.keyboard.press('Escape');

    await setEditor(page, 'SELECT ');
    await page.keyboard.type('strf');
    await expect.poll(() => options.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^strftime/)]));
    await page.keyboard.press('Escape');

    // The schema browser: a click puts the name at the cursor.
    await setEditor(page, 'SELECT * FROM ');
    await page.getByTestId('sql-tab-schema').click();
    const table = page.locator('[data-testid="schema-table"][data-name="ip_info"]');
    await table.getByTestId('schema-insert-table').click();
    await expect.poll(() => page.getByTestId('sql-input').innerText()).toBe('SELECT * FROM ip_info');
    await page.getByTestId('schema-find').fill('scope');
    await expect.poll(() => page.getByTestId('schema-insert-column').allInnerTexts()).toEqual(expect.arrayContaining(['src_scope', 'dst_scope']));
    await shot(page, 'inputs-schema-browser');

    // An unknown column on line 2: the mark sits on it, at its line and column.
    const sql = 'SELECT action,\n       nosuch_col\n  FROM events';
    await setEditor(page, sql);
    await page.getByTestId('sql-run').click();
    const mark = page.getByTestId('sql-error-mark');
    await mark.waitFor();
    const line = sql.split('\n').findIndex((l) => l.includes('nosuch_col')) + 1;
    const col = sql.split('\n')[line - 1].indexOf('nosuch_col') + 1;
    expect(await mark.innerText()).toBe('nosuch_col');
    expect([await mark.getAttribute('data-line'), await mark.getAttribute('data-col')]).toEqual([String(line), String(col)]);
    expect(await page.getByTestId('sql-error-at').innerText()).toBe(`error at line ${line}, column ${col}`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'inputs-sql-error-dark');
    // An edit clears the mark (it would point at the wrong spot).
    await page.getByTestId('sql-input').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type(' ');
    await expect.poll(() => mark.count()).toBe(0);
    expect(await page.getByTestId('sql-error-at').count()).toBe(0);
  });

  it('looks up an address against silent DNS and RDAP servers: Cancel stops it, and it ends as offline', async () => {
    const dns = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => dns.bind(0, '127.0.0.1', resolve));
    const held: net.Socket[] = [];
    const rdap = net.createServer((s) => { held.push(s); s.on('error', () => undefined); });
    await new Promise<void>((resolve) => rdap.listen(0, '127.0.0.1', resolve));
    const saved = { dns: process.env.FWLENS_DNS_SERVERS, rdap: process.env.FWLENS_RDAP_URL };
    process.env.FWLENS_DNS_SERVERS = `127.0.0.1:${dns.address().port}`;
    process.env.FWLENS_RDAP_URL = `http://127.0.0.1:${(rdap.address() as net.AddressInfo).port}/`;
    try {
      const page = await session.open({ sample: true }, { width: 1440, height: 900 });
      await page.getByTestId('grid-row').first().waitFor();
      const cell = page.getByTestId('grid-cell').filter({ hasText: /^(?!192\.168\.|198\.51\.100\.|2001:db8)\d+\.\d+\.\d+\.\d+$/ }).first();
      await cell.click();
      await page.getByTestId('cell-address').click();
      await page.getByTestId('address-panel').waitFor();
      await page.getByTestId('address-lookup').click();
      await page.getByTestId('address-lookup-cancel').waitFor();
      await shot(page, 'inputs-lookup-running');
      await page.getByTestId('address-lookup-cancel').click();
      await expect.poll(() => page.getByTestId('address-lookup-note').innerText()).toMatch(/cancelled/i);

      await page.getByTestId('address-lookup').click();
      const note = page.getByTestId('address-lookup-note');
      await expect.poll(() => note.innerText(), { timeout: 15_000 }).toMatch(/^Offline: no answer from reverse DNS \(127\.0\.0\.1/);
      expect(await page.getByTestId('address-lookup-cancel').count()).toBe(0);
      await shot(page, 'inputs-lookup-offline');
    } finally {
      process.env.FWLENS_DNS_SERVERS = saved.dns;
      process.env.FWLENS_RDAP_URL = saved.rdap;
      if (saved.dns === undefined) delete process.env.FWLENS_DNS_SERVERS;
      if (saved.rdap === undefined) delete process.env.FWLENS_RDAP_URL;
      for (const s of held) s.destroy();
      dns.close();
      await new Promise((resolve) => rdap.close(resolve));
    }
  });
});
