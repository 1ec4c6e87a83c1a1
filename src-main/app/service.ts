// FwlensService: the one implementation of the renderer contract, plain Node, shared by the
// Electron IPC handlers and the browser-mode WebSocket. Every method validates its arguments and
// answers a Result; nothing throws across the boundary.
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { blockScript, checkBlockRequest } from './block-script.ts';
import { asOperation } from './cpu-op.ts';
import { allowScript, checkAllowRequest, findingRows } from './rules-service.ts';
import { tracePaths } from './trace-service.ts';
import { checkReplayRequest, importPastedRuleset, replayForApp, uploadReader, type UploadReader } from './replay-service.ts';
import type { AllowScript, BlockScript, ScanFinding, TracePaths, ReplayResult, RulesetImported } from '../shared/api.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import type {
  AddressDetails, AppInfo, CaseInfo, ExportFormat, FwlensApi, HistoryEntry, ImportSummary, ProgressEvent, QueryPage, ReadyQuestion,
  RejectRow, Result, SavedQuery, SourceInfo, TableSchema,
} from '../shared/api.ts';
import { CaseDb } from '../db/case-db.ts';
import { sandbox } from '../db/sandbox.ts';
import { caseCounts, rejectPage, schemaRows, sourceRows } from '../db/app-queries.ts';
import { deleteSaved, listSaved, saveQuery } from '../db/saved-queries.ts';
import { MAX_PINS, pinCount, pinQuery, searchHistory } from '../db/history-pins.ts';
import { getUiState, setUiState } from '../db/ui-state.ts';
import * as blockList from './block-list-service.ts';
import { clearBlockList, deleteBlockItems, setBlockDirection } from '../db/block-list.ts';
import type { BlockListEntry, BlockTargetsPreview } from '../shared/api.ts';
import { checkUiKey, MAX_UI_STATE } from './ui-state-check.ts';
import { openSideConnection, sideRunner } from '../db/user-sql.ts';
import { READY_QUESTIONS } from '../db/ready-questions.ts';
import { ASN_CREDIT, DBIP_CREDIT } from '../enrich/geo-db.ts';
import { Mutex, Operations, type ServiceContext } from './context.ts';
import { AppError, guard, iso, num, ok, str } from './result.ts';
import { RecentCases } from './recent-cases.ts';
import { cellText, runUserQuery } from './query-service.ts';
import { exploreCountFor, explorePageFor } from './explore-service.ts';
import type { ExplorePage } from '../shared/explore.ts';
import { importPaths } from './import-service.ts';
import { checkImportOptions, machineZone } from './import-options.ts';
import { casesDir, findBySha, newCaseFile, rejectGroups } from './import-extras.ts';
import { samplePath } from './data-dir.ts';
import type { RejectGroup } from '../shared/api.ts';
import { addressDetails, checkAddress } from './address-details.ts';
import { lookupAddress } from './address-lookup.ts';
import { functionNames } from '../db/function-names.ts';
import { eventDetail } from './event-detail.ts';
import type { EventDetail } from '../shared/event-detail.ts';
import { EXPORT_FORMATS, exportToFile, tempExportPath } from './export.ts';
import * as v from './validate.ts';
import { onOwnConnection } from './own-connection.ts';
import { CaseChanges } from './case-changes.ts';
import type { CaseChange } from '../shared/api.ts';
import type { FlowGraph, GeoSummary, GroupByResult, Overview, Timeline } from '../shared/visual.ts';
import { checkFlowRequest, flowGraph } from '../visual/flow-graph.ts';
import { checkTimelineRequest, timeline } from '../visual/timeline.ts';
import { checkGeoRequest, geoSummary } from '../visual/geo.ts';
import { checkGroupByRequest, groupBy } from '../visual/group-by.ts';
import { checkOverviewRequest, overview } from '../visual/overview.ts';

/** From package.json next to the sources; a bundle (Electron) passes its own version instead. */
function packageVersion(): string {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface ServiceOptions {
  shell: 'electron' | 'browser';
  /** The app's own files (recent cases). */
  dataDir: string;
  /** Browser mode: turns an export's temp file into a one-time download URL. */
  publishDownload?: (file: string, name: string) => string;
  /** Browser mode: whether a path is one of this server's uploads (large pasted rulesets arrive so). */
  isUpload?: (path: string) => boolean;
  /** Browser mode: the name the user picked for an upload (the source keeps it instead of the temp path). */
  uploadName?: (path: string) => string | null;
  /** Browser mode: called with the paths of each finished import (its uploads can go). */
  afterImport?: (paths: string[]) => void;
  /** Stops any one query, picture or export after this long (0 or absent: no limit). */
  queryTimeoutMs?: number;
  version?: string;
}

export class FwlensService implements FwlensApi {
  private current: { db: CaseDb; side: DuckDBConnection; sideLock: Mutex; mainLock: Mutex } | null = null;
  private readonly ops = new Operations();
  private readonly listeners = new Set<(e: ProgressEvent) => void>();
  private readonly changes = new CaseChanges();
  private readonly recent: RecentCases;
  private readonly ctx: ServiceContext;
  private readonly readUpload: UploadReader;

  constructor(private readonly opts: ServiceOptions) {
    this.recent = new RecentCases(opts.dataDir);
    this.readUpload = uploadReader(opts.isUpload);
    const open = () => this.current ?? (() => { throw new AppError('NO_CASE', 'no case is open: open or create one first'); })();
    this.ctx = {
      db: () => open().db,
      side: (fn) => { const c = open(); return c.sideLock.run(() => fn(sideRunner(c.side))); },
      main: (fn) => { const c = open(); return c.mainLock.run(() => fn(c.db)); },
      connect: () => openSideConnection(open().db),
      ops: this.ops,
      timeoutMs: opts.queryTimeoutMs ? opts.queryTimeoutMs : null,
      emit: (e) => { for (const l of this.listeners) l(e); },
      changed: (reason) => this.changes.emit(this.casePath, reason),
    };
  }

  /** Subscribes to progress events; returns the unsubscribe function. */
  onProgress(listener: (e: ProgressEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes to CaseChange notifications; returns the unsubscribe function. */
  onCaseChanged(listener: (e: CaseChange) => void): () => void {
    return this.changes.on(listener);
  }

  /** Stops the queries a caller (a closed WebSocket) left behind. */
  cancelOwnedBy(owner: object): number {
    return this.ops.cancelOwnedBy(owner);
  }

  get casePath(): string | null {
    return this.current?.db.path ?? null;
  }

  /** Opens a case for the shells themselves (command line, menu), outside the contract. */
  async open(path: string, create = false): Promise<CaseInfo> {
    if (this.ops.size) throw new AppError('LOCKED', 'an import or query is running: cancel it or wait before opening another case');
    const abs = resolve(path);
    const db = await CaseDb.open(abs, { create });
    // Browser mode: SQL may not read files or reach the network (see db/sandbox.ts).
    if (this.opts.shell === 'browser') await sandbox(db.conn).catch((e: unknown) => { db.close(); throw e; });
    const side = await openSideConnection(db);
    this.closeCase();
    this.current = { db, side, sideLock: new Mutex(), mainLock: new Mutex() };
    this.recent.add(abs);
    this.changes.emit(abs, 'open');
    return this.info();
  }

  private closeCase(): void {
    if (!this.current) return;
    this.current.side.closeSync();
    this.current.db.close();
    this.current = null;
  }

  close(): void {
    this.ops.cancelAll();
    this.closeCase();
  }

  private async info(): Promise<CaseInfo> {
    const path = this.ctx.db().path;
    const c = await this.ctx.side(caseCounts);
    return { path, ...c, firstTs: iso(c.firstTs), lastTs: iso(c.lastTs) };
  }

  appInfo(): Promise<Result<AppInfo>> {
    return guard(async () => ({
      version: this.opts.version ?? packageVersion(), casePath: this.casePath, shell: this.opts.shell, credits: [DBIP_CREDIT, ASN_CREDIT],
      timeZone: machineZone(), sampleCase: this.casePath === samplePath(this.opts.dataDir), casesDir: casesDir(this.opts.dataDir),
    }));
  }

  openCase(path: unknown, create: unknown): Promise<Result<CaseInfo>> {
    return guard(() => this.open(v.path(path), v.bool(create, 'create')));
  }

  caseInfo(): Promise<Result<CaseInfo>> {
    return guard(() => this.info());
  }

  async recentCases(): Promise<Result<string[]>> {
    return ok(this.recent.existing());
  }

  listSources(): Promise<Result<SourceInfo[]>> {
    return guard(async () => (await this.ctx.side(sourceRows)).map((r) => ({
      id: num(r.id), name: String(r.name), path: String(r.path), format: String(r.format), unit: String(r.unit ?? 'line'),
      lines: num(r.lines), events: num(r.events), rejects: num(r.rejects), blank: num(r.blank), status: String(r.status),
      message: str(r.message), importedAt: iso(r.imported_at) ?? '', firstTs: iso(r.first_ts), lastTs: iso(r.last_ts),
    })));
  }

  listRejects(sourceId: unknown, offset: unknown, limit: unknown): Promise<Result<{ rows: RejectRow[]; total: number }>> {
    return guard(async () => {
      const [id, off, lim] = [v.int(sourceId, 'sourceId', 0, 2 ** 31 - 1), v.int(offset, 'offset', 0, Number.MAX_SAFE_INTEGER), v.int(limit, 'limit', 1, 10_000)];
      const p = await this.ctx.side((r) => rejectPage(r, id, off, lim));
      return { total: p.total, rows: p.rows.map((r) => ({ sourceId: num(r.source_id), lineNo: num(r.line_no), byteOff: num(r.byte_off), reason: String(r.reason), line: String(r.line ?? '') })) };
    });
  }

  importPaths(paths: unknown, opId: unknown, options: unknown = null): Promise<Result<ImportSummary[]>> {
    return guard(async () => {
      const ps = v.paths(paths);
      try {
        const o = checkImportOptions(options);
        return await importPaths(this.ctx, ps, v.opId(opId), { ...o, nameOf: this.opts.uploadName });
      } finally {
        this.opts.afterImport?.(ps);
      }
    });
  }

  sourceBySha(sha256: unknown): Promise<Result<{ id: number; name: string } | null>> {
    return guard(() => findBySha(this.ctx, sha256));
  }

  rejectGroups(sourceId: unknown): Promise<Result<RejectGroup[]>> {
    return guard(() => rejectGroups(this.ctx, sourceId));
  }

  newCase(name: unknown): Promise<Result<CaseInfo>> {
    return guard(() => this.open(newCaseFile(this.opts.dataDir, name), true));
  }

  runQuery(req: unknown): Promise<Result<QueryPage>> {
    return guard(() => runUserQuery(this.ctx, req));
  }

  explorePage(req: unknown): Promise<Result<ExplorePage>> {
    return guard(() => explorePageFor(this.ctx, req));
  }

  exploreCount(req: unknown): Promise<Result<{ total: number; elapsedMs: number }>> {
    return guard(() => exploreCountFor(this.ctx, req));
  }

  cellText(sql: unknown, row: unknown, column: unknown, start: unknown, count: unknown): Promise<Result<{ text: string; length: number }>> {
    return guard(() => cellText(this.ctx, sql, row, column, start, count));
  }

  eventDetail(sourceId: unknown, lineNo: unknown): Promise<Result<EventDetail>> {
    return guard(() => eventDetail(this.ctx, sourceId, lineNo));
  }

  cancel(opId: unknown): Promise<Result<boolean>> {
    return guard(async () => this.ops.cancel(v.opId(opId)));
  }

  sqlFunctions(): Promise<Result<string[]>> {
    return guard(() => this.ctx.side(functionNames));
  }

  schema(): Promise<Result<TableSchema[]>> {
    return guard(async () => {
      const byName = new Map<string, TableSchema>();
      for (const r of await this.ctx.side(schemaRows)) {
        const name = String(r.table_name);
        let t = byName.get(name);
        if (!t) byName.set(name, (t = { name, kind: r.table_type === 'VIEW' ? 'view' : 'table', columns: [] }));
        t.columns.push({ name: String(r.column_name), type: String(r.data_type) });
      }
      return [...byName.values()];
    });
  }

  async readyQuestions(): Promise<Result<ReadyQuestion[]>> {
    return ok(READY_QUESTIONS.map((q) => ({ ...q })));
  }

  queryHistory(limit: unknown, search: unknown = ''): Promise<Result<HistoryEntry[]>> {
    return guard(async () => {
      const [n, s] = [v.int(limit, 'limit', 1, 1000), v.str(search, 'search', 1000, 0)];
      return (await this.ctx.side((r) => searchHistory(r, n, s))).map((h) => ({ sql: h.sql, ranAt: iso(h.ranAt) ?? '', pinned: h.pinned }));
    });
  }

  pinQuery(sql: unknown, pinned: unknown): Promise<Result<boolean>> {
    return guard(async () => {
      const [s, p] = [v.sql(sql), v.bool(pinned, 'pinned')];
      return this.ctx.side(async (r) => {
        if (p && (await pinCount(r)) >= MAX_PINS) throw new AppError('TOO_LARGE', `at most ${MAX_PINS} queries can be pinned: unpin one first`);
        return pinQuery(r, s, p);
      });
    });
  }

  uiState(key: unknown): Promise<Result<unknown>> {
    return guard(async () => {
      const text = await this.ctx.side((r) => getUiState(r, checkUiKey(key)));
      return text === null ? null : (JSON.parse(text) as unknown);
    });
  }

  setUiState(key: unknown, value: unknown): Promise<Result<boolean>> {
    return guard(async () => {
      const k = checkUiKey(key);
      const json = value === null || value === undefined ? null : JSON.stringify(value);
      if (json !== null && json.length > MAX_UI_STATE) throw new AppError('TOO_LARGE', `a kept state is at most ${MAX_UI_STATE / 1024} KiB`);
      await this.ctx.side((r) => setUiState(r, k, json));
      return true;
    });
  }

  savedQueries(): Promise<Result<SavedQuery[]>> {
    return guard(async () => (await this.ctx.side(listSaved)).map((s) => ({ ...s, savedAt: iso(s.savedAt) ?? '' })));
  }

  saveQuery(name: unknown, sql: unknown): Promise<Result<SavedQuery>> {
    return guard(async () => {
      const [n, s] = [v.str(name, 'name', 200).trim(), v.sql(sql)];
      if (!n) throw new AppError('BAD_ARGUMENT', 'name must not be blank');
      const row = await this.ctx.side((r) => saveQuery(r, n, s));
      return { ...row, savedAt: iso(row.savedAt) ?? '' };
    });
  }

  deleteSavedQuery(id: unknown): Promise<Result<boolean>> {
    return guard(async () => {
      const n = v.int(id, 'id', 1, 2 ** 31 - 1);
      return this.ctx.side((r) => deleteSaved(r, n));
    });
  }

  addressDetails(address: unknown): Promise<Result<AddressDetails>> {
    return guard(async () => {
      const a = checkAddress(address);
      return this.ctx.side((r) => addressDetails(r, a));
    });
  }

  // The block list is part of the case (table block_list): written on the side connection like the other app state.
  blockList(): Promise<Result<BlockListEntry[]>> {
    return guard(() => this.ctx.side(blockList.entries));
  }

  addToBlockList(entries: unknown): Promise<Result<{ added: number; already: number }>> {
    return guard(async () => {
      const adds = blockList.checkAdds(entries);
      return this.ctx.side((r) => blockList.addEntries(r, adds, blockList.addedBy(this.opts.shell)));
    });
  }

  removeFromBlockList(items: unknown): Promise<Result<number>> {
    return guard(async () => { const list = blockList.checkItems(items); return this.ctx.side((r) => deleteBlockItems(r, list)); });
  }

  clearBlockList(): Promise<Result<number>> {
    return guard(() => this.ctx.side(clearBlockList));
  }

  setBlockDirection(item: unknown, direction: unknown): Promise<Result<boolean>> {
    return guard(async () => {
      const [i, d] = [blockList.checkBlockItem(item), v.oneOf(direction, 'direction', blockList.BLOCK_DIRECTIONS)];
      return this.ctx.side((r) => setBlockDirection(r, i, d));
    });
  }

  previewBlockTargets(items: unknown): Promise<Result<BlockTargetsPreview>> {
    return guard(async () => { const list = blockList.checkItems(items); return this.ctx.side((r) => blockList.preview(r, list)); });
  }

  blockScript(req: unknown): Promise<Result<BlockScript>> {
    return guard(async () => {
      const r = checkBlockRequest(req);
      // Serialised with imports like the other rules operations: the owners it reads may be mid-write.
      return this.ctx.main((db) => asOperation(this.ctx, r.opId, 'rules', (job) => blockScript(db, r, {}, job)));
    });
  }

  // Findings, allow-lists and traces read the case through the main connection, serialised with imports.
  scanFindings(): Promise<Result<ScanFinding[]>> {
    return guard(() => this.ctx.main(findingRows));
  }

  allowScript(req: unknown): Promise<Result<AllowScript>> {
    return guard(async () => {
      const r = checkAllowRequest(req);
      return this.ctx.main((db) => asOperation(this.ctx, r.opId, 'rules', (job) => allowScript(db, r, job)));
    });
  }

  tracePaths(): Promise<Result<TracePaths>> {
    return guard(() => this.ctx.main(tracePaths));
  }

  importRuleset(text: unknown, name: unknown, table: unknown, upload: unknown = null): Promise<Result<RulesetImported>> {
    return guard(async () => {
      const r = await this.ctx.main((db) => importPastedRuleset(db, text, name, table, upload, this.readUpload));
      if (r.added) this.ctx.changed('ruleset');
      return r;
    });
  }

  replayRuleset(req: unknown): Promise<Result<ReplayResult>> {
    return guard(async () => {
      const r = checkReplayRequest(req, this.readUpload);
      return this.ctx.main((db) => asOperation(this.ctx, r.opId, 'replay', (job) => replayForApp(db, r, job)));
    });
  }

  lookupAddress(address: unknown, opId: unknown = null): Promise<Result<AddressDetails>> {
    return guard(() => lookupAddress(this.ctx, checkAddress(address), opId === null || opId === undefined ? null : v.opId(opId)));
  }

  exportResult(sql: unknown, format: unknown, path: unknown): Promise<Result<{ path: string | null; url: string | null; rows: number }>> {
    return guard(async () => {
      const [s, f] = [v.sql(sql), v.oneOf<ExportFormat>(format, 'format', EXPORT_FORMATS)];
      if (this.opts.shell === 'browser') {
        // Browser mode never writes where the page says: the page is not trusted with server paths.
        if (path !== null) throw new AppError('BAD_ARGUMENT', 'in browser mode path must be null: the file is served for download');
        const publish = this.opts.publishDownload;
        if (!publish) throw new AppError('INTERNAL', 'downloads are not available');
        const tmp = tempExportPath(f);
        const r = await exportToFile(this.ctx, s, f, tmp).catch((e: unknown) => {
          rmSync(dirname(tmp), { recursive: true, force: true });
          throw e;
        });
        return { path: null, url: publish(r.path, `fwlens-export.${f}`), rows: r.rows };
      }
      const r = await exportToFile(this.ctx, s, f, v.path(path));
      return { path: r.path, url: null, rows: r.rows };
    });
  }

  // The pictures: checked before a connection is opened, each on its own cancellable connection.
  flowGraph(req: unknown, opId: unknown = null): Promise<Result<FlowGraph>> {
    return guard(async () => { const r = checkFlowRequest(req); return onOwnConnection(this.ctx, opId, (c) => flowGraph(c, r)); });
  }

  timeline(req: unknown, opId: unknown = null): Promise<Result<Timeline>> {
    return guard(async () => { const r = checkTimelineRequest(req); return onOwnConnection(this.ctx, opId, (c) => timeline(c, r)); });
  }

  geoSummary(req: unknown, opId: unknown = null): Promise<Result<GeoSummary>> {
    return guard(async () => { const r = checkGeoRequest(req); return onOwnConnection(this.ctx, opId, (c) => geoSummary(c, r)); });
  }

  groupBy(req: unknown, opId: unknown = null): Promise<Result<GroupByResult>> {
    return guard(async () => { const r = checkGroupByRequest(req); return onOwnConnection(this.ctx, opId, (c) => groupBy(c, r)); });
  }

  overview(req: unknown, opId: unknown = null): Promise<Result<Overview>> {
    return guard(async () => { const r = checkOverviewRequest(req); return onOwnConnection(this.ctx, opId, (c) => overview(c, r)); });
  }
}
