// The recently opened cases, newest first, kept in a small JSON file in the app's data dir.
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const KEEP = 20;

export class RecentCases {
  private readonly file: string;

  constructor(dir: string) {
    this.file = join(dir, 'recent-cases.json');
  }

  list(): string[] {
    try {
      const v: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string').slice(0, KEEP) : [];
    } catch {
      return [];
    }
  }

  /** Existing cases only: a case deleted or on an unplugged disk is not offered. */
  existing(): string[] {
    return this.list().filter((p) => existsSync(p));
  }

  add(path: string): void {
    const abs = resolve(path);
    const next = [abs, ...this.list().filter((p) => p !== abs)].slice(0, KEEP);
    // Write then rename, so a crash never leaves half a file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
