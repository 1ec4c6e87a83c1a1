// Running a bash snippet in a new network namespace (and, with `mount`, a mount namespace), as the
// rules tests apply scripts with the real tools: files are passed as $1, $2, …
import { spawnSync } from 'node:child_process';

const PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

export interface NsResult { code: number | null; out: string; err: string }

export function inNsFiles(script: string, files: string[], mount = false): NsResult {
  const r = spawnSync('unshare', [...(mount ? ['-m'] : []), '-n', 'bash', '-c', `set -eu\n${script}`, 'ns', ...files], { encoding: 'utf8', env: { ...process.env, PATH } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export const inNs = (script: string, ...files: string[]): NsResult => inNsFiles(script, files);
