// Keyboard movement in a results grid: which cell a key leads to (null: the key is not the grid's).
export interface CellPos { row: number; col: number }

export function moveCell(key: string, at: CellPos, rows: number, cols: number, pageRows: number, ctrl = false): CellPos | null {
  const clamp = (p: CellPos): CellPos => ({ row: Math.max(0, Math.min(rows - 1, p.row)), col: Math.max(0, Math.min(cols - 1, p.col)) });
  if (rows <= 0 || cols <= 0) return null;
  switch (key) {
    case 'ArrowDown': return clamp({ row: at.row + 1, col: at.col });
    case 'ArrowUp': return clamp({ row: at.row - 1, col: at.col });
    case 'ArrowRight': return clamp({ row: at.row, col: at.col + 1 });
    case 'ArrowLeft': return clamp({ row: at.row, col: at.col - 1 });
    case 'PageDown': return clamp({ row: at.row + pageRows, col: at.col });
    case 'PageUp': return clamp({ row: at.row - pageRows, col: at.col });
    // Home/End: the row's first or last cell; with Ctrl, the grid's.
    case 'Home': return clamp(ctrl ? { row: 0, col: 0 } : { row: at.row, col: 0 });
    case 'End': return clamp(ctrl ? { row: rows - 1, col: cols - 1 } : { row: at.row, col: cols - 1 });
    default: return null;
  }
}
