// The typed contract between the renderer and the core: every operation the UI may ask for, the
// events long operations send, and the shapes they carry. No Node or Electron imports: the
// renderer imports these types, and both transports (Electron IPC, browser-mode WebSocket) carry them.
import type { FlowGraph, FlowGraphRequest, GeoSummary, GroupByRequest, GroupByResult, Overview, Timeline, TimelineRequest, ViewFilter } from './visual.ts';
import type { EventDetail } from './event-detail.ts';
import type { ExploreCountRequest, ExplorePage, ExplorePageRequest } from './explore.ts';

export type * from './visual.ts';

export type ErrorCode =
  | 'BAD_ARGUMENT' | 'NO_CASE' | 'NOT_A_CASE' | 'LOCKED' | 'TOO_NEW' | 'BAD_VALUE'
  | 'INPUT' | 'SQL' | 'CANCELLED' | 'TIMEOUT' | 'TOO_LARGE' | 'LOCKOUT' | 'NOT_FOUND' | 'INTERNAL';

/**
 * A failure's `where` (SQL errors only): DuckDB's excerpt of the line it points at and the caret under
 * the spot (`LINE 2:   nosuch_col` / `          ^`), for the editor to mark; absent when it names none.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string; where?: string } };

/**
 * A JSON-safe cell: bigints become numbers when exact, strings otherwise; timestamps ISO text. A text
 * value longer than a page carries comes as `{ $truncated: its start, $length: its whole length }`.
 */
export type Cell = string | number | boolean | null | Cell[] | { [k: string]: Cell };

export interface AppInfo {
  version: string;
  /** The open case, or null. */
  casePath: string | null;
  /** 'electron' or 'browser': what the renderer runs in. */
  shell: 'electron' | 'browser';
  /** Data credits the UI must show (DB-IP requires attribution). */
  credits: string[];
  /** The zone stamps without an offset are read in unless an import says otherwise (the core's machine). */
  timeZone?: string;
  /** The open case is the bundled sample under the data folder (the app says so, and asks before importing into it). */
  sampleCase?: boolean;
  /** Where newCase(name) puts case files. */
  casesDir?: string;
}

export interface CaseInfo {
  path: string;
  sources: number;
  events: number;
  conntrack: number;
  pcapFlows: number;
  rejects: number;
  firstTs: string | null;
  lastTs: string | null;
}

export interface SourceInfo {
  id: number;
  name: string;
  path: string;
  format: string;
  unit: string;
  lines: number;
  events: number;
  rejects: number;
  /** Other programs' lines of a syslog file (lines = events + rejects + skipped + blank), and how many per program. */
  skipped: number;
  skippedPrograms?: Array<{ program: string; lines: number }>;
  blank: number;
  status: string;
  message: string | null;
  importedAt: string;
  /** Its evidence's first and last time (ISO), null when it has none. */
  firstTs?: string | null;
  lastTs?: string | null;
}

/** How an import reads times: null = the default (year from each file's date, the core machine's zone), as the CLI's --year and --tz. */
export interface ImportOptions {
  year: number | null;
  tz: string | null;
}

/** Rejected lines of one source with the same reason: how many, and the first few. */
export interface RejectGroup {
  reason: string;
  count: number;
  examples: RejectRow[];
}

export interface RejectRow {
  sourceId: number;
  lineNo: number;
  byteOff: number;
  reason: string;
  line: string;
}

/** Progress of one long operation, sent as an event while it runs. */
export interface ProgressEvent {
  /** The id the operation was started with. */
  opId: string;
  kind: 'import' | 'enrich' | 'query' | 'rules' | 'replay' | 'lookup';
  /** File being imported, or a phase name. */
  label: string;
  done: number;
  total: number;
  /** Lines (import) or rows per second, when meaningful. */
  rate: number | null;
  etaSeconds: number | null;
}

/**
 * The open case's data changed (a source committed, enrichment ran, another case was opened, a ruleset
 * was loaded): every view showing case data reloads. Sent to every window and page, on CASE_CHANGED_CHANNEL
 * (Electron) or as `{ event: 'caseChanged', data }` (WebSocket).
 */
export interface CaseChange {
  /** The case now open (null when none). */
  casePath: string | null;
  /** Grows with every change while the core runs (not kept in the case). */
  version: number;
  /** 'blocklist': only the block list changed (the views of it reload it; nothing else needs to). */
  reason: 'open' | 'import' | 'enrich' | 'ruleset' | 'blocklist';
}

export interface ImportSummary {
  path: string;
  sourceId: number;
  /** 'empty': a file with no data (nothing imported, not an error). */
  outcome: 'imported' | 'duplicate' | 'empty' | 'failed';
  format: string | null;
  lines: number;
  events: number;
  rejects: number;
  /** Other programs' lines of a syslog file (lines = events + rejects + skipped + blank), and how many per program. */
  skipped: number;
  skippedPrograms?: Array<{ program: string; lines: number }>;
  blank: number;
  status: string;
  message: string | null;
  /** The name the user picked (browser uploads), else the file name. */
  name?: string;
  /** How its times were read: the year given, else from the file's date (ISO day), and the zone. */
  year?: number | null;
  fileDate?: string | null;
  tz?: string;
  /** Its evidence's first and last time (ISO). */
  firstTs?: string | null;
  lastTs?: string | null;
}

export interface QueryPage {
  columns: string[];
  /** Column types as DuckDB names them (VARCHAR, BIGINT, TIMESTAMP, VARCHAR[]…). */
  types: string[];
  rows: Cell[][];
  /** Total rows of the result (all pages). */
  total: number;
  offset: number;
  elapsedMs: number;
}

export interface QueryRequest {
  sql: string;
  /** Rows to return from `offset` (the grid pages through big results). */
  offset?: number;
  limit?: number;
  /** Lets the renderer cancel it with cancel(opId). */
  opId?: string;
}

export interface TableSchema {
  name: string;
  kind: 'table' | 'view';
  columns: Array<{ name: string; type: string }>;
}

export interface ReadyQuestion {
  id: string;
  title: string;
  /** Why a user asks it, one line. */
  why: string;
  sql: string;
}

export interface HistoryEntry {
  sql: string;
  /** Its last run (a pinned query never run since: when it was pinned). */
  ranAt: string;
  pinned: boolean;
}

export interface SavedQuery {
  id: number;
  name: string;
  sql: string;
  savedAt: string;
}

export interface AddressDetails {
  address: string;
  scope: string | null;
  country: string | null;
  asn: number | null;
  org: string | null;
  city: string | null;
  rdns: string | null;
  rdnsStatus: string | null;
  rdnsAt: string | null;
  whois: { status: string | null; netname: string | null; org: string | null; country: string | null; abuse: string | null; range: string | null; registry: string | null; at: string | null };
  /** Names learned from captures (DNS, SNI, Host). */
  names: Array<{ name: string; how: string; seen: number }>;
  counts: { asSource: number; asDestination: number; conntrack: number; pcapFlows: number };
  firstSeen: string | null;
  lastSeen: string | null;
  /** Top peers, with event counts. */
  peers: Array<{ address: string; events: number; org: string | null }>;
  /** Top destination ports with this address on either side. */
  ports: Array<{ proto: string; port: number; service: string | null; events: number }>;
  /** lookupAddress only: how each source answered this time (`offline`: nothing answered in time). */
  lookup?: LookupOutcome;
}

export interface LookupOutcome {
  /** No source answered within the offline deadline (≈3 s); nothing was written. */
  offline: boolean;
  rdns: string;
  /** null when RDAP was not asked (not a public address). */
  rdap: string | null;
  /** What to tell the user when something did not answer. */
  message: string | null;
}

export type ExportFormat = 'csv' | 'json' | 'parquet';

export type BlockFormat = 'iptables' | 'ip6tables' | 'iptables-sh' | 'ip6tables-sh' | 'nft' | 'ipset' | 'firewalld' | 'ufw' | 'pf';

/** Which traffic a block entry stops: from it (inbound), to it (outbound), or routed through this host (forward). */
export type BlockDirection = 'inbound' | 'outbound' | 'forward';

/** One entry of the case's block list (table block_list). */
export interface BlockListEntry {
  /** An address, a CIDR or `AS<n>`. */
  item: string;
  direction: BlockDirection;
  why: string | null;
  /** The OS user running the core and the shell it was added from, e.g. `alice (browser mode)`. */
  addedBy: string;
  addedAt: string;
}

/** What "Add column to block list" shows before adding: how many, how many internal, what ASNs expand to. */
export interface BlockTargetsPreview {
  total: number;
  /** Not external (private, loopback… or the case's internal networks): left out unless asked. */
  internal: number;
  /** Which they are (the confirmation leaves them out unless the user includes them). */
  internalItems: string[];
  asns: number;
  /** Prefixes the ASNs expand to in this case (asn_ranges). */
  prefixes: number;
  /** ASNs with no prefix known in this case. */
  asnsWithoutPrefixes: number;
}

export interface BlockScriptRequest {
  /** Addresses, CIDRs or `AS<n>`. */
  targets: string[];
  format: BlockFormat;
  /** The direction of every target without its own in `directions`. */
  direction: BlockDirection;
  /** Each target's own direction, in the order of `targets` (the block list's entries); absent: `direction` for all. */
  directions?: BlockDirection[] | null;
  port: number | null;
  proto: 'tcp' | 'udp' | null;
  reject: boolean;
  log: boolean;
  /** Seconds until the entries expire; null for permanent. */
  expireSeconds: number | null;
  includeInternal: boolean;
  /**
   * Write the script even though it would cut this host off (its addresses, gateway, the SSH client, DNS,
   * the case's internal networks). Without it such a request fails with BAD_ARGUMENT naming what would be
   * cut, for the UI to show and confirm; with it the script's header says what it cuts.
   */
  forceLockout?: boolean;
  /** Sends ProgressEvent (kind 'rules') with this id while it works; cancel(opId) stops it. */
  opId?: string | null;
}

export interface BlockScript {
  format: BlockFormat;
  script: string;
  /** Removes exactly what `script` adds. */
  rollback: string;
  /** iptables formats: deletes rules whose expiry has passed. */
  sweep: string | null;
  blocks4: number;
  blocks6: number;
  /** Entries left out (internal, duplicate, too broad…) with the reason. */
  dropped: Array<{ item: string; reason: string }>;
  /** Entries of the other family that a single-family format leaves out. */
  skipped: number;
  notes: string[];
}

/** A psad-style scan finding (see `fwlens findings`). */
export interface ScanFinding {
  kind: 'port_scan' | 'host_sweep' | 'null_scan' | 'xmas_scan' | 'synfin_scan' | 'fin_scan';
  src: string;
  family: number | null;
  firstSeen: string | null;
  lastSeen: string | null;
  events: number;
  ports: number;
  hosts: number;
  /** Some of the destination ports touched, ascending. */
  samplePorts: number[];
  detail: string;
}

export type AllowFormat = 'nft' | 'iptables' | 'ip6tables';

export interface AllowScriptRequest {
  format: AllowFormat;
  /** Sources grouped per host, per /24 (IPv6 /64), or all together. */
  group: 'host' | '/24' | 'any';
  /** Destinations as the address, its /24 (IPv6 /48), its ASN's prefixes, or anything. */
  dest: 'address' | 'cidr24' | 'asn' | 'any';
  /** Only traffic that got through (accepted, answered). */
  acceptedOnly: boolean;
  /** Sends ProgressEvent (kind 'rules') with this id while it works; cancel(opId) stops it. */
  opId?: string | null;
}

export interface AllowScript {
  format: AllowFormat;
  /** Default-deny ruleset allowing the observed outbound traffic. */
  script: string;
  rollback: string;
  /** The rule model as `fwlens rules allow --out FILE` writes it to FILE.rules.json (input of replay). */
  rulesJson: string;
  rules: number;
  notes: string[];
  /** Rules of the other family that a single-family format leaves out. */
  skipped: number;
}

export interface TraceStepInfo {
  /** `table:chain:type[:rule]`. */
  step: string;
  table: string;
  chain: string;
  type: string;
  rule: number | null;
  lineNo: number;
  /** The rule's text (or "policy DROP") from the imported ruleset; null without one. */
  ruleText: string | null;
}

export interface TracePath {
  traceId: number;
  sourceId: number;
  lineNo: number;
  ts: string | null;
  src: string | null;
  dst: string | null;
  proto: string | null;
  sport: number | null;
  dport: number | null;
  /** `rule N`, `policy`, `return`… (monitor traces: `rule #9 accept`, `policy drop`) */
  verdict: string;
  /** The trace id nft monitor / xtables-monitor printed; null for TRACE log lines. */
  monitorId: string | null;
  /** Monitor traces with a ruleset imported: the packet replayed through it, beside the printed verdict. */
  replay: { verdict: string; rule: string | null; agree: boolean | null; note: string | null } | null;
  steps: TraceStepInfo[];
}

export interface TracePaths {
  /** Every packet trace in the case; `traces` holds the first of them. */
  total: number;
  traces: TracePath[];
  /** Ruleset versions imported into the case (rule text needs one). */
  rulesets: number;
}

/** A ruleset to replay: the one imported into the case, or a pasted dump / FILE.rules.json. */
export interface ReplayRequest {
  /** `upload`: the text was sent as a file (browser mode, large rulesets and rule models). */
  source: 'imported' | 'text' | 'upload';
  /** iptables-save, iptables -L -v -n --line-numbers, nft list ruleset, or an allow model (JSON); null for imported. */
  text: string | null;
  /** Where to replay traffic whose evidence names no interface (conntrack, captures); null leaves it undecided. */
  hook: 'input' | 'output' | 'forward' | null;
  /** Table of an `iptables -L` dump (it does not say); null = filter. */
  table: string | null;
  /** source 'upload': the server path `POST /upload` answered. */
  upload?: string | null;
  /** Sends ProgressEvent (kind 'replay') with this id while it works; cancel(opId) stops it. */
  opId?: string | null;
}

export interface ReplayCount { groups: number; records: number }

export interface ReplayTraffic {
  src: string; dst: string; proto: string; dport: number | null; hook: string | null;
  /** Interfaces as logged (`eth0→-`), or the evidence (conntrack, pcap) when none. */
  via: string; org: string | null; records: number; lastSeen: string | null;
  verdict: 'accept' | 'drop' | 'reject' | 'unknown';
  /** The deciding rule's text (or "table chain policy X"). */
  rule: string | null;
  why: string | null;
}

export interface ReplayResult {
  /** `ruleset`: first-match over chains; `allow-model`: an fwlens allow-list's JSON. */
  kind: 'ruleset' | 'allow-model';
  total: ReplayCount;
  accept: ReplayCount; drop: ReplayCount; reject: ReplayCount; unknown: ReplayCount;
  notes: string[];
  /** Every rule and policy with the traffic it decided, and the traffic that matched it on the way (jumps, logs). */
  rules: Array<{ where: string; text: string; groups: number; records: number; matchedRecords: number }>;
  /** Would be dropped or rejected, most records first (at most 1,000). */
  blocked: ReplayTraffic[];
  /** Not decidable from the evidence, with why (at most 1,000). */
  undecided: ReplayTraffic[];
}

/** A ruleset dump loaded into the case as the ruleset in force (what `fwlens ruleset import` does). */
export interface RulesetImported {
  version: number;
  format: string;
  rules: number;
  policies: number;
  /** false when the same dump was imported before. */
  added: boolean;
}

/** Operations the preload exposes, one channel each (an allow-list), and the WebSocket carries. */
export interface FwlensApi {
  /** Version, open case, shell, data credits. */
  appInfo(): Promise<Result<AppInfo>>;
  /** Opens a case file (creates it when `create`); it becomes the open case. */
  openCase(path: string, create: boolean): Promise<Result<CaseInfo>>;
  /** The open case's counts. */
  caseInfo(): Promise<Result<CaseInfo>>;
  /** Recently opened cases, newest first. */
  recentCases(): Promise<Result<string[]>>;
  listSources(): Promise<Result<SourceInfo[]>>;
  /** Rejected lines of one source, paged. */
  listRejects(sourceId: number, offset: number, limit: number): Promise<Result<{ rows: RejectRow[]; total: number }>>;
  /**
   * Imports files and folders (paths on the machine running the core), then enriches offline.
   * Sends ProgressEvent with `opId`; cancel(opId) stops it and leaves the case as it was.
   */
  importPaths(paths: string[], opId: string, options?: ImportOptions | null): Promise<Result<ImportSummary[]>>;
  /** The source already holding exactly these bytes (sha256, hex), or null: a page checks before it uploads. */
  sourceBySha(sha256: string): Promise<Result<{ id: number; name: string } | null>>;
  /** A source's rejected lines grouped by reason, most frequent first, each with its first lines. */
  rejectGroups(sourceId: number): Promise<Result<RejectGroup[]>>;
  /** Creates a case named `name` (letters, digits, space, `._-`) under the data folder's cases/ and opens it. */
  newCase(name: string): Promise<Result<CaseInfo>>;
  /** Runs one SQL statement (read-only for user SQL) and returns a page of its result. */
  runQuery(req: QueryRequest): Promise<Result<QueryPage>>;
  /** A page of Explore's grid (the filter as one condition over events_enriched); not written to SQL History. */
  explorePage(req: ExplorePageRequest): Promise<Result<ExplorePage>>;
  /** How many events Explore's filter keeps (asked apart from the first page, which shows first). */
  exploreCount(req: ExploreCountRequest): Promise<Result<{ total: number; elapsedMs: number }>>;
  /**
   * Part of one text cell of a query's result (a page carries at most 16 KiB of a cell, marked as
   * `{ $truncated, $length }`): characters from `start` (1-based), at most `count` (≤ 1 MiB).
   */
  cellText(sql: string, row: number, column: number, start: number, count: number): Promise<Result<{ text: string; length: number }>>;
  /** One event's every field and its original line read back from the source file (when it is still the one imported). */
  eventDetail(sourceId: number, lineNo: number): Promise<Result<EventDetail>>;
  /** Cancels a running import or query. */
  cancel(opId: string): Promise<Result<boolean>>;
  /** Tables, views and columns of the case, for completion. */
  schema(): Promise<Result<TableSchema[]>>;
  /** DuckDB's function and macro names (no operators), sorted, for completion. */
  sqlFunctions(): Promise<Result<string[]>>;
  /** The ready questions from the users' playbooks. */
  readyQuestions(): Promise<Result<ReadyQuestion[]>>;
  /**
   * SQL history of the case: pinned queries first, then the runs newest first; with `search`, only
   * those whose text contains it (any case).
   */
  queryHistory(limit: number, search?: string): Promise<Result<HistoryEntry[]>>;
  /** Pins (kept on top, never trimmed) or unpins a query text in the case's history; at most 200 pins. */
  pinQuery(sql: string, pinned: boolean): Promise<Result<boolean>>;
  savedQueries(): Promise<Result<SavedQuery[]>>;
  /** What the app keeps in the open case under `key` (letters, digits, `._-`, ≤ 100), or null. */
  uiState(key: string): Promise<Result<unknown>>;
  /** Keeps `value` (JSON, ≤ 256 KiB) in the open case under `key`; null removes it. */
  setUiState(key: string, value: unknown): Promise<Result<boolean>>;
  saveQuery(name: string, sql: string): Promise<Result<SavedQuery>>;
  deleteSavedQuery(id: number): Promise<Result<boolean>>;
  /** Everything known about one address. */
  addressDetails(address: string): Promise<Result<AddressDetails>>;
  /**
   * Asks the network (reverse DNS and RDAP/whois) about one address, caching the answers. When nothing
   * answers within a few seconds the value's `lookup.offline` is true and the cache is left as it was.
   * `opId` lets cancel(opId) stop it (the answer is then CANCELLED and nothing is written).
   */
  lookupAddress(address: string, opId?: string | null): Promise<Result<AddressDetails>>;
  /**
   * Exports a query's whole result. Electron: to `path` chosen in a save dialog. Browser mode:
   * `path` null, and the value is a download URL served once.
   */
  exportResult(sql: string, format: ExportFormat, path: string | null): Promise<Result<{ path: string | null; url: string | null; rows: number }>>;
  /** Block rules (and their rollback twin) for the selected addresses, CIDRs and ASNs. */
  blockScript(req: BlockScriptRequest): Promise<Result<BlockScript>>;
  /** The open case's block list, oldest first. */
  blockList(): Promise<Result<BlockListEntry[]>>;
  /** Adds entries (≤ 10,000; addresses, CIDRs, `AS<n>`) not listed yet; one already listed keeps its direction and why. */
  addToBlockList(entries: Array<{ item: string; direction: BlockDirection; why?: string | null }>): Promise<Result<{ added: number; already: number }>>;
  /** Removes these items; answers how many were listed. */
  removeFromBlockList(items: string[]): Promise<Result<number>>;
  clearBlockList(): Promise<Result<number>>;
  /** Changes one entry's direction; false when it is not listed. */
  setBlockDirection(item: string, direction: BlockDirection): Promise<Result<boolean>>;
  /** Counts for a confirmation before adding many items: internal ones, and the prefixes their ASNs expand to. */
  previewBlockTargets(items: string[]): Promise<Result<BlockTargetsPreview>>;
  /** The case's scan findings (port scans, host sweeps, flag scans), oldest first. */
  scanFindings(): Promise<Result<ScanFinding[]>>;
  /** A default-deny allow-list of the case's outbound traffic, with rollback and the rule model. */
  allowScript(req: AllowScriptRequest): Promise<Result<AllowScript>>;
  /** TRACE lines grouped into packet paths, each step with its rule text when a ruleset was imported. */
  tracePaths(): Promise<Result<TracePaths>>;
  /** What a ruleset would have done to the case's traffic, before anything is applied. */
  replayRuleset(req: ReplayRequest): Promise<Result<ReplayResult>>;
  /** Loads a pasted dump (iptables-save, iptables -L -v -n --line-numbers, nft list ruleset) into the case. */
  importRuleset(text: string | null, name: string, table: string | null, upload?: string | null): Promise<Result<RulesetImported>>;
  /**
   * The pictures, each aggregated in DuckDB under the shared filter. `opId` lets the renderer cancel
   * a request a newer filter or brush has made stale (cancel(opId)); null when it need not.
   */
  flowGraph(req: FlowGraphRequest, opId: string | null): Promise<Result<FlowGraph>>;
  timeline(req: TimelineRequest, opId: string | null): Promise<Result<Timeline>>;
  geoSummary(req: ViewFilter, opId: string | null): Promise<Result<GeoSummary>>;
  groupBy(req: GroupByRequest, opId: string | null): Promise<Result<GroupByResult>>;
  overview(req: ViewFilter, opId: string | null): Promise<Result<Overview>>;
}

export type ApiMethod = keyof FwlensApi;

/** The allow-list: the preload exposes these channels and nothing else. */
export const API_CHANNELS = [
  'appInfo', 'openCase', 'caseInfo', 'recentCases', 'listSources', 'listRejects', 'importPaths', 'runQuery', 'cellText', 'cancel',
  'schema', 'readyQuestions', 'queryHistory', 'pinQuery', 'savedQueries', 'uiState', 'setUiState', 'saveQuery', 'deleteSavedQuery', 'addressDetails',
  'lookupAddress', 'exportResult', 'blockScript', 'blockList', 'addToBlockList', 'removeFromBlockList', 'clearBlockList',
  'setBlockDirection', 'previewBlockTargets', 'scanFindings', 'allowScript', 'tracePaths', 'replayRuleset', 'importRuleset',
  'flowGraph', 'timeline', 'geoSummary', 'groupBy', 'overview',
  'eventDetail',
  'sourceBySha', 'rejectGroups', 'newCase',
  'sqlFunctions',
  'explorePage', 'exploreCount',
] as const satisfies ReadonlyArray<ApiMethod>;

/** The event channel long operations report on. */
export const PROGRESS_CHANNEL = 'progress';
/** The event channel CaseChange notifications go out on (Electron). */
export const CASE_CHANGED_CHANNEL = 'caseChanged';

// Compile-time check that the allow-list names every operation.
type Unlisted = Exclude<ApiMethod, (typeof API_CHANNELS)[number]>;
export const ALL_CHANNELS_LISTED: [Unlisted] extends [never] ? true : never = true;

/**
 * Browser mode only (not an API method): files picked or dropped in the browser are uploaded with
 * `POST /upload?token=…&name=FILE[&mtime=MS]` (body = the file's bytes; MS the file's modification
 * time, which the server's copy gets) and the server answers
 * `{ path }`, a path on its side that `importPaths` then takes.
 */
export const UPLOAD_PATH = '/upload';

/**
 * Electron only: the native menu's requests to the renderer, sent on MENU_CHANNEL. The main process
 * has already shown the dialog: `caseOpened` follows Open/New Case and Recent Cases (the case is
 * open), `importPaths` carries the picked files or folder for the renderer to import (so it owns the
 * opId and shows progress), `export` asks the renderer to export its current result.
 */
export const MENU_CHANNEL = 'menu';
export type MenuEvent =
  | { action: 'caseOpened'; caseInfo: CaseInfo }
  | { action: 'importPaths'; paths: string[] }
  | { action: 'export' }
  | { action: 'error'; message: string };

/**
 * Electron only: what the preload adds on `window.fwlens` besides the API channels. `pathForFile`
 * gives a dropped File's path on disk (Electron's webUtils.getPathForFile), for importPaths.
 * `exportPath` shows a save dialog and answers the chosen path (null when cancelled), for exportResult.
 */
export interface ShellHelpers {
  onProgress(cb: (e: ProgressEvent) => void): () => void;
  onCaseChanged(cb: (e: CaseChange) => void): () => void;
  onMenu(cb: (e: MenuEvent) => void): () => void;
  pathForFile(file: unknown): string;
  exportPath(format: ExportFormat): Promise<string | null>;
  /** The native dialog for a case file: open an existing one, or name a new one (default folder: the data folder's cases/); null when cancelled. */
  chooseCaseFile(mode: CaseFileMode): Promise<string | null>;
}

/** What the case-file chooser is for: an existing case, or the file of a new one. */
export type CaseFileMode = 'open' | 'create';

/** Electron only: the channel behind ShellHelpers.chooseCaseFile (not an API method; browser mode has no chooser). */
export const CASE_DIALOG_CHANNEL = 'caseDialog';

/** Electron only: the channel behind ShellHelpers.exportPath (not an API method). */
export const EXPORT_DIALOG_CHANNEL = 'exportDialog';
