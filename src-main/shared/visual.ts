// The contract of the pictures: what the renderer asks (a filter plus the chart's own choices) and
// the aggregated data DuckDB answers with. Types only; the charts draw these, never raw rows.

/**
 * The filter every view shares: a SQL condition over `events_enriched`, compiled by the renderer's
 * filter model (or typed as `--where` on the command line). It is checked as user SQL.
 */
export interface ViewFilter {
  /** The condition without the time range (TRUE for none). */
  where: string;
  /** The time range, ISO text (UTC unless it carries an offset); null or absent for open ends. */
  since?: string | null;
  until?: string | null;
}

/** What a flow graph's left end groups events by (the internal side). */
export type FlowFrom = 'host' | 'subnet' | 'interface';
/** What its right end groups by (the external side). */
export type FlowTo = 'address' | 'subnet' | 'asn' | 'country' | 'port';
/** An optional middle column. */
export type FlowVia = 'service' | 'action';
/** What a link's width stands for (packets and bytes both ways, for conntrack and captures). */
export type FlowWeight = 'events' | 'peers' | 'ports' | 'bytes' | 'packets';
/**
 * What the picture counts. events: logged packets (`events_enriched`). flows: every observation —
 * log lines, conntrack connections and captured flows — one row per service flow (`flows_enriched`),
 * with the packets and bytes conntrack and captures give.
 */
export type FlowSource = 'events' | 'flows';
/**
 * Which events make the picture. outbound: internal source to external destination; inbound: the
 * reverse (the internal host is still on the left); both: either; all: every event, src on the left,
 * dst on the right, internal↔internal included (lateral movement; the network layout).
 */
export type FlowDirection = 'outbound' | 'inbound' | 'both' | 'all';

export interface FlowGraphRequest extends ViewFilter {
  source: FlowSource;
  from: FlowFrom;
  to: FlowTo;
  via: FlowVia | null;
  direction: FlowDirection;
  weight: FlowWeight;
  /** Nodes kept per side, by weight (1–500); the rest fold into one "other" node per side. */
  top: number;
  /** Links lighter than this are left out (their events still count in the nodes). */
  minWeight: number;
  /** ISO time, or `+Nh` for "the first N hours of the case": what started after it is marked new. */
  baseline: string | null;
}

export type NodeScope = 'internal' | 'external' | 'special' | 'other';

export interface FlowNode {
  /** Unique in the graph: `L:`, `M:` or `R:` plus the kind and key (`L:host:10.0.0.5`). */
  id: string;
  side: 'left' | 'middle' | 'right';
  /** host, subnet, interface, address, asn, country, port, service, action, or other. */
  kind: string;
  /** The value the node stands for (an address, `AS15169`, `DE`, `tcp/443`); null for "other". */
  key: string | null;
  label: string;
  scope: NodeScope;
  events: number;
  /** The node's weight in the graph's unit. */
  weight: number;
  /** Events dropped or rejected. */
  blocked: number;
  firstSeen: string | null;
  lastSeen: string | null;
  isNew: boolean;
  /** For "other": how many values it folds. */
  folded: number;
}

export interface FlowLink {
  source: string;
  target: string;
  events: number;
  weight: number;
  blocked: number;
  /** Distinct internal–external address pairs, and distinct destination ports. */
  peers: number;
  ports: number;
  /** Both ways where the source counts them (flows); the logged packets' IP length for events. */
  bytes: number;
  packets: number;
  firstSeen: string | null;
  lastSeen: string | null;
  isNew: boolean;
  /** Some destination ports (`tcp/443`), most events first. */
  samplePorts: string[];
}

export interface FlowGraph {
  request: FlowGraphRequest;
  nodes: FlowNode[];
  links: FlowLink[];
  /** Filtered events with both ends (what the links add up to when nothing is left out). */
  events: number;
  /** Filtered events of the direction with an end missing (no ASN, no country, no interface…): not drawn. */
  noEnd: number;
  /** Events in links left out by minWeight or the link cap. */
  hiddenEvents: number;
  /** True when the link cap (2,000) cut links. */
  capped: boolean;
  /** The baseline as a time, when one was given. */
  baselineAt: string | null;
  /** The query behind the picture, runnable in the SQL pane. */
  sql: string;
  elapsedMs: number;
}

export interface TimelineRequest extends ViewFilter {
  /** Bucket count wanted (the server picks a round size near span / buckets). */
  buckets: number;
}

export interface TimelineBucket {
  /** Start of the bucket, ISO UTC. */
  t: string;
  /** Events per action (ACCEPT, DROP, REJECT, other). */
  counts: Record<string, number>;
}

export interface Timeline {
  /** Bucket size in seconds, and in words ("5 min"). */
  bucketSeconds: number;
  bucketLabel: string;
  from: string | null;
  until: string | null;
  actions: string[];
  buckets: TimelineBucket[];
  total: number;
  /** Events without a time (not drawn). */
  untimed: number;
  sql: string;
  elapsedMs: number;
}

export interface CountryCount {
  /** ISO 3166-1 alpha-2, or null for external ends with no country. */
  country: string | null;
  events: number;
  addresses: number;
  blocked: number;
}

export interface CityPoint {
  city: string;
  country: string | null;
  lat: number;
  lon: number;
  events: number;
}

export interface GeoSummary {
  countries: CountryCount[];
  /** Present where a city database is configured. */
  cities: CityPoint[];
  sql: string;
  elapsedMs: number;
}

/** A Group-by column: any of the grid's columns, or these derived ones. */
export type GroupKey = string;

export interface GroupByRequest extends ViewFilter {
  columns: GroupKey[];
  orderBy: 'events' | 'peers' | 'first' | 'last' | 'blocked' | 'key';
  desc: boolean;
  limit: number;
}

export interface GroupRow {
  keys: Array<string | number | null>;
  events: number;
  peers: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Share of events per action (0–1). */
  shares: Record<string, number>;
}

export interface GroupByResult {
  columns: GroupKey[];
  rows: GroupRow[];
  /** Groups in all (rows holds the first `limit`). */
  groups: number;
  /** Largest events count, for the bars. */
  maxEvents: number;
  sql: string;
  elapsedMs: number;
}

export interface OverviewBar {
  /** What a click filters Explore by (filter clauses: kind and value). */
  filter: Array<{ kind: string; value: string }>;
  label: string;
  events: number;
}

export interface Overview {
  events: number;
  sources: number;
  firstTs: string | null;
  lastTs: string | null;
  actions: OverviewBar[];
  ports: OverviewBar[];
  orgs: OverviewBar[];
  countries: OverviewBar[];
  /** Top internal hosts by outbound events. */
  talkers: OverviewBar[];
  sql: string;
  elapsedMs: number;
}
