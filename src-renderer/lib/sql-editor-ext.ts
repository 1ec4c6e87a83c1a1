// CodeMirror pieces of the SQL editor: clause-aware completion (sql-complete.ts) and the error mark at DuckDB's position.
import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { TableSchema } from '../../src-main/shared/api.ts';
import { candidates } from './sql-complete.ts';
import type { SqlErrorPos } from './sql-error-pos.ts';

/**
 * Completion of bare words: columns of the FROM tables after WHERE/GROUP BY/ORDER BY, tables after
 * FROM/JOIN, DuckDB's functions. `table.column` is left to lang-sql's own schema completion.
 */
export function completionSource(get: () => { schema: readonly TableSchema[]; functions: readonly string[] }) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const word = ctx.matchBefore(/[A-Za-z_][\w$]*/);
    if (!word && !ctx.explicit) return null;
    const from = word ? word.from : ctx.pos;
    if (from > 0 && ctx.state.doc.sliceString(from - 1, from) === '.') return null;
    const doc = ctx.state.doc.toString();
    const { schema, functions } = get();
    // Tables come from lang-sql's own source; offering them twice would list each twice.
    const list = candidates(doc, ctx.pos, schema, functions).filter((c) => c.type !== 'table');
    if (list.length === 0) return null;
    return {
      from,
      options: list.map((c) => ({
        label: c.label, type: c.type, detail: c.detail, boost: c.boost,
        apply: c.type === 'function' ? `${c.label}(` : undefined,
      })),
      validFor: /^[\w$]*$/,
    };
  };
}

export interface SqlErrorMark extends SqlErrorPos { message: string }

export const setSqlError = StateEffect.define<SqlErrorMark | null>();

const lineMark = Decoration.line({ class: 'cm-sql-error-line' });

/** The error's token underlined and its line tinted, until the text is edited or the error cleared. */
export const sqlErrorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) {
      if (!e.is(setSqlError)) continue;
      const m = e.value;
      if (!m) return Decoration.none;
      const len = tr.state.doc.length;
      const from = Math.min(m.from, len);
      const to = Math.min(Math.max(m.to, from), len);
      const line = tr.state.doc.lineAt(from);
      const marks = [lineMark.range(line.from)];
      if (to > from) {
        marks.push(Decoration.mark({
          class: 'cm-sql-error',
          attributes: { title: m.message, 'data-testid': 'sql-error-mark', 'data-line': String(m.line), 'data-col': String(m.col) },
        }).range(from, to));
      }
      return Decoration.set(marks, true);
    }
    return tr.docChanged ? Decoration.none : deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export const sqlErrorTheme: Extension = EditorView.theme({
  '.cm-sql-error': { textDecoration: 'underline wavy var(--danger)', textUnderlineOffset: '3px', backgroundColor: 'color-mix(in srgb, var(--danger) 18%, transparent)' },
  '.cm-sql-error-line': { backgroundColor: 'color-mix(in srgb, var(--danger) 8%, transparent)' },
  // CodeMirror's own icons are emoji and symbols many Linux fonts lack (they show as boxes): plain letters instead.
  '.cm-completionIcon': { width: '1.4em', opacity: '0.75', fontFamily: 'var(--mono)', fontSize: '11px', paddingRight: '0.4em' },
  '.cm-completionIcon-property:after': { content: "'c'" },
  '.cm-completionIcon-function:after, .cm-completionIcon-method:after': { content: "'ƒ'" },
  '.cm-completionIcon-keyword:after': { content: "'k'" },
  '.cm-completionIcon-type:after, .cm-completionIcon-class:after, .cm-completionIcon-table:after': { content: "'t'" },
  '.cm-completionIcon-variable:after, .cm-completionIcon-constant:after, .cm-completionIcon-text:after': { content: "'·'" },
  '.cm-completionDetail': { marginLeft: '0.8em', color: 'var(--muted)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected] .cm-completionDetail': { color: 'inherit', opacity: '0.85' },
});
