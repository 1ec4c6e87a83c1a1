// Opening a case file: one DuckDB database per case, checked to be fwlens's and migrated on open.
import { chmodSync, existsSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { totalmem } from 'node:os';
import { resolve } from 'node:path';
import { workSubdir } from '../app/work-dir.ts';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';

export class CaseError extends Error {
  constructor(readonly code: 'NO_CASE' | 'NOT_A_CASE' | 'TOO_NEW' | 'LOCKED' | 'BAD_VALUE', message: string) {
    super(message);
  }
}

export type Row = Record<string, unknown>;
const APP_ID = 'fwlens-case';
/** FWLENS_SLOW_SQL=ms logs statements slower than that to stderr. */
const SLOW_SQL_MS = Number(process.env.FWLENS_SLOW_SQL ?? 0);

/** DuckDB files carry "DUCK" at byte 8; anything else is refused before DuckDB sees it. */
function looksLikeDuckDb(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const n = readSync(fd, head, 0, 12, 0);
    return n === 12 && head.toString('latin1', 8, 12) === 'DUCK';
  } finally {
    closeSync(fd);
  }
}

/**
 * DuckDB's memory for one case: a quarter of the machine, between 1 and 8 GB. Past it, imports and
 * big sorts spill to disk instead of growing without bound.
 */
const MEMORY_LIMIT = `${Math.round(Math.min(8192, Math.max(1024, totalmem() / 4 / 2 ** 20)))}MB`;

/** How long an open waits for another process to let go of the case. */
const LOCK_WAIT_MS = 3000;

/** Cases open in this process: a second DuckDB instance on one file risks corrupting it. */
const OPEN = new Set<string>();

export class CaseDb {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    private readonly spill: string,
    readonly readOnly: boolean,
  ) {}

  /**
   * Runs `fn` while the app's other connections write nothing: DuckDB refuses a CHECKPOINT while another write
   * transaction is open. The app sets it to its side connection's lock; alone (the CLI) nothing else writes.
   */
  quiet: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn();

  /** Opens an existing case, or creates it when `create` is set and the file does not exist. */
  static async open(path: string, opts: { create?: boolean; readOnly?: boolean; threads?: number; memoryLimit?: string } = {}): Promise<CaseDb> {
    const key = resolve(path);
    if (OPEN.has(key)) throw new CaseError('LOCKED', `${path}: the case is already open in this fwlens process`);
    const exists = existsSync(path);
    if (!exists && !opts.create) throw new CaseError('NO_CASE', `${path}: no such case file`);
    if (exists && !looksLikeDuckDb(path)) throw new CaseError('NOT_A_CASE', `${path}: not a fwlens case (not a DuckDB database)`);
    let instance: DuckDBInstance | null = null;
    const spill = workSubdir('spill-');
    // A process that is closing the case (the app just quit, `fwlens serve` stopped) holds its lock
    // until DuckDB has written the case out: a command run right after waits for that, briefly.
    const until = performance.now() + LOCK_WAIT_MS;
    while (!instance) {
      try {
        // Fixed for the instance's life: an import never changes what a user's query gets (no SET
        // threads or memory_limit mid-way). Spill files go to the process's private work folder.
        instance = await DuckDBInstance.create(path, {
          threads: String(opts.threads ?? 2), memory_limit: opts.memoryLimit ?? MEMORY_LIMIT, temp_directory: spill, ...(opts.readOnly ? { access_mode: 'READ_ONLY' } : {}),
        });
      } catch (e) {
        const msg = (e as Error).message;
        const locked = /lock/i.test(msg);
        if (locked && performance.now() < until) {
          await new Promise((ok) => setTimeout(ok, 100));
          continue;
        }
        rmSync(spill, { recursive: true, force: true });
        if (locked) throw new CaseError('LOCKED', `${path}: the case is open in another fwlens process`);
        throw new CaseError('NOT_A_CASE', `${path}: not a fwlens case (${msg.split('\n')[0]})`);
      }
    }
    const db = new CaseDb(path, instance, await instance.connect(), spill, !!opts.readOnly);
    try {
      await db.prepare(exists, !!opts.readOnly);
    } catch (e) {
      db.close();
      throw e;
    }
    // A new case is evidence: the owner's only, whatever the umask of the process that made it.
    if (!exists) chmodSync(path, 0o600);
    OPEN.add(key);
    return db;
  }

  private async prepare(existed: boolean, readOnly: boolean): Promise<void> {
    const hasMeta = (await this.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'fwlens_meta' AND schema_name = 'main'`)).length > 0;
    if (!hasMeta) {
      const tables = await this.all(`SELECT 1 FROM duckdb_tables() WHERE schema_name = 'main'`);
      if (readOnly || (existed && tables.length > 0)) throw new CaseError('NOT_A_CASE', `${this.path}: not a fwlens case (a DuckDB database with other tables)`);
      await this.run(`CREATE TABLE fwlens_meta (key VARCHAR PRIMARY KEY, value VARCHAR)`);
      await this.run(`INSERT INTO fwlens_meta VALUES ('app', $1), ('schema_version', '0')`, [APP_ID]);
    }
    const app = await this.meta('app');
    if (app !== APP_ID) throw new CaseError('NOT_A_CASE', `${this.path}: not a fwlens case`);
    const version = Number(await this.meta('schema_version'));
    if (version > SCHEMA_VERSION) throw new CaseError('TOO_NEW', `${this.path}: made by a newer fwlens (schema ${version} > ${SCHEMA_VERSION})`);
    const todo = MIGRATIONS.filter((m) => m.version > version);
    if (todo.length && readOnly) throw new CaseError('TOO_NEW', `${this.path}: made by an older fwlens (schema ${version} < ${SCHEMA_VERSION}); open it once for writing to upgrade it (the app, fwlens import or fwlens enrich)`);
    for (const m of todo) {
      await this.transaction(async () => {
        for (const sql of m.sql) await this.run(sql);
        await m.fill?.(this);
        await this.run(`UPDATE fwlens_meta SET value = $1 WHERE key = 'schema_version'`, [String(m.version)]);
      });
    }
    // Written through at once: DuckDB has failed to replay a WAL holding ALTERs and new sequences.
    if (todo.length) await this.run('CHECKPOINT');
  }

  async meta(key: string): Promise<string | null> {
    const rows = await this.all(`SELECT value FROM fwlens_meta WHERE key = $1`, [key]);
    return rows.length ? (rows[0].value as string) : null;
  }

  async run(sql: string, params?: DuckDBValue[]): Promise<void> {
    const t = SLOW_SQL_MS ? performance.now() : 0;
    await this.conn.run(sql, params);
    if (SLOW_SQL_MS && performance.now() - t > SLOW_SQL_MS) process.stderr.write(`[sql ${Math.round(performance.now() - t)} ms] ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`);
  }

  async all(sql: string, params?: DuckDBValue[]): Promise<Row[]> {
    const reader = await this.conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as Row[];
  }

  /** The result in batches (DuckDB's chunks), so a large result never sits in memory as JS objects all at once. */
  async *batches(sql: string, params?: DuckDBValue[]): AsyncIterable<Row[]> {
    const result = await this.conn.stream(sql, params);
    for await (const rows of result.yieldRowObjectJs()) yield rows as Row[];
  }

  /** Runs fn in one transaction: all of it lands, or none of it. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const v = await fn();
      await this.conn.run('COMMIT');
      return v;
    } catch (e) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /** Another connection to the same database: its own transactions, interruptible alone. */
  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
    OPEN.delete(resolve(this.path));
    rmSync(this.spill, { recursive: true, force: true });
  }
}
