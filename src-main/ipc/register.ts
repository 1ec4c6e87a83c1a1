// The only module that touches ipcMain: one handler per contract channel, delegating to the
// service; progress events and menu requests forwarded to the window.
import { ipcMain, dialog, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { mkdirSync } from 'node:fs';
import { API_CHANNELS, CASE_CHANGED_CHANNEL, CASE_DIALOG_CHANNEL, EXPORT_DIALOG_CHANNEL, MENU_CHANNEL, PROGRESS_CHANNEL, type ExportFormat, type MenuEvent } from '../shared/api.ts';
import { caseDialog, caseFileFrom, checkCaseFileMode } from './case-dialog.ts';
import type { FwlensService } from '../app/service.ts';
import { dispatch } from '../app/dispatch.ts';

const FILTERS: Record<ExportFormat, Electron.FileFilter> = {
  csv: { name: 'CSV', extensions: ['csv'] }, json: { name: 'JSON', extensions: ['json'] }, parquet: { name: 'Parquet', extensions: ['parquet'] },
};

/** Registers the handlers; answers the function that removes them. */
export function registerIpc(service: FwlensService, window: () => BrowserWindow | null, caseFolder: () => string): () => void {
  // Only our own window may call: a stray webContents (devtools extension, future popup) may not.
  const fromOurWindow = (e: IpcMainInvokeEvent) => e.sender === window()?.webContents;
  for (const ch of API_CHANNELS) {
    ipcMain.handle(ch, (e, ...args: unknown[]) => {
      if (!fromOurWindow(e)) return { ok: false, error: { code: 'BAD_ARGUMENT', message: 'not from the app window' } };
      return dispatch(service, ch, args);
    });
  }
  ipcMain.handle(EXPORT_DIALOG_CHANNEL, async (e, format: unknown) => {
    const win = window();
    if (!fromOurWindow(e) || !win || typeof format !== 'string' || !(format in FILTERS)) return null;
    const f = format as ExportFormat;
    const r = await dialog.showSaveDialog(win, { defaultPath: `fwlens-export.${f}`, filters: [FILTERS[f]] });
    return r.canceled ? null : (r.filePath ?? null);
  });
  // The Cases view's chooser: the dialog answers a path, which the page then opens with openCase like a typed one.
  ipcMain.handle(CASE_DIALOG_CHANNEL, async (e, rawMode: unknown) => {
    const win = window();
    const mode = checkCaseFileMode(rawMode);
    if (!fromOurWindow(e) || !win || !mode) return null;
    const folder = caseFolder();
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const d = caseDialog(mode, folder);
    if (d.kind === 'save') return caseFileFrom((await dialog.showSaveDialog(win, d.options)).filePath, mode);
    return caseFileFrom((await dialog.showOpenDialog(win, d.options)).filePaths[0], mode);
  });
  const offProgress = service.onProgress((ev) => window()?.webContents.send(PROGRESS_CHANNEL, ev));
  const offChanged = service.onCaseChanged((ev) => window()?.webContents.send(CASE_CHANGED_CHANNEL, ev));
  const off = () => { offProgress(); offChanged(); };
  return () => {
    for (const ch of API_CHANNELS) ipcMain.removeHandler(ch);
    ipcMain.removeHandler(EXPORT_DIALOG_CHANNEL);
    ipcMain.removeHandler(CASE_DIALOG_CHANNEL);
    off();
  };
}

export function sendMenu(win: BrowserWindow | null, ev: MenuEvent): void {
  win?.webContents.send(MENU_CHANNEL, ev);
}
