// What a test group needs from the system (tools, root, the build, the corpus), and a gated `it`:
// skipped with a reason naming the Debian package, or failing in strict mode (FWLENS_TEST_STRICT=1).
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { it as vitestIt, type TestContext } from 'vitest';

export interface Need {
  /** What is missing, as said in the skip line ("nft", "root for unshare -n"). */
  what: string;
  /** How to get it ("the Debian package nftables (npm run setup:test)"). */
  fix: string;
  present: () => boolean;
  /** May still skip in strict mode (only the Electron runtime, which cannot be downloaded here). */
  allowedInStrict?: boolean;
}

export const STRICT = process.env.FWLENS_TEST_STRICT === '1';

/** The full path of an executable on PATH (or in the sbin folders a user's PATH may lack), or null. */
export function which(cmd: string): string | null {
  const dirs = new Set([...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin']);
  for (const dir of dirs) {
    if (!dir) continue;
    const p = join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return null;
}

const memo = new Map<string, boolean>();
const once = (key: string, f: () => boolean) => (): boolean => {
  if (!memo.has(key)) memo.set(key, f());
  return memo.get(key)!;
};

/** A command from a Debian package. */
export function tool(cmd: string, pkg: string): Need {
  return { what: cmd, fix: `install the Debian package ${pkg} (npm run setup:test)`, present: once(`tool:${cmd}`, () => which(cmd) !== null) };
}

const ROOT = join(import.meta.dirname, '..');
export const CHROMIUM_PATH = process.env.FWLENS_CHROMIUM ?? which('chromium');
export const NEEDS = {
  chromium: { what: 'chromium', fix: 'install the Debian package chromium (npm run setup:test)', present: () => CHROMIUM_PATH !== null && existsSync(CHROMIUM_PATH) },
  /** The global setup builds it before the run; missing only when that was bypassed. */
  build: { what: 'the built app (out/renderer)', fix: 'run npm run build', present: () => existsSync(join(ROOT, 'out/renderer/index.html')) },
  tcpdump: tool('tcpdump', 'tcpdump'),
  iptablesRestore: tool('iptables-restore', 'iptables'),
  ip6tablesRestore: tool('ip6tables-restore', 'iptables'),
  iptablesSave: tool('iptables-save', 'iptables'),
  nft: tool('nft', 'nftables'),
  ipset: tool('ipset', 'ipset'),
  ufw: tool('ufw', 'ufw'),
  dot: tool('dot', 'graphviz'),
  unshare: tool('unshare', 'util-linux'),
  /** A network namespace of our own: needs root (CI runs as root). */
  netns: {
    what: 'root for `unshare -n` (a network namespace)',
    fix: 'run the tests as root, as CI does',
    present: once('netns', () => which('unshare') !== null && spawnSync('unshare', ['-n', 'true']).status === 0),
  },
  /** The kernel lets such a namespace hold netfilter tables (some containers refuse). */
  netfilterNs: {
    what: 'netfilter tables in a network namespace (`unshare -n nft add table …`)',
    fix: 'run as root on a kernel with nf_tables, with nftables and iptables installed (npm run setup:test)',
    present: once('netfilterNs', () => which('nft') !== null && which('iptables') !== null
      && spawnSync('unshare', ['-n', 'sh', '-c', 'nft add table inet fwlens_probe && iptables -w -N FWLENS-PROBE'], { env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` } }).status === 0),
  },
} satisfies Record<string, Need>;

/** The reason a group cannot run here, or null when everything it needs is present. */
export function missing(...needs: Need[]): string | null {
  const gone = needs.filter((n) => !n.present());
  if (gone.length === 0) return null;
  return 'needs ' + gone.map((n) => `${n.what}: ${n.fix}`).join('; ');
}

type Body = (ctx: TestContext) => unknown;
/** `it` for a group with needs: runs, skips with the reason, or (strict) fails with it. */
export interface GatedIt {
  (name: string, body: Body, timeout?: number): void;
  /** The reason this group does not run here, or null. */
  reason: string | null;
}

export function requires(...needs: Need[]): GatedIt {
  const reason = missing(...needs);
  const strictFail = reason !== null && STRICT && !needs.every((n) => n.present() || n.allowedInStrict);
  const gated = ((name: string, body: Body, timeout?: number) => {
    if (reason === null) return vitestIt(name, body, timeout);
    if (strictFail) return vitestIt(name, () => { throw new Error(`strict mode (FWLENS_TEST_STRICT=1): this test ${reason}`); });
    return vitestIt(name, (ctx) => ctx.skip(reason));
  }) as GatedIt;
  gated.reason = reason;
  return gated;
}

/** A skip decided while a test runs (a build, a kernel feature): fails instead in strict mode. */
export function skipOrFail(ctx: TestContext, reason: string): never {
  if (STRICT) throw new Error(`strict mode (FWLENS_TEST_STRICT=1): ${reason}`);
  ctx.skip(reason);
  throw new Error('unreachable');
}
