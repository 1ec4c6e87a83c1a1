// FwlensService: the one implementation of the renderer contract, plain Node, shared by the
// Electron IPC handlers and the browser-mode WebSocket. Every method validates its arguments and
// answers a Result; nothing throws across the boundary. This façade owns the open case, its
// connections and running operations; each area's methods live in a service-*.ts module.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AppInfo, CaseChange, CaseInfo, FwlensApi, ProgressEvent, Result } from '../shared/api.ts';
import { CaseDb } from '../db/case-db.ts';
import { sandbox } from '../db/sandbox.ts';
import { caseCounts } from '../db/app-queries.ts';
import { openSideConnection, sideRunner } from '../db/user-sql.ts';
import { ASN_CREDIT, DBIP_CREDIT } from '../enrich/geo-db.ts';
import { Mutex, Operations, type ServiceContext } from './context.ts';
import { Leases } from './leases.ts';
import { AppError, guard, iso, ok } from './result.ts';
import { RecentCases } from './recent-cases.ts';
import { machineZone } from './import-options.ts';
import { casesDir, newCaseFile } from './import-extras.ts';
import { samplePath } from './data-dir.ts';
import { uploadReader, type UploadReader } from './replay-service.ts';
import * as v from './validate.ts';
import { CaseChanges } from './case-changes.ts';
import type { ServiceParts } from './service-parts.ts';
import { sourcesApi } from './service-sources.ts';
import { queriesApi } from './service-queries.ts';
import { keptApi } from './service-kept.ts';
import { rulesApi } from './service-rules.ts';
import { picturesApi } from './service-pictures.ts';
import { ensureAsnRanges } from '../db/ip-info.ts';

/** The areas' methods, installed on each service (see the constructor). */
const AREAS = [sourcesApi, queriesApi, keptApi, rulesApi, picturesApi] as const;
type AreaMethods = ReturnType<(typeof AREAS)[number]>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

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

// The areas' methods are own properties of each service (assigned in the constructor); this declares them.
export interface FwlensService extends UnionToIntersection<AreaMethods> {}

export class FwlensService implements FwlensApi {
  private current: { db: CaseDb; side: DuckDBConnection; sideLock: Mutex; mainLock: Mutex } | null = null;
  private readonly ops = new Operations();
  private readonly leases = new Leases();
  private closing = false;
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
      connect: () => {
        const c = open();
        // Made after a close began, the statement would run on under a closing case: refused instead.
        return this.leases.take(() => openSideConnection(c.db), () => (this.closing || this.current !== c ? new AppError('CANCELLED', 'cancelled: the case is closing') : null));
      },
      release: (conn) => this.leases.give(conn),
      ops: this.ops,
      timeoutMs: opts.queryTimeoutMs ? opts.queryTimeoutMs : null,
      emit: (e) => { for (const l of this.listeners) l(e); },
      changed: (reason) => this.changes.emit(this.casePath, reason),
    };
    const parts: ServiceParts = { ctx: this.ctx, opts, readUpload: this.readUpload };
    for (const area of AREAS) Object.assign(this, area(parts));
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
    // `fwlens import` leaves the case's copy of the ASN ranges to be made when first needed: here.
    await ensureAsnRanges(db).catch((e: unknown) => { db.close(); throw e; });
    // Browser mode: SQL may not read files or reach the network (see db/sandbox.ts).
    if (this.opts.shell === 'browser') await sandbox(db.conn).catch((e: unknown) => { db.close(); throw e; });
    const side = await openSideConnection(db);
    await this.leases.idle(5_000);
    await this.statementsDone();
    this.closeCase();
    const sideLock = new Mutex();
    // An import's CHECKPOINT waits for the side connection's writes (UI state, history, block list) instead of failing on them.
    db.quiet = (fn) => sideLock.run(fn);
    this.current = { db, side, sideLock, mainLock: new Mutex() };
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

  /** Waits for the statements queued on the case's own connections: closing one under a running statement hangs or crashes DuckDB. */
  private async statementsDone(): Promise<void> {
    const c = this.current;
    if (c) await c.mainLock.run(() => c.sideLock.run(async () => undefined));
  }

  /** Closes now: for when nothing can be running (a failed start, a command that is done). */
  close(): void {
    this.ops.cancelAll();
    this.closeCase();
  }

  /**
   * Stops whatever runs, waits up to `ms` for it to let go of the case, then closes it: what a server
   * or window that goes away calls, with pages or views that may still be asking.
   */
  async closeWhenSettled(ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    this.closing = true;
    this.ops.cancelAll();
    await this.leases.idle(ms);
    // Bounded too: a statement that never ends must not keep the server or window from going away.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.statementsDone(), new Promise((ok) => { timer = setTimeout(ok, Math.max(0, until - Date.now())); })]);
    clearTimeout(timer);
    this.closeCase();
    this.closing = false;
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

  newCase(name: unknown): Promise<Result<CaseInfo>> {
    return guard(() => this.open(newCaseFile(this.opts.dataDir, name), true));
  }

  cancel(opId: unknown): Promise<Result<boolean>> {
    return guard(async () => this.ops.cancel(v.opId(opId)));
  }
}
