// Uploads given up in Debian's Chromium against browser mode: files sent before an upload-cancel are
// deleted from the server at once, not kept until it stops.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Route } from 'playwright-core';
import { browserSession, journey as it, shot } from './browser.ts';
import { writeYearLessLog } from '../year-less-log.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });

/** Every file under a folder (uploads live one per sub-folder). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

describe('uploads given up in the browser', () => {
  it('deletes the files already uploaded when the upload is cancelled before the import starts', async () => {
    const page = await session.open({}, { width: 1440, height: 900 }, 'import');
    const first = join(session.served.dir, 'a-kern.log');
    const second = join(session.served.dir, 'b-kern.log');
    writeYearLessLog(first, 200, new Date(Date.UTC(2024, 5, 1)));
    writeYearLessLog(second, 300, new Date(Date.UTC(2024, 5, 2)));
    // The second file's upload is held in the browser (it never reaches the server) until the cancel aborts it.
    const held: Route[] = [];
    await page.route((url) => url.pathname === '/upload' && url.searchParams.get('name') === 'b-kern.log', (route) => {
      held.push(route);
    });
    await page.getByTestId('import-options').waitFor();
    await page.getByTestId('import-files').setInputFiles([first, second]);
    await expect.poll(() => held.length, { message: 'the second upload started' }).toBe(1);
    // The first file is on the server, waiting for an import that will not come.
    await expect.poll(() => filesUnder(session.served.uploadDir)).toEqual([expect.stringMatching(/a-kern\.log$/)]);
    await shot(page, 'upload-cancel-before');

    await page.getByTestId('upload-cancel').click();
    await expect.poll(() => page.getByTestId('import-notice').innerText()).toBe('Upload cancelled: nothing was imported; the file already sent was deleted from the server.');
    await expect.poll(() => filesUnder(session.served.uploadDir), { message: 'the upload folder is empty' }).toEqual([]);
    await shot(page, 'upload-cancel-after');
  });
});
