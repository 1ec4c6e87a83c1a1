// The Flows view's own choices (ends, layout, weight, top N, baseline), kept across view switches.
import type { FlowDirection, FlowFrom, FlowSource, FlowTo, FlowVia, FlowWeight } from '../../src-main/shared/visual.ts';

export type FlowLayout = 'sankey' | 'network' | 'map';

export const flows = $state({
  source: 'events' as FlowSource,
  from: 'host' as FlowFrom,
  to: 'asn' as FlowTo,
  via: null as FlowVia | null,
  direction: 'outbound' as FlowDirection,
  weight: 'events' as FlowWeight,
  top: 25,
  minWeight: 0,
  /** ISO time or `+Nh`; empty for none. */
  baseline: '',
  layout: 'sankey' as FlowLayout,
  search: '',
});
