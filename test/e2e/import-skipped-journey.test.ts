// The import view counts other programs' syslog lines as skipped, apart from rejects, with the programs
// named: for a source already in the case and for a file uploaded in this session.
import { describe, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { OWN } from '../helpers.ts';
import { browserSession, journey as it, shot } from './browser.ts';

const session = browserSession({ beforeAll, afterAll, afterEach });
const MIXED = join(OWN, 'skipped/syslog-mixed.log');
const NO_FIREWALL = join(OWN, 'skipped/syslog-no-firewall.log');

describe('skipped lines in the import view', () => {
  it('shows skipped lines per source with their programs, apart from rejects, and says when a file has no firewall line', async () => {
    const page = await session.open({ files: [MIXED] }, { width: 1440, height: 900 }, 'import');
    const kept = page.getByTestId('case-sources').getByTestId('case-sources-row').first();
    await kept.waitFor();
    // syslog-mixed.log: 2 events, 1 reject (the cut-off UFW line), 9 skipped (see the fixtures' README).
    expect(await kept.getByTestId('case-sources-skipped').innerText()).toMatch(/^9\s+sshd 3, CRON 2, kernel 1, …$/);
    expect(await kept.getByTestId('show-rejects').innerText()).toBe('1');
    expect(await kept.getByTestId('case-sources-skipped').getAttribute('title')).toBe('sshd 3, CRON 2, kernel 1, kernel (nf_conntrack) 1, rsyslogd 1, systemd 1');

    const file = join(session.served.dir, 'mail01-syslog');
    copyFileSync(NO_FIREWALL, file);
    await page.getByTestId('import-tz').fill('UTC');
    await page.getByTestId('import-files').setInputFiles([file]);
    const row = page.getByTestId('import-summary').getByTestId('import-summary-row').first();
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getByTestId('import-summary-skipped').innerText()).toMatch(/^4\s+postfix\/smtpd 2, CRON 1, sshd 1$/);
    expect(await row.innerText()).toContain("no firewall lines: all 4 lines are other programs'");
    await shot(page, 'import-skipped-1440');
    await page.setViewportSize({ width: 1024, height: 700 });
    await shot(page, 'import-skipped-1024');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'import-skipped-dark');
  });
});
