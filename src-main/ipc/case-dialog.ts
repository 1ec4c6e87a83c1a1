// The native case-file chooser's settings (title, default folder, filters) for the Electron menu and the Cases
// view alike; plain data, so it runs and is tested under Node without Electron.
import { join } from 'node:path';
import type { CaseFileMode } from '../shared/api.ts';

export const CASE_FILTERS = [{ name: 'fwlens case', extensions: ['duckdb'] }, { name: 'All files', extensions: ['*'] }];

export type CaseDialog =
  | { kind: 'open'; options: { title: string; defaultPath: string; properties: Array<'openFile'>; filters: typeof CASE_FILTERS } }
  | { kind: 'save'; options: { title: string; defaultPath: string; filters: typeof CASE_FILTERS } };

/** `folder`: where cases go unless the user picks another (the data folder's cases/). */
export function caseDialog(mode: CaseFileMode, folder: string): CaseDialog {
  if (mode === 'create') return { kind: 'save', options: { title: 'New Case', defaultPath: join(folder, 'case.duckdb'), filters: CASE_FILTERS } };
  return { kind: 'open', options: { title: 'Open Case', defaultPath: folder, properties: ['openFile'], filters: CASE_FILTERS } };
}

/** The mode from the page, checked (the page is not trusted with anything else). */
export function checkCaseFileMode(raw: unknown): CaseFileMode | null {
  return raw === 'open' || raw === 'create' ? raw : null;
}

/** A save dialog's answer as a case file: `.duckdb` added when the name has no extension. */
export function caseFileFrom(path: string | undefined | null, mode: CaseFileMode): string | null {
  if (!path) return null;
  return mode === 'create' && !/\.[A-Za-z0-9]+$/.test(path) ? `${path}.duckdb` : path;
}
