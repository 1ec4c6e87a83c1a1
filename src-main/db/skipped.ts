// Owns the tables of skipped syslog lines: `skipped_programs` (always: how many lines per program) and
// `skipped_lines` (the lines themselves, only when the import was asked to keep them).
import type { CaseDb } from './case-db.ts';
import type { SqlRunner } from './saved-queries.ts';
import type { SkippedRow } from '../import/skipped-lines.ts';

export async function appendSkippedLines(db: CaseDb, rows: SkippedRow[]): Promise<void> {
  if (!rows.length) return;
  const app = await db.conn.createAppender('skipped_lines');
  try {
    for (const r of rows) {
      app.appendInteger(r.sourceId);
      app.appendBigInt(BigInt(r.lineNo));
      app.appendBigInt(BigInt(r.byteOff));
      app.appendVarchar(r.program);
      app.appendVarchar(r.line);
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}

export async function insertSkippedPrograms(db: CaseDb, sourceId: number, programs: Array<{ program: string; lines: number }>): Promise<void> {
  for (const p of programs) {
    await db.run(`INSERT INTO skipped_programs (source_id, program, lines) VALUES ($1, $2, $3)`, [sourceId, p.program, p.lines]);
  }
}

/** A source's skipped lines per program, most first. */
export async function skippedPrograms(db: SqlRunner, sourceId: number): Promise<Array<{ program: string; lines: number }>> {
  const rows = await db.all(
    `SELECT program, lines::DOUBLE lines FROM skipped_programs WHERE source_id = $1 ORDER BY lines DESC, program`,
    [sourceId],
  );
  return rows.map((r) => ({ program: String(r.program), lines: Number(r.lines) }));
}

/** The `skipped_programs` column of sourceRows (`program<TAB>lines` per line) as a list. */
export function programList(v: unknown): Array<{ program: string; lines: number }> {
  if (typeof v !== 'string' || v === '') return [];
  return v.split('\n').map((l) => {
    const tab = l.lastIndexOf('\t');
    return { program: l.slice(0, tab), lines: Number(l.slice(tab + 1)) };
  });
}
