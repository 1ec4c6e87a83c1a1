// Turning the paths a user names (files and folders) into the ordered list of files to import.
import { readdirSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';

export class InputError extends Error {}

/**
 * Rotation key: `kern.log.3.gz` → base `kern.log`, age 3; `kern.log-20240105.gz` → age from the date
 * (older dates are older). Plain `kern.log` is the newest (age 0). Oldest first keeps time in order.
 */
export function rotationKey(name: string): { base: string; age: number } {
  const n = name.replace(/\.(gz|bz2|xz|zst)$/, '');
  let m = /^(.*)\.(\d{1,4})$/.exec(n);
  if (m) return { base: m[1], age: Number(m[2]) };
  m = /^(.*)[-.](\d{8}|\d{4}-\d{2}-\d{2})$/.exec(n);
  if (m) return { base: m[1], age: 1e9 - Number(m[2].replaceAll('-', '')) / 1e4 };
  return { base: n, age: 0 };
}

export function sortRotated(paths: string[]): string[] {
  return [...paths].sort((a, b) => {
    const ka = rotationKey(basename(a));
    const kb = rotationKey(basename(b));
    if (ka.base !== kb.base) return ka.base < kb.base ? -1 : 1;
    return kb.age - ka.age;
  });
}

/** Files under the given paths, each folder's files in rotation order (hidden files skipped). */
export function discoverFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new InputError(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      const files: string[] = [];
      const subdirs: string[] = [];
      for (const e of readdirSync(p, { withFileTypes: true })) {
        if (e.name.startsWith('.')) continue;
        if (e.isDirectory()) subdirs.push(join(p, e.name));
        else if (e.isFile()) files.push(join(p, e.name));
      }
      out.push(...sortRotated(files), ...discoverFiles(subdirs.sort()));
    } else if (st.isFile()) {
      out.push(p);
    } else {
      throw new InputError(`${p}: not a regular file or folder`);
    }
  }
  return out;
}
