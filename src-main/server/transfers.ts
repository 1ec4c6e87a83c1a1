// Browser-mode file transfer: uploads streamed to a private temp folder under a size cap with a
// sanitised name, and exports served once from a random URL, then deleted.
import { createWriteStream, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { basename, dirname, join } from 'node:path';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { baseHeaders, sendText } from './static-files.ts';

/** A file name safe on any filesystem and in a shell: no folders, no hidden files, bounded length. */
export function sanitizeName(name: string): string {
  const base = basename(name.replaceAll('\\', '/')).normalize('NFC');
  const clean = base.replace(/[^A-Za-z0-9._+-]/g, '_').replace(/^[.\-]+/, '').slice(-120);
  return clean || 'upload';
}

class TooLarge extends Error {}

/** The page's File.lastModified (ms): absent or out of range means the upload keeps the time it arrived. */
export function uploadMtime(raw: string | null): number | null {
  if (raw === null || !/^\d{1,15}$/.test(raw)) return null;
  const ms = Number(raw);
  // 1970 … 2200, as the CLI's --year: a file dated outside it is a broken clock, not evidence.
  return ms > 0 && ms < Date.UTC(2200, 0, 1) ? ms : null;
}

/** What the user picked, for the source row: the name as given (no folders) and its modification time. */
export interface UploadOrigin {
  name: string;
  mtimeMs: number | null;
}

export class Uploads {
  /** Bytes held by uploads not yet imported (each counted until forget() or close). */
  private held = new Map<string, number>();
  private origins = new Map<string, UploadOrigin>();

  constructor(private readonly dir: string, private readonly maxBytes: number, private readonly maxTotalBytes = 4 * maxBytes) {}

  private get total(): number {
    let n = 0;
    for (const v of this.held.values()) n += v;
    return n;
  }

  /** An upload that has been imported: its file is deleted and no longer counts. */
  forget(path: string): void {
    this.origins.delete(path);
    if (!this.held.delete(path)) return;
    rmSync(dirname(path), { recursive: true, force: true });
  }

  /** Whether a path is one of this server's uploads (so importPaths may take it in browser mode). */
  owns(path: string): boolean {
    return this.held.has(path);
  }

  /** The picked file's own name and time, for an upload this server holds. */
  origin(path: string): UploadOrigin | null {
    return this.origins.get(path) ?? null;
  }

  async receive(req: IncomingMessage, res: ServerResponse, rawName: string | null, rawMtime: string | null = null): Promise<void> {
    if (req.method !== 'POST') return sendText(res, 405, 'method not allowed', { Allow: 'POST, DELETE' });
    if (!rawName) return sendText(res, 400, 'name= is required');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.maxBytes) return sendText(res, 413, `too large (over ${this.maxBytes} bytes)`, { Connection: 'close' });
    // Uploads wait for their import: all of them together are capped too, so a page cannot fill the disk.
    const room = this.maxTotalBytes - this.total;
    if (declared > room) return sendText(res, 413, `uploads waiting for import already hold ${this.total} bytes (limit ${this.maxTotalBytes}): import or cancel them first`, { Connection: 'close' });
    // A folder per upload: two uploads of the same name never overwrite each other.
    const target = join(mkdtempSync(join(this.dir, 'u-')), sanitizeName(rawName));
    let seen = 0;
    const cap = Math.min(this.maxBytes, room);
    const limit = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        seen += chunk.length;
        cb(seen > cap ? new TooLarge() : null, chunk);
      },
    });
    try {
      await pipeline(req, limit, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      rmSync(dirname(target), { recursive: true, force: true });
      if (e instanceof TooLarge) return sendText(res, 413, `too large (over ${cap} bytes)`, { Connection: 'close' });
      return sendText(res, 400, 'upload failed');
    }
    // The year of year-less syslog stamps is read from the file's mtime: the copy gets the original's.
    const mtimeMs = uploadMtime(rawMtime);
    if (mtimeMs !== null) utimesSync(target, new Date(), new Date(mtimeMs));
    this.held.set(target, statSync(target).size);
    this.origins.set(target, { name: originalName(rawName), mtimeMs });
    res.writeHead(200, { ...baseHeaders(), 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ path: target }));
  }

  /**
   * `DELETE /upload?path=P`: the page gave up on an upload (its import was cancelled before it started, or
   * the page is closing). Only this server's uploads are touched; anything else is simply not found.
   */
  discard(res: ServerResponse, path: string | null): void {
    if (path === null || !this.owns(path)) return sendText(res, 404, 'not an upload waiting for import');
    this.forget(path);
    res.writeHead(204, baseHeaders());
    res.end();
  }

  close(): void {
    for (const p of [...this.held.keys()]) this.forget(p);
  }
}

/** The name as the user's machine gave it (no folders, no control characters), for display and sources.path. */
function originalName(raw: string): string {
  const base = basename(raw.replaceAll('\\', '/')).normalize('NFC').replace(/[\x00-\x1f\x7f]/g, '_').slice(-200);
  return base || 'upload';
}

const DOWNLOAD_TTL_MS = 15 * 60 * 1000;

export class Downloads {
  constructor(private readonly ttlMs = DOWNLOAD_TTL_MS) {}

  private readonly files = new Map<string, { file: string; name: string; timer: NodeJS.Timeout }>();

  /** Registers a file and answers the URL path (with the token) that serves it once. */
  publish(file: string, name: string, token: string): string {
    const id = randomBytes(16).toString('hex');
    // Not fetched in time: the file goes too, not just the URL.
    const timer = setTimeout(() => {
      const d = this.drop(id);
      if (d) rmSync(dirname(d.file), { recursive: true, force: true });
    }, this.ttlMs);
    timer.unref();
    this.files.set(id, { file, name: sanitizeName(name), timer });
    return `/download/${id}?token=${token}`;
  }

  private drop(id: string): { file: string; name: string } | null {
    const d = this.files.get(id);
    if (!d) return null;
    clearTimeout(d.timer);
    this.files.delete(id);
    return d;
  }

  serve(res: ServerResponse, id: string): void {
    const d = /^[0-9a-f]{32}$/.test(id) ? this.drop(id) : null;
    if (!d) return sendText(res, 404, 'not found (a download URL works once)');
    res.writeHead(200, { ...baseHeaders(), 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${d.name}"` });
    const cleanup = () => rmSync(dirname(d.file), { recursive: true, force: true });
    createReadStream(d.file).on('error', () => res.destroy()).on('close', cleanup).pipe(res);
  }

  close(): void {
    for (const id of [...this.files.keys()]) {
      const d = this.drop(id);
      if (d) rmSync(dirname(d.file), { recursive: true, force: true });
    }
  }
}
