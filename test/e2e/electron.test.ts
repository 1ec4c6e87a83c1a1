// The desktop shell launched for real with Playwright's Electron driver — where the runtime exists.
import { describe, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';
import { requires } from '../requires.ts';

/**
 * The electron package's binary, when its runtime is there. Not `require('electron')`: that starts a
 * download of the runtime when it is missing (slow, noisy, and impossible on this network).
 */
function electronBinary(): string | null {
  const dir = join(ROOT, 'node_modules/electron');
  const pathFile = join(dir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const p = override ? join(override, rel ?? 'electron') : rel ? join(dir, 'dist', rel) : null;
  return p && existsSync(p) ? p : null;
}
const bin = electronBinary();
// The only group allowed to skip in strict mode: the runtime is fetched on first launch, which this network forbids.
const it = requires({
  what: 'the Electron runtime',
  fix: 'it is downloaded on first launch (npx electron), which this network does not allow',
  present: () => bin !== null,
  allowedInStrict: true,
});

describe('Electron shell', () => {
  it('opens one sandboxed window showing the sample case', async () => {
    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({ executablePath: bin!, args: [join(ROOT, 'out/main/index.js')] });
    try {
      const win = await app.firstWindow();
      await win.getByTestId('nav-explore').waitFor();
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      // No Node in the page (nodeIntegration off, sandboxed); the contract's channels only.
      const page = await win.evaluate(() => {
        const g = globalThis as unknown as { require?: unknown; process?: unknown; fwlens?: Record<string, unknown> };
        return { require: typeof g.require, process: typeof g.process, api: typeof g.fwlens?.runQuery };
      });
      expect(page).toEqual({ require: 'undefined', process: 'undefined', api: 'function' });
    } finally {
      await app.close();
    }
  });
});
