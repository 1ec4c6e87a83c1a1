// ipset: `ipset restore` input (native timeouts and comments), the iptables rules that use the sets, and the rollback.
import type { BlockEntry } from './targets.ts';
import { LOG_PREFIX, checkOptions, protoOf, ruleComment, safeCidr, type RenderOptions, type Rendered } from './render-types.ts';

export const SET4 = 'fwlens-block4';
export const SET6 = 'fwlens-block6';

function setLines(name: string, family: 'inet' | 'inet6', entries: BlockEntry[], o: RenderOptions): string[] {
  // `timeout 0` on create enables per-entry timeouts; an entry without one then never expires.
  const t = o.expire !== undefined ? ` timeout ${o.expire}` : '';
  return [
    `create ${name} hash:net family ${family}${o.expire !== undefined ? ' timeout 0' : ''} comment -exist`,
    ...entries.map((e) => `add ${name} ${safeCidr(e)}${t} comment "${ruleComment(e, { ...o, expire: undefined })}" -exist`),
  ];
}

/** The rule bodies that send matching traffic to DROP/REJECT, as argv arrays. */
export function setRuleArgs(set: string, o: RenderOptions): string[][] {
  const proto = protoOf(o);
  const flags = o.direction === 'inbound' ? ['src'] : o.direction === 'outbound' ? ['dst'] : ['src', 'dst'];
  const out: string[][] = [];
  for (const f of flags) {
    const m = ['-m', 'set', '--match-set', set, f];
    if (proto) m.push('-p', proto);
    if (o.port !== undefined) m.push('--dport', String(o.port));
    m.push('-m', 'comment', '--comment', `fwlens: ipset ${set}`);
    if (o.log) out.push([...m, '-j', 'LOG', '--log-prefix', LOG_PREFIX]);
    out.push([...m, '-j', o.reject ? 'REJECT' : 'DROP']);
  }
  return out;
}

const HOOK = { inbound: 'INPUT', outbound: 'OUTPUT', forward: 'FORWARD' } as const;

// Restore files and shell both get quoted arguments; the values are inert by construction.
function quote(a: string, q = '"'): string {
  return /^[A-Za-z0-9._:/=-]+$/.test(a) ? a : `${q}${a}${q}`;
}

export function renderIpset(v4: BlockEntry[], v6: BlockEntry[], o: RenderOptions): Rendered {
  checkOptions(o);
  const hook = HOOK[o.direction];
  const script = [
    `# fwlens block list (ipset, ${o.direction}), generated at ${o.now}. Apply: ipset restore < FILE, then iptables-restore --noflush < FILE.iptables (and ip6tables-restore --noflush < FILE.ip6tables)`,
    ...setLines(SET4, 'inet', v4, o),
    ...setLines(SET6, 'inet6', v6, o),
    '',
  ].join('\n');
  const restore = (set: string) => ['*filter', ...setRuleArgs(set, o).map((r) => `-I ${hook} 1 ${r.map((a) => quote(a)).join(' ')}`), 'COMMIT', ''].join('\n');
  const del = (tool: string, set: string) => setRuleArgs(set, o).map((r) => `${tool} -w -D ${hook} ${r.map((a) => quote(a, "'")).join(' ')} 2>/dev/null || echo "fwlens: already gone: ${tool} rule for ${set}" >&2`);
  const rollback = [
    '#!/bin/sh',
    `# fwlens rollback (ipset): the rules referencing the sets go first, or the kernel refuses to destroy them.`,
    'set -eu',
    ...del('iptables', SET4),
    ...del('ip6tables', SET6),
    `ipset destroy ${SET4} 2>/dev/null || echo "fwlens: set ${SET4} already gone" >&2`,
    `ipset destroy ${SET6} 2>/dev/null || echo "fwlens: set ${SET6} already gone" >&2`,
    '',
  ].join('\n');
  return { script, rollback, extras: [{ suffix: '.iptables', text: restore(SET4) }, { suffix: '.ip6tables', text: restore(SET6) }] };
}
