// The desktop case-file chooser's settings, as the Electron shell hands them to its native dialogs (the
// dialogs themselves need Electron; what they are asked and how their answer is read runs under Node).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CASE_DIALOG_CHANNEL, API_CHANNELS } from '../../src-main/shared/api.ts';
import { caseDialog, caseFileFrom, checkCaseFileMode } from '../../src-main/ipc/case-dialog.ts';

describe('the case-file chooser', () => {
  it('opens an existing case from the cases folder, and saves a new one there as case.duckdb by default', () => {
    const open = caseDialog('open', '/data/cases');
    expect(open.kind).toBe('open');
    expect(open.options).toMatchObject({ title: 'Open Case', defaultPath: '/data/cases', properties: ['openFile'] });
    const save = caseDialog('create', '/data/cases');
    expect(save.kind).toBe('save');
    expect(save.options.defaultPath).toBe(join('/data/cases', 'case.duckdb'));
    for (const d of [open, save]) expect(d.options.filters[0]).toEqual({ name: 'fwlens case', extensions: ['duckdb'] });
  });

  it('reads the answer as a case file: cancelled is null, a new name without an extension gets .duckdb', () => {
    expect(caseFileFrom(undefined, 'open')).toBeNull();
    expect(caseFileFrom('', 'create')).toBeNull();
    expect(caseFileFrom('/x/incident-42', 'create')).toBe('/x/incident-42.duckdb');
    expect(caseFileFrom('/x/incident-42.duckdb', 'create')).toBe('/x/incident-42.duckdb');
    // An existing file is opened as picked, whatever its name.
    expect(caseFileFrom('/x/old-case', 'open')).toBe('/x/old-case');
  });

  it('takes only "open" or "create" from the page', () => {
    expect(checkCaseFileMode('open')).toBe('open');
    expect(checkCaseFileMode('create')).toBe('create');
    for (const bad of ['save', '', null, 1, { mode: 'open' }]) expect(checkCaseFileMode(bad)).toBeNull();
  });

  it('is a shell helper, not a contract method: browser mode has no chooser to call', () => {
    expect((API_CHANNELS as readonly string[]).includes(CASE_DIALOG_CHANNEL)).toBe(false);
    expect((API_CHANNELS as readonly string[]).includes('chooseCaseFile')).toBe(false);
  });
});
