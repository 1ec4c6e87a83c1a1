// Keyboard movement in the results grid: arrows, pages and Home/End stay inside the grid.
import { describe, it, expect } from 'vitest';
import { moveCell } from '../../src-renderer/lib/grid-keys.ts';

describe('moveCell', () => {
  const at = { row: 5, col: 2 };
  it('moves one cell with the arrows and stops at the edges', () => {
    expect(moveCell('ArrowDown', at, 100, 6, 20)).toEqual({ row: 6, col: 2 });
    expect(moveCell('ArrowUp', at, 100, 6, 20)).toEqual({ row: 4, col: 2 });
    expect(moveCell('ArrowRight', at, 100, 6, 20)).toEqual({ row: 5, col: 3 });
    expect(moveCell('ArrowLeft', at, 100, 6, 20)).toEqual({ row: 5, col: 1 });
    expect(moveCell('ArrowUp', { row: 0, col: 0 }, 100, 6, 20)).toEqual({ row: 0, col: 0 });
    expect(moveCell('ArrowRight', { row: 99, col: 5 }, 100, 6, 20)).toEqual({ row: 99, col: 5 });
    expect(moveCell('ArrowDown', { row: 99, col: 5 }, 100, 6, 20)).toEqual({ row: 99, col: 5 });
  });
  it('moves a page with Page Up/Down, to the row ends with Home/End and to the grid ends with Ctrl', () => {
    expect(moveCell('PageDown', at, 100, 6, 20)).toEqual({ row: 25, col: 2 });
    expect(moveCell('PageUp', at, 100, 6, 20)).toEqual({ row: 0, col: 2 });
    expect(moveCell('Home', at, 100, 6, 20)).toEqual({ row: 5, col: 0 });
    expect(moveCell('End', at, 100, 6, 20)).toEqual({ row: 5, col: 5 });
    expect(moveCell('End', at, 100, 6, 20, true)).toEqual({ row: 99, col: 5 });
    expect(moveCell('Home', at, 100, 6, 20, true)).toEqual({ row: 0, col: 0 });
  });
  it('leaves other keys, and an empty grid, alone', () => {
    expect(moveCell('a', at, 100, 6, 20)).toBeNull();
    expect(moveCell('Enter', at, 100, 6, 20)).toBeNull();
    expect(moveCell('ArrowDown', at, 0, 6, 20)).toBeNull();
  });
});
