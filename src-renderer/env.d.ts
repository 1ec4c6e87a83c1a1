/// <reference types="svelte" />
/// <reference types="vite/client" />
// What the Electron preload exposes on window (absent in browser mode).
import type { CaseChange, CaseFileMode, FwlensApi, ProgressEvent } from '../src-main/shared/api.ts';

declare global {
  interface Window {
    fwlens?: FwlensApi & {
      onProgress?(cb: (e: ProgressEvent) => void): (() => void) | void;
      onCaseChanged?(cb: (e: CaseChange) => void): (() => void) | void;
      /** Optional: webUtils.getPathForFile, for files picked or dropped in Electron. */
      pathForFile?(file: File): string;
      /** The native open/save dialog for a case file (ShellHelpers.chooseCaseFile). */
      chooseCaseFile?(mode: CaseFileMode): Promise<string | null>;
    };
  }
}
export {};
