// How one import ends: its damage message, its write-out to the case file, and its errors in words.
// An error names the file, the full disk and what the case still holds; an over-long line's reject is
// made here too.
import { readFileSync, realpathSync, statSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CaseDb } from '../db/case-db.ts';
import { headText, type RejectRow } from '../db/rejects.ts';
import type { LongLine } from './line-split.ts';
import type { ImportSink } from './sink.ts';

export function longLineReject(sourceId: number, l: LongLine): RejectRow {
  return {
    sourceId, lineNo: l.lineNo, byteOff: l.offset, reason: `line longer than 1 MiB (${l.length} bytes)`,
    line: headText(l.head), raw: l.head, length: l.length, sha256: l.sha256,
  };
}

/** Why a source is `damaged` (null when it is not): a stream that ended badly, damaged lines or packets. */
export function damageMessage(stream: string | null, sink: ImportSink, unit: string): string | null {
  const first = sink.firstDamage;
  const lines = first
    ? `${sink.damaged} damaged ${unit}${sink.damaged === 1 ? '' : 's'} (the first: ${unit} ${first.lineNo}: ${first.reason})`
    : null;
  // Nothing read at all: whatever the lines are, the file gave no evidence, and its status must say so.
  const none = sink.rejected > 0 && sink.events === 0 && sink.skipped.count === 0 && !first
    ? `every ${unit} was rejected (${sink.rejected}; the first: ${unit} ${sink.firstReject?.lineNo}: ${sink.firstReject?.reason})`
    : null;
  return [stream, lines, none].filter(Boolean).join('; ') || null;
}

/** What the case holds before an import: said when the import fails. */
export interface Committed {
  sources: number;
  last: string | null;
}

export async function committedSources(db: CaseDb): Promise<Committed> {
  const [r] = await db.all(`SELECT count(*)::INTEGER n, arg_max(name, id) AS last_name FROM sources`);
  return { sources: r.n as number, last: (r.last_name as string | null) ?? null };
}

/** An import that failed: nothing of `path` is in the case, unless `committed` (then only writing it out failed). */
export class ImportFailed extends Error {
  constructor(readonly path: string, message: string, readonly diskFull: boolean, readonly committed = false, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const diskFull = (err: NodeJS.ErrnoException | undefined, text: string) => err?.code === 'ENOSPC' || /no space left|ENOSPC|disk (is )?full/i.test(text);

/** The error as the user should read it: the file, the cause, the disk when it is full, what is kept. */
export function importFailure(e: unknown, path: string, caseFile: string, before: Committed | null): Error {
  const err = e as NodeJS.ErrnoException;
  const text = String(err?.message ?? e).split('\n')[0];
  const kept = !before
    ? 'the sources committed before it stay in the case'
    : before.sources === 0
      ? 'the case had no sources before it'
      : `the ${before.sources} source${before.sources === 1 ? '' : 's'} committed before it stay in the case (the last: ${before.last})`;
  if (diskFull(err, text)) {
    return new ImportFailed(path, `${path}: not imported: ${fullDisk(err, text, caseFile)}; nothing of this file is in the case, and ${kept}`, true, false, { cause: e });
  }
  if (/invalidated/i.test(text)) {
    return new ImportFailed(path, `${path}: not imported: the case cannot be written any more in this run after an earlier fatal error (${text}); reopen it: ${kept}`, false, false, { cause: e });
  }
  return new ImportFailed(path, text.includes(path) ? text : `${path}: not imported: ${text}`, false, false, { cause: e });
}

// Cases this process has written out (checkpointed) at least once.
const writtenOut = new WeakSet<CaseDb>();
// Past these, an import is written out at once (a WAL of 16 MB is DuckDB's own trigger).
const BIG_IMPORT_ROWS = 100_000;
const BIG_WAL = 8 << 20;

function walBytes(db: CaseDb): number {
  try {
    return statSync(`${db.path}.wal`).size;
  } catch {
    return 0;
  }
}

/**
 * Before the first import into a case in this process: writes out what its log holds. That may be the
 * case's own schema, which this DuckDB cannot replay from the log (an ALTER of a table with a nextval()
 * default): a crash, or a checkpoint failing on a full disk, then left a case that would not open.
 */
export async function writeOutFirst(db: CaseDb): Promise<void> {
  if (writtenOut.has(db)) return;
  if (walBytes(db) > 0) await checkpoint(db);
  writtenOut.add(db);
}

/**
 * CHECKPOINT between the app's small writes on its side connection (history, kept UI state, the block list):
 * DuckDB refuses a checkpoint while another write transaction is open, so those wait for it (db.quiet).
 */
async function checkpoint(db: CaseDb): Promise<void> {
  await db.quiet(() => db.run('CHECKPOINT'));
}

/**
 * After a big import (or once the log has grown): writes it into the case file while a failure can
 * still be reported against this file, not first when the case is closed, where nobody hears it.
 * Failing here, the import is still safe in the log, and the message says so.
 */
export async function writeOut(db: CaseDb, path: string, what: string, rows: number): Promise<void> {
  if (rows < BIG_IMPORT_ROWS && walBytes(db) < BIG_WAL) return;
  try {
    await checkpoint(db);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const text = String(err?.message ?? e).split('\n')[0];
    const why = diskFull(err, text) ? fullDisk(err, text, db.path) : text;
    throw new ImportFailed(path, `${path}: imported and committed ${what}, but the case could not be written out after it: ${why}; ` +
      'the case keeps this file in its write-ahead log and has it when reopened with free space; nothing more can be imported in this run', diskFull(err, text), true, { cause: e });
  }
}

/** "the disk is full: <which> has no space left (writing <file>)" */
function fullDisk(err: NodeJS.ErrnoException | undefined, text: string, caseFile: string): string {
  // DuckDB names the file in quotes; a batch file write names its path; else it was the case itself.
  const file = err?.path ?? /"([^"]+)"/.exec(text)?.[1] ?? (/temp|spill|\.tmp/i.test(text) ? `${caseFile}.tmp` : caseFile);
  return `the disk is full: ${diskOf(file)} has no space left (writing ${file})`;
}

/** The mount point holding a file, with its free space, from /proc/self/mounts where there is one. */
function diskOf(file: string): string {
  let dir = resolve(dirname(file));
  try {
    dir = realpathSync(dir);
  } catch {
    // the folder may be gone already (a removed temp folder): name it as given
  }
  let mount = '';
  let type = '';
  try {
    for (const l of readFileSync('/proc/self/mounts', 'utf8').split('\n')) {
      const [, mnt, fs] = l.split(' ');
      const m = mnt?.replace(/\\040/g, ' ');
      if (m && (dir === m || dir.startsWith(m.endsWith('/') ? m : m + '/')) && m.length >= mount.length) [mount, type] = [m, fs];
    }
  } catch {
    // not Linux: the folder alone says where
  }
  let size = '';
  try {
    // Its size, not its free space: by now the failed import's temporary files are gone again.
    const s = statfsSync(mount || dir);
    size = `, ${(s.blocks * s.bsize / 2 ** 20).toFixed(1)} MiB`;
  } catch {
    // unknown
  }
  return mount ? `the filesystem mounted at ${mount} (${type}${size})` : `the disk holding ${dir}${size ? ` (${size.slice(2)})` : ''}`;
}
