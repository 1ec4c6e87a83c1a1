// The main window's bounds, remembered between runs in a small JSON file (Electron passes its
// userData folder); plain Node so it is testable without Electron.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WindowState { x?: number; y?: number; width: number; height: number; maximized: boolean }

const DEFAULT: WindowState = { width: 1280, height: 800, maximized: false };
const okNum = (n: unknown, min: number, max: number) => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

export function loadWindowState(dir: string): WindowState {
  try {
    const s = JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')) as Partial<WindowState>;
    // A hand-edited or corrupt file must not open a window of size 0 or far off every screen.
    if (!okNum(s.width, 400, 20000) || !okNum(s.height, 300, 20000)) return DEFAULT;
    const placed = okNum(s.x, -20000, 20000) && okNum(s.y, -20000, 20000);
    return { width: s.width!, height: s.height!, maximized: s.maximized === true, ...(placed ? { x: s.x, y: s.y } : {}) };
  } catch {
    return DEFAULT;
  }
}

export function saveWindowState(dir: string, s: WindowState): void {
  try {
    writeFileSync(join(dir, 'window-state.json'), JSON.stringify(s) + '\n');
  } catch {
    // Losing the window position is not worth an error dialog.
  }
}
