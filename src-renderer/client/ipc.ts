// Electron transport: the preload's window.fwlens channels, called as they are.
import { API_CHANNELS, type ApiMethod, type CaseFileMode, type ProgressEvent, type Result } from '../../src-main/shared/api.ts';
import { failure, type FwlensClient } from './types.ts';

export function createIpcClient(bridge: NonNullable<Window['fwlens']>): FwlensClient {
  const call = async (method: ApiMethod, args: unknown[]): Promise<Result<unknown>> => {
    try {
      const fn = bridge[method] as unknown as (...a: unknown[]) => Promise<Result<unknown>>;
      return await fn(...args);
    } catch (e) {
      return failure(`${method}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const methods = Object.fromEntries(API_CHANNELS.map((m) => [m, (...args: unknown[]) => call(m, args)]));
  return {
    ...(methods as unknown as Omit<FwlensClient, 'transport' | 'onProgress' | 'onCaseChanged' | 'onConnection' | 'upload' | 'discardUploads' | 'chooseCaseFile'>),
    transport: 'ipc',
    onProgress(cb: (e: ProgressEvent) => void) {
      const off = bridge.onProgress?.(cb);
      return typeof off === 'function' ? off : () => {};
    },
    onCaseChanged(cb) {
      const off = bridge.onCaseChanged?.(cb);
      return typeof off === 'function' ? off : () => {};
    },
    onConnection(cb) {
      cb('open');
      return () => {};
    },
    async upload(file) {
      // Electron gives picked files a real path (webUtils in the preload, or File.path on older shells).
      const path = bridge.pathForFile?.(file) || (file as File & { path?: string }).path;
      return path ? { ok: true, value: path } : failure(`${file.name}: no local path for this file`, 'INPUT');
    },
    // Only when the shell offers it: the views fall back to the typed path without it.
    ...(bridge.chooseCaseFile ? { chooseCaseFile: (mode: CaseFileMode) => bridge.chooseCaseFile!(mode) } : {}),
    async discardUploads() {
      // Electron imports the user's own files in place: there are no copies to delete.
    },
  };
}
