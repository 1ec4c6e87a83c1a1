// Electron shell: one sandboxed window, the native menu and its dialogs, window state and recent
// cases; every behaviour lives in the service, which also runs under Node (browser mode, tests).
import { app, BrowserWindow, Menu, dialog, session, shell, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { FwlensService } from './app/service.ts';
import { RecentCases } from './app/recent-cases.ts';
import { dataDir, ensureSampleCase } from './app/data-dir.ts';
import { casesDir } from './app/import-extras.ts';
import { mkdirSync } from 'node:fs';
import { loadWindowState, saveWindowState } from './app/window-state.ts';
import { registerIpc, sendMenu } from './ipc/register.ts';
import { caseDialog, caseFileFrom } from './ipc/case-dialog.ts';
import { ownerOnlyFiles } from './app/work-dir.ts';

const CSP = `default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`;

let win: BrowserWindow | null = null;
let service: FwlensService;

async function openCase(path: string, create: boolean): Promise<void> {
  try {
    const caseInfo = await service.open(path, create);
    sendMenu(win, { action: 'caseOpened', caseInfo });
    buildMenu();
  } catch (e) {
    sendMenu(win, { action: 'error', message: (e as Error).message });
  }
}

async function pickCase(create: boolean): Promise<void> {
  if (!win) return;
  // A default folder the user need not think about (the data folder's cases/), any other one a click away.
  const folder = casesDir(dataDir());
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const mode = create ? 'create' : 'open';
  const d = caseDialog(mode, folder);
  const picked = d.kind === 'save' ? (await dialog.showSaveDialog(win, d.options)).filePath : (await dialog.showOpenDialog(win, d.options)).filePaths[0];
  const path = caseFileFrom(picked, mode);
  if (path) await openCase(path, create);
}

async function pickImport(folder: boolean): Promise<void> {
  if (!win) return;
  const r = await dialog.showOpenDialog(win, { title: folder ? 'Import Folder' : 'Import Files', properties: folder ? ['openDirectory'] : ['openFile', 'multiSelections'] });
  if (!r.canceled && r.filePaths.length) sendMenu(win, { action: 'importPaths', paths: r.filePaths });
}

function buildMenu(): void {
  const recent = new RecentCases(dataDir()).existing().slice(0, 10);
  const file: MenuItemConstructorOptions[] = [
    { label: 'Open Case…', accelerator: 'CmdOrCtrl+O', click: () => void pickCase(false) },
    { label: 'New Case…', accelerator: 'CmdOrCtrl+N', click: () => void pickCase(true) },
    { label: 'Recent Cases', submenu: recent.length ? recent.map((p) => ({ label: p, click: () => void openCase(p, false) })) : [{ label: 'None', enabled: false }] },
    { type: 'separator' },
    { label: 'Import Files…', accelerator: 'CmdOrCtrl+I', click: () => void pickImport(false) },
    { label: 'Import Folder…', click: () => void pickImport(true) },
    { type: 'separator' },
    { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => sendMenu(win, { action: 'export' }) },
    { type: 'separator' },
    { role: 'quit' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate([
    { label: 'File', submenu: file },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]));
}

function createWindow(): void {
  const stateDir = app.getPath('userData');
  const state = loadWindowState(stateDir);
  win = new BrowserWindow({
    ...state,
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  const remember = () => {
    if (!win || win.isMinimized()) return;
    saveWindowState(stateDir, { ...(win.isMaximized() ? loadWindowState(stateDir) : win.getBounds()), maximized: win.isMaximized() });
  };
  win.on('resize', remember);
  win.on('move', remember);
  win.on('close', remember);
  win.on('closed', () => (win = null));
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // The page never navigates: external links go to the browser, anything else is dropped.
  win.webContents.on('will-navigate', (e, url) => {
    e.preventDefault();
    if (/^https?:\/\//i.test(url) && !url.startsWith(process.env.ELECTRON_RENDERER_URL ?? '\0')) void shell.openExternal(url);
  });
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'));
}

// Case files, their WAL and spill files are evidence: readable by the owner only.
ownerOnlyFiles();

void app.whenReady().then(async () => {
  // Dev mode (vite) needs its own origin for HMR; the packaged app gets the strict policy.
  if (!process.env.ELECTRON_RENDERER_URL) {
    session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP], 'X-Content-Type-Options': ['nosniff'] } });
    });
  }
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  service = new FwlensService({ shell: 'electron', dataDir: dataDir(), version: app.getVersion() });
  registerIpc(service, () => win, () => casesDir(dataDir()));
  const last = new RecentCases(dataDir()).existing()[0];
  try {
    // Bundled, import.meta.dirname is out/main: the sample is found from the app's root instead.
    await service.open(last ?? (await ensureSampleCase(dataDir(), join(app.getAppPath(), 'resources', 'sample'))), false);
  } catch {
    // No case is fine: the renderer offers Open/New Case.
  }
  buildMenu();
  createWindow();
});
app.on('web-contents-created', (_e, wc) => wc.on('will-attach-webview', (ev) => ev.preventDefault()));
app.on('window-all-closed', () => {
  // The window's queries are cancelled and let go of the case before it closes (see closeWhenSettled).
  void (service?.closeWhenSettled() ?? Promise.resolve()).finally(() => app.quit());
});
