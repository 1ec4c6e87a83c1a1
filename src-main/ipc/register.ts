// The only module that touches ipcMain: one handler per contract channel, delegating to the
// service; progress events and menu requests forwarded to the window.
import { ipcMain, dialog, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { API_CHANNELS, CASE_CHANGED_CHANNEL, EXPORT_DIALOG_CHANNEL, MENU_CHANNEL, PROGRESS_CHANNEL, type ExportFormat, type MenuEvent } from '../shared/api.ts';
import type { FwlensService } from '../app/service.ts';
import { dispatch } from '../app/dispatch.ts';

const FILTERS: Record<ExportFormat, Electron.FileFilter> = {
  csv: { name: 'CSV', extensions: ['csv'] }, json: { name: 'JSON', extensions: ['json'] }, parquet: { name: 'Parquet', extensions: ['parquet'] },
};

/** Registers the handlers; answers the function that removes them. */
export function registerIpc(service: FwlensService, window: () => BrowserWindow | null): () => void {
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
  const offProgress = service.onProgress((ev) => window()?.webContents.send(PROGRESS_CHANNEL, ev));
  const offChanged = service.onCaseChanged((ev) => window()?.webContents.send(CASE_CHANGED_CHANNEL, ev));
  const off = () => { offProgress(); offChanged(); };
  return () => {
    for (const ch of API_CHANNELS) ipcMain.removeHandler(ch);
    ipcMain.removeHandler(EXPORT_DIALOG_CHANNEL);
    off();
  };
}

export function sendMenu(win: BrowserWindow | null, ev: MenuEvent): void {
  win?.webContents.send(MENU_CHANNEL, ev);
}
