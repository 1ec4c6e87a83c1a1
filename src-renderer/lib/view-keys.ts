// The views and their Alt+digit keys: one table for the navigation, the key handler and the shortcuts sheet.

/** The same union as `View` in state/app.svelte.ts, kept here so this module stays free of app state (unit-testable in Node). */
export type View = 'overview' | 'cases' | 'import' | 'explore' | 'flows' | 'sql' | 'rules';

export interface ViewKey { id: View; label: string; key: string }

export const VIEW_KEYS: readonly ViewKey[] = [
  { id: 'overview', label: 'Overview', key: '0' },
  { id: 'cases', label: 'Cases', key: '1' },
  { id: 'import', label: 'Import', key: '2' },
  { id: 'explore', label: 'Explore', key: '3' },
  { id: 'flows', label: 'Flows', key: '4' },
  { id: 'sql', label: 'SQL', key: '5' },
  { id: 'rules', label: 'Rules', key: '6' },
];

/**
 * The view an Alt+digit press opens, or null. By the physical key too (`Digit5`), because on some
 * layouts (macOS Option) Alt+5 types another character.
 */
export function viewForKey(e: { key: string; code?: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }): View | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  return VIEW_KEYS.find((v) => v.key === e.key || e.code === `Digit${v.key}`)?.id ?? null;
}

/** The sheet's rows for the views, one per view: `Alt+5` → `SQL view`. */
export function viewShortcutRows(): Array<[string, string]> {
  return VIEW_KEYS.map((v) => [`Alt+${v.key}`, `${v.label} view`]);
}
