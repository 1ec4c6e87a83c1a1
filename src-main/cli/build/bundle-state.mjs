// Whether out/cli/ is current: the build's manifest lists the sources it was made from, and one stat of
// each (about 200 files, a few ms) tells whether any changed since. Plain JS: bin/fwlens.js runs it before tsx.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const MANIFEST = 'out/cli/manifest.json';

/** Why the bundle cannot be run (missing, or a source newer than it), or null when it is current. */
export function bundleStaleReason(root = ROOT) {
  const manifestPath = join(root, MANIFEST);
  const built = statSync(manifestPath, { throwIfNoEntry: false });
  if (!built) return 'out/cli/ is not built';
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return `${MANIFEST} is unreadable`;
  }
  // A deleted source is not checked: whatever imported it was edited, and that file is newer.
  for (const src of [...manifest.sources, 'src-main/cli/build/bundle.mjs']) {
    const st = statSync(join(root, src), { throwIfNoEntry: false });
    if (st && st.mtimeMs > built.mtimeMs) return `${src} is newer than out/cli/`;
  }
  return null;
}
