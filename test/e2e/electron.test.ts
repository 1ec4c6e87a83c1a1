// The desktop shell launched for real with Playwright's Electron driver — where the runtime exists.
import { describe, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';
import { requires } from '../requires.ts';

const require = createRequire(import.meta.url);
/** The electron package's binary path; its runtime is downloaded on first launch (not possible here). */
function electronBinary(): string | null {
  try {
    const p = require('electron') as unknown as string;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
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
