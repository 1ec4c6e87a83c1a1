// A case's kept field value arriving after the view opened replaces the field only when nothing was typed meanwhile.
import { describe, it, expect } from 'vitest';
import { keptOrTyped } from '../../src-renderer/lib/kept-or-typed.ts';

describe('a kept value arriving late', () => {
  it('fills a field nobody touched while it was read', () => {
    expect(keptOrTyped('', '', '2022')).toBe('2022');
    expect(keptOrTyped('UTC', 'UTC', '')).toBe('');
  });

  it('leaves what was typed while it was read, even an invalid year or an emptied field', () => {
    expect(keptOrTyped('', '24', '2022')).toBe('24');
    expect(keptOrTyped('2022', '', '2022')).toBe('');
    expect(keptOrTyped('', 'Europe/Berlin', 'UTC')).toBe('Europe/Berlin');
  });
});
