// Where in the user's SQL a DuckDB error points: its `LINE n:` excerpt and caret, or the token "at or near".

export interface SqlErrorPos {
  /** 1-based line and column of the user's text. */
  line: number;
  col: number;
  /** Character offsets in the user's text of the marked range (to ≥ from + 1 unless the text is empty). */
  from: number;
  to: number;
}

function lineStarts(sql: string): number[] {
  const starts = [0];
  for (let i = 0; i < sql.length; i++) if (sql[i] === '\n') starts.push(i + 1);
  return starts;
}

/** The word (identifier, number or quoted name) starting at `at`, else one character. */
function tokenEnd(sql: string, at: number): number {
  const m = /^("[^"\n]*"|'[^'\n]*'|[\w$.]+)/.exec(sql.slice(at));
  return Math.min(sql.length, at + Math.max(1, m ? m[0].length : 1));
}

function posAt(sql: string, offset: number): SqlErrorPos {
  const starts = lineStarts(sql);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  const from = Math.max(0, Math.min(offset, sql.length));
  const to = from < sql.length ? tokenEnd(sql, from) : from;
  // An error at the very end marks the last character, so there is something to underline.
  return from === sql.length && from > 0
    ? { line: line + 1, col: from - starts[line] + 1, from: from - 1, to: from }
    : { line: line + 1, col: from - starts[line] + 1, from, to };
}

/**
 * The position a DuckDB error message names in `sql` (the text the user ran), or null when it names
 * none. DuckDB quotes the line (`LINE 2:   nope`), shortened with "..." when long, and puts a caret
 * under the spot; the excerpt is looked up in the user's text, so a query the core wrapped in
 * another (paging adds a line above it) still maps back to the user's own line.
 */
export function sqlErrorPosition(message: string, sql: string): SqlErrorPos | null {
  const lines = sql.split('\n');
  const m = /LINE (\d+): ([^\n]*)\n( *)\^/.exec(message);
  if (m) {
    const n = Number(m[1]);
    const caret = m[3].length - (`LINE ${m[1]}: `).length;
    let excerpt = m[2];
    let shift = 0;
    if (excerpt.startsWith('...')) [excerpt, shift] = [excerpt.slice(3), 3];
    if (excerpt.endsWith('...')) excerpt = excerpt.slice(0, -3);
    const starts = lineStarts(sql);
    // The named line first, then its neighbours (a wrapper adds lines above), then anywhere.
    for (const i of [n - 1, n - 2, n, ...lines.keys()]) {
      if (i < 0 || i >= lines.length) continue;
      const at = excerpt === '' ? 0 : lines[i].indexOf(excerpt);
      if (at < 0) continue;
      const col = Math.max(0, Math.min(lines[i].length, at + caret - shift));
      return posAt(sql, starts[i] + col);
    }
  }
  if (/at end of input/.test(message)) return posAt(sql, Math.max(0, sql.replace(/[\s;]+$/, '').length - 1));
  const near = /at or near "([^"]+)"/.exec(message);
  if (near) {
    const at = sql.indexOf(near[1]);
    if (at >= 0) return posAt(sql, at);
  }
  return null;
}

/**
 * The mark for an error of the query run from `ran` (the editor's text when Run was pressed), or null
 * when it names no position or the text has been edited since. The core ran `ran` trimmed, so
 * positions are found in the trimmed text and moved past the leading blanks.
 */
export function errorMarkFor(message: string, ran: string, now: string): (SqlErrorPos & { message: string }) | null {
  if (ran !== now) return null;
  const lead = ran.length - ran.trimStart().length;
  const p = sqlErrorPosition(message, ran.trim().replace(/;+\s*$/, ''));
  if (!p) return null;
  const from = p.from + lead;
  const before = ran.slice(0, from);
  const line = before.split('\n').length;
  return { message, from, to: p.to + lead, line, col: from - (before.lastIndexOf('\n') + 1) + 1 };
}
