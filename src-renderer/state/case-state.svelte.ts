// What moves with the case file rather than the browser: Explore's filter and sort, the Flows choices and
// the SQL editor's text — loaded when a case opens (none carried over from the last one), saved as they change.
import { untrack } from 'svelte';
import { keptOrTyped } from '../lib/kept-or-typed.ts';
import type { Filter } from '../lib/filter-model.ts';
import type { CaseInfo, Result } from '../../src-main/shared/api.ts';
import { api, app } from './app.svelte.ts';
import { dropPendingCaseUi, flushAllCaseUi, loadCaseUi, saveCaseUi } from './case-ui.ts';
import { explore } from './explore.svelte.ts';
import { flows } from './flows.svelte.ts';
import { DEFAULT_SQL, sqlEditor } from './sql-editor.svelte.ts';

export const EXPLORE_KEY = 'explore.filter';
export const FLOWS_KEY = 'flows.choices';
export const SQL_KEY = 'sql.editor';

interface ExploreKept { filter: Filter; orderBy: string | null; desc: boolean }
type FlowsKept = typeof flows;

const FLOWS_DEFAULTS: FlowsKept = { ...flows };
const EXPLORE_DEFAULTS: ExploreKept = { filter: { clauses: [] }, orderBy: null, desc: false };

const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isExplore = (v: unknown): v is ExploreKept =>
  obj(v) && obj(v.filter) && Array.isArray(v.filter.clauses) && v.filter.clauses.every((c) => obj(c) && typeof c.kind === 'string' && typeof c.value === 'string')
  && (v.orderBy === null || typeof v.orderBy === 'string') && typeof v.desc === 'boolean';
// Only the keys Flows knows, each of the type it has by default: a value from an older app is ignored, not trusted.
const isFlows = (v: unknown): v is Partial<FlowsKept> =>
  obj(v) && Object.entries(v).every(([k, x]) => k in FLOWS_DEFAULTS && (typeof x === typeof FLOWS_DEFAULTS[k as keyof FlowsKept] || (k === 'via' && (x === null || typeof x === 'string'))));
const isText = (v: unknown): v is string => typeof v === 'string';

/** What the case holds under each key as far as this page knows: the same value is not written again. */
const known = new Map<string, string>();

const state = $state({
  /** The case whose choices are loaded (undefined: none yet), and whether its load is under way. */
  loadedFor: undefined as string | null | undefined,
  loading: false,
});

const exploreNow = (): ExploreKept => ({ filter: $state.snapshot(explore.filter) as Filter, orderBy: explore.orderBy, desc: explore.desc });

async function switchTo(path: string | null): Promise<void> {
  // Writes still waiting belonged to the case that was open: they must not land in this one.
  dropPendingCaseUi();
  state.loading = true;
  state.loadedFor = path;
  let ex = EXPLORE_DEFAULTS;
  let fl: Partial<FlowsKept> = {};
  let text = DEFAULT_SQL;
  // What the views show before the read: a field changed during it (typing right after a case opened) keeps its value.
  const before = { ex: exploreNow(), fl: { ...flows }, text: sqlEditor.text };
  if (path !== null) {
    [ex, fl, text] = await Promise.all([
      loadCaseUi(EXPLORE_KEY, EXPLORE_DEFAULTS, isExplore),
      loadCaseUi<Partial<FlowsKept>>(FLOWS_KEY, {}, isFlows),
      loadCaseUi(SQL_KEY, DEFAULT_SQL, isText),
    ]);
  }
  if (state.loadedFor !== path) return;
  // `known` is what the case holds; a value typed during the read differs from it and is therefore written.
  known.clear();
  known.set(EXPLORE_KEY, JSON.stringify(ex));
  known.set(FLOWS_KEY, JSON.stringify({ ...FLOWS_DEFAULTS, ...fl }));
  known.set(SQL_KEY, JSON.stringify(text));
  ex = keptOrTyped(before.ex, exploreNow(), ex);
  fl = keptOrTyped<Partial<FlowsKept>>(before.fl, { ...flows }, fl);
  text = keptOrTyped(before.text, sqlEditor.text, text);
  explore.filter = ex.filter;
  explore.orderBy = ex.orderBy;
  explore.desc = ex.desc;
  explore.address = null;
  Object.assign(flows, FLOWS_DEFAULTS, fl);
  // Explore's "Open in SQL" hands over text on purpose; only a case's own text replaces the editor's otherwise.
  sqlEditor.text = text;
  state.loading = false;
}

/** Before this page opens another case: what is still waiting is written into the case it belongs to. */
export async function beforeCaseSwitch(): Promise<void> {
  await flushAllCaseUi();
}

/**
 * Opens another case from this page: what is still waiting is written into the case it belongs to, and
 * this page's queries of the views just left are cancelled — the core will not switch under a running one.
 */
export async function openCaseFromPage(path: string, create: boolean): Promise<Result<CaseInfo>> {
  await flushAllCaseUi();
  const importing = () => app.running.some((id) => id.startsWith('import'));
  for (const id of app.running) if (!id.startsWith('import')) void api().cancel(id);
  let r = await api().openCase(path, create);
  // A cancelled query (or a picture another view asked for) takes a moment to let go; an import does not end so.
  for (let i = 0; i < 20 && !r.ok && r.error.code === 'LOCKED' && !importing(); i++) {
    await new Promise((done) => setTimeout(done, 150));
    r = await api().openCase(path, create);
  }
  return r;
}

/** Watches the open case and the kept choices for as long as the page lives. */
export function startCaseState(): void {
  $effect.root(() => {
    $effect(() => {
      const path = app.info?.casePath ?? null;
      if (app.info === null) return;
      untrack(() => {
        if (path !== state.loadedFor) void switchTo(path);
      });
    });
    const keep = (key: string, value: () => unknown) => {
      $effect(() => {
        const v = value();
        if (state.loading || !state.loadedFor) return;
        const json = JSON.stringify(v);
        if (known.get(key) === json) return;
        known.set(key, json);
        saveCaseUi(key, v);
      });
    };
    keep(EXPLORE_KEY, () => $state.snapshot({ filter: explore.filter, orderBy: explore.orderBy, desc: explore.desc }));
    keep(FLOWS_KEY, () => $state.snapshot(flows));
    keep(SQL_KEY, () => sqlEditor.text);
  });
}
