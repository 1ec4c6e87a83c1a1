// Per-case layout: Explore's chosen columns and the panels' sizes and collapsed states, kept in the case's ui state.
import { api, app } from './app.svelte.ts';
import { loadCaseUi, saveCaseUi } from './case-ui.ts';
import { isColumnChoice } from '../lib/explore-columns.ts';

export interface Panels {
  /** Address panel width in px (0: automatic, narrower on a small window), and whether it is folded to a strip. */
  addressW: number;
  addressFolded: boolean;
  /** SQL view's side lists width (0: automatic). */
  sqlSideW: number;
  sqlSideFolded: boolean;
  timelineH: number;
  timelineFolded: boolean;
}

export const PANEL_DEFAULTS: Panels = { addressW: 0, addressFolded: false, sqlSideW: 0, sqlSideFolded: false, timelineH: 80, timelineFolded: false };
export const PANELS_KEY = 'layout.panels';
export const COLUMNS_KEY = 'explore.columns';

export const layout = $state({
  /** The case these were loaded for (undefined: not yet). */
  casePath: undefined as string | null | undefined,
  /** The layout of `casePath` has arrived (until then Explore waits, rather than read its first page twice). */
  loaded: false,
  /** Explore's columns in order, or null for the default. */
  columns: null as string[] | null,
  /** Every column events_enriched has, for the chooser. */
  available: [] as string[],
  panels: { ...PANEL_DEFAULTS } as Panels,
});

function isPanels(v: unknown): v is Partial<Panels> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.entries(v).every(([k, x]) => k in PANEL_DEFAULTS && typeof x === typeof PANEL_DEFAULTS[k as keyof Panels] && (typeof x !== 'number' || (Number.isFinite(x) && x >= 0 && x <= 4000)));
}

/** Loads the open case's layout once per case (views call it when they show). */
export async function ensureLayout(): Promise<void> {
  const path = app.info?.casePath ?? null;
  if (layout.casePath === path) return;
  layout.casePath = path;
  layout.loaded = false;
  if (path === null) {
    layout.columns = null;
    layout.panels = { ...PANEL_DEFAULTS };
    layout.available = [];
    layout.loaded = true;
    return;
  }
  const [cols, panels, schema] = await Promise.all([
    loadCaseUi<string[] | null>(COLUMNS_KEY, null, (v): v is string[] | null => v === null || isColumnChoice(v)),
    loadCaseUi<Partial<Panels>>(PANELS_KEY, {}, isPanels),
    api().schema(),
  ]);
  if (layout.casePath !== path) return;
  layout.columns = cols;
  layout.panels = { ...PANEL_DEFAULTS, ...panels };
  layout.available = schema.ok ? (schema.value.find((t) => t.name === 'events_enriched')?.columns.map((c) => c.name) ?? []) : [];
  layout.loaded = true;
}

export function setColumns(cols: string[] | null): void {
  layout.columns = cols;
  saveCaseUi(COLUMNS_KEY, cols);
}

export function setPanels(patch: Partial<Panels>): void {
  layout.panels = { ...layout.panels, ...patch };
  saveCaseUi(PANELS_KEY, layout.panels);
}
