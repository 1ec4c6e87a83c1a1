// The SQL editor's text as app state: it outlives the SQL view, and the case keeps it (case-state.svelte.ts).
export const DEFAULT_SQL = 'SELECT action, proto, dport, count(*) AS n\n  FROM events\n GROUP BY ALL\n ORDER BY n DESC\n LIMIT 100';

export const sqlEditor = $state({ text: DEFAULT_SQL });
