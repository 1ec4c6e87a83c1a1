// The only module that touches ipcMain: one handler per contract channel.
import { ipcMain, app } from 'electron';
import type { AppInfo, Result } from '../shared/api.ts';

export function registerIpc(): void {
  ipcMain.handle('appInfo', async (): Promise<Result<AppInfo>> => ({ ok: true, value: { version: app.getVersion(), casePath: null } }));
}
