// Preload: exposes exactly the contract's channels, the progress and menu subscriptions, and the
// shell helpers (a dropped file's path, the export and case-file dialogs) — nothing else.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { API_CHANNELS, CASE_CHANGED_CHANNEL, CASE_DIALOG_CHANNEL, EXPORT_DIALOG_CHANNEL, MENU_CHANNEL, PROGRESS_CHANNEL, type CaseChange, type CaseFileMode, type ExportFormat, type FwlensApi, type MenuEvent, type ProgressEvent, type ShellHelpers } from '../shared/api.ts';

function subscribe<T>(channel: string, cb: (e: T) => void): () => void {
  // The IPC event object is not passed on: it would hand the page ipcRenderer's sender.
  const listener = (_e: IpcRendererEvent, data: T) => cb(data);
  ipcRenderer.on(channel, listener);
  return () => void ipcRenderer.removeListener(channel, listener);
}

const api = Object.fromEntries(API_CHANNELS.map((ch) => [ch, (...args: unknown[]) => ipcRenderer.invoke(ch, ...args)])) as unknown as FwlensApi;
const helpers: ShellHelpers = {
  onProgress: (cb) => subscribe<ProgressEvent>(PROGRESS_CHANNEL, cb),
  onCaseChanged: (cb) => subscribe<CaseChange>(CASE_CHANGED_CHANNEL, cb),
  onMenu: (cb) => subscribe<MenuEvent>(MENU_CHANNEL, cb),
  pathForFile: (file) => webUtils.getPathForFile(file as File),
  exportPath: (format: ExportFormat) => ipcRenderer.invoke(EXPORT_DIALOG_CHANNEL, format) as Promise<string | null>,
  chooseCaseFile: (mode: CaseFileMode) => ipcRenderer.invoke(CASE_DIALOG_CHANNEL, mode) as Promise<string | null>,
};
contextBridge.exposeInMainWorld('fwlens', { ...api, ...helpers });
