// SQL completion logic, free of the editor: which clause the cursor is in, the tables of its FROM, and the candidates.
import type { TableSchema } from '../../src-main/shared/api.ts';

export type ClauseKind = 'column' | 'table' | 'other';

export interface Candidate {
  label: string;
  type: 'property' | 'function' | 'table';
  detail?: string;
  /** Higher comes first (CodeMirror's `boost`). */
  boost: number;
}

/** Comments and string literals blanked out (same length), so keywords inside them do not count. */
export function blankLiterals(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?(\*\/|$)|'(?:[^']|'')*('|$)/g, (s) => s.replace(/[^\n]/g, ' '));
}

/** The statement around `pos` (statements end at `;`): its start offset and text. */
function statementAt(sql: string, pos: number): { start: number; text: string } {
  const clean = blankLiterals(sql);
  const start = clean.lastIndexOf(';', pos - 1) + 1;
  const endAt = clean.indexOf(';', pos);
  return { start, text: clean.slice(start, endAt < 0 ? clean.length : endAt) };
}

const CLAUSE = /\b(select|from|join|where|group\s+by|order\s+by|having|qualify|on|using|by|set|values|window|partition\s+by|limit)\b/gi;

/** The clause the cursor is in: columns after SELECT/WHERE/GROUP BY/ORDER BY/HAVING/ON, tables after FROM/JOIN. */
export function clauseAt(sql: string, pos: number): ClauseKind {
  const st = statementAt(sql, pos);
  const before = st.text.slice(0, pos - st.start);
  let last = '';
  for (const m of before.matchAll(CLAUSE)) last = m[1].toLowerCase().replace(/\s+/g, ' ');
  if (last === 'from' || last === 'join') {
    // "FROM events e WHERE" is handled above; "FROM events AS e, " still wants a table, but a word
    // after a table name (its alias) is not a table.
    const tail = before.slice(before.toLowerCase().lastIndexOf(last) + last.length);
    return /^\s*(?:[\w."]+(?:\s+(?:as\s+)?\w+)?\s*,\s*)*[\w"]*$/i.test(tail) ? 'table' : 'other';
  }
  if (['select', 'where', 'group by', 'order by', 'having', 'qualify', 'on', 'using', 'by', 'partition by'].includes(last)) return 'column';
  return 'other';
}

/** Table names the statement around `pos` reads (FROM a, b / JOIN c), lower case, without schema. */
export function tablesInStatement(sql: string, pos: number): string[] {
  const { text } = statementAt(sql, pos);
  const out = new Set<string>();
  const name = String.raw`(?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?`;
  const re = new RegExp(String.raw`\b(?:from|join)\s+(${name}(?:\s+(?:as\s+)?(?!(?:where|join|left|right|inner|outer|full|cross|natural|on|using|group|order|limit|having|qualify|window|union|except|intersect|as)\b)[A-Za-z_]\w*)?(?:\s*,\s*${name}(?:\s+(?:as\s+)?[A-Za-z_]\w*)?)*)`, 'gi');
  for (const m of text.matchAll(re)) {
    for (const part of m[1].split(',')) {
      const t = part.trim().split(/\s+/)[0].split('.').pop()!.replace(/"/g, '');
      if (t) out.add(t.toLowerCase());
    }
  }
  return [...out];
}

/**
 * What to offer at `pos`: in a column clause the columns of the statement's FROM tables (of every
 * table when none is known), then functions; after FROM/JOIN the tables and views; elsewhere functions.
 */
export function candidates(sql: string, pos: number, schema: readonly TableSchema[], functions: readonly string[]): Candidate[] {
  const kind = clauseAt(sql, pos);
  if (kind === 'table') {
    return schema.map((t) => ({ label: t.name, type: 'table' as const, detail: t.kind, boost: 2 }));
  }
  const out: Candidate[] = [];
  if (kind === 'column') {
    const named = new Set(tablesInStatement(sql, pos));
    const known = schema.filter((t) => named.has(t.name.toLowerCase()));
    const from = known.length ? known : schema;
    const seen = new Map<string, Candidate>();
    for (const t of from) {
      for (const c of t.columns) {
        const had = seen.get(c.name);
        if (had) { if (!had.detail?.includes(t.name) && known.length) had.detail += `, ${t.name}`; continue; }
        seen.set(c.name, { label: c.name, type: 'property', detail: known.length ? `${c.type} · ${t.name}` : c.type, boost: known.length ? 3 : 1 });
      }
    }
    out.push(...seen.values());
  }
  for (const f of functions) out.push({ label: f, type: 'function', detail: 'function', boost: kind === 'column' ? -1 : 0 });
  return out;
}
