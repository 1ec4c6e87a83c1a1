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

  it('compares kept filters and choices by value, not by identity', () => {
    const loaded = { filter: { clauses: [{ field: 'dport', op: '=', value: '22' }] }, orderBy: null, desc: false };
    const before = { filter: { clauses: [] }, orderBy: null, desc: false };
    expect(keptOrTyped(before, { filter: { clauses: [] }, orderBy: null, desc: false }, loaded)).toBe(loaded);
    const typed = { filter: { clauses: [{ field: 'src', op: '=', value: '10.0.0.1' }] }, orderBy: null, desc: false };
    expect(keptOrTyped(before, typed, loaded)).toBe(typed);
  });
});
