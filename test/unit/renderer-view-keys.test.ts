// The Alt+digit view keys: the table the key handler reads is the one the shortcuts sheet lists.
import { describe, it, expect } from 'vitest';
import { VIEW_KEYS, viewForKey, viewShortcutRows } from '../../src-renderer/lib/view-keys.ts';

const press = (key: string, more: Partial<{ code: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) =>
  viewForKey({ key, altKey: true, ctrlKey: false, metaKey: false, ...more });

describe('view keys', () => {
  it('binds Alt+0 to Alt+6 to seven different views, Alt+5 to SQL', () => {
    expect(VIEW_KEYS.map((v) => v.key)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(new Set(VIEW_KEYS.map((v) => v.id)).size).toBe(7);
    expect(press('5')).toBe('sql');
    for (const v of VIEW_KEYS) expect(press(v.key)).toBe(v.id);
  });

  it('lists on the sheet exactly the keys the handler answers', () => {
    const rows = viewShortcutRows();
    expect(rows).toContainEqual(['Alt+5', 'SQL view']);
    const listed = rows.map(([k]) => k.replace('Alt+', ''));
    const bound = '0123456789'.split('').filter((d) => press(d) !== null);
    expect(listed).toEqual(bound);
  });

  it('reads the physical key when Alt types another character, and ignores Ctrl/Cmd+Alt and plain digits', () => {
    expect(press('∞', { code: 'Digit5' })).toBe('sql');
    expect(press('5', { ctrlKey: true })).toBe(null);
    expect(press('5', { metaKey: true })).toBe(null);
    expect(press('5', { altKey: false })).toBe(null);
    expect(press('7')).toBe(null);
  });
});
