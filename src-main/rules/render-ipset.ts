// ipset: `ipset restore` input that replaces the sets when applied again, the iptables rules using them (own chain, LOG first), and the rollback.
import type { BlockEntry } from './targets.ts';
import { LOG_PREFIX, checkOptions, protoOf, ruleComment, safeCidr, type RenderOptions, type Rendered } from './render-types.ts';
import { dropJumps, restoreApply, type Tool } from './render-iptables.ts';

export const SET4 = 'fwlens-block4';
export const SET6 = 'fwlens-block6';
export const SET_CHAIN = 'FWLENS-IPSET';

/**
 * The list is built in `NAME-new` and swapped in, so applying again replaces it at once. Both sets always
 * take per-entry timeouts (`timeout 0`: none unless given), so the live set made by any run matches the next.
 */
function setLines(name: string, family: 'inet' | 'inet6', entries: BlockEntry[], o: RenderOptions): string[] {
  const t = o.expire !== undefined ? ` timeout ${o.expire}` : '';
  const create = (n: string) => `create ${n} hash:net family ${family} timeout 0 comment -exist`;
  const fresh = `${name}-new`;
  return [
    create(name),
    create(fresh),
    `flush ${fresh}`,
    ...entries.map((e) => `add ${fresh} ${safeCidr(e)}${t} comment "${ruleComment(e, { ...o, expire: undefined })}" -exist`),
    `swap ${fresh} ${name}`,
    `destroy ${fresh}`,
  ];
}

/** The rule bodies that send matching traffic to LOG (first) and DROP/REJECT, as argv arrays. */
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

// Restore files get quoted arguments; the values are inert by construction.
function quote(a: string): string {
  return /^[A-Za-z0-9._:/=-]+$/.test(a) ? a : `"${a}"`;
}

export function renderIpset(v4: BlockEntry[], v6: BlockEntry[], o: RenderOptions): Rendered {
  checkOptions(o);
  const hook = HOOK[o.direction];
  const script = [
    `# fwlens block list (ipset, ${o.direction}), generated at ${o.now}. Apply (again: replaces the sets): ipset restore < FILE, then FILE.iptables and FILE.ip6tables as their first lines say.`,
    ...setLines(SET4, 'inet', v4, o),
    ...setLines(SET6, 'inet6', v6, o),
    '',
  ].join('\n');
  // The rules are appended in order to a chain of their own: LOG lands before DROP, and one jump leads there.
  const restore = (tool: Tool, set: string) => [
    `# fwlens rules using the set ${set} (${tool}, ${o.direction}), generated at ${o.now}. Apply after the sets (again: replaces them, one jump): ${restoreApply(tool, SET_CHAIN, `FILE.${tool}`)}`,
    '*filter',
    `:${SET_CHAIN} - [0:0]`,
    `-I ${hook} 1 -j ${SET_CHAIN}`,
    ...setRuleArgs(set, o).map((r) => `-A ${SET_CHAIN} ${r.map(quote).join(' ')}`),
    'COMMIT',
    '',
  ].join('\n');
  const unhook = (tool: Tool) => [
    dropJumps(tool, SET_CHAIN),
    `${tool} -w -F ${SET_CHAIN} 2>/dev/null && ${tool} -w -X ${SET_CHAIN} || echo "fwlens: already gone: ${tool} chain ${SET_CHAIN}" >&2`,
  ];
  const rollback = [
    '#!/bin/sh',
    `# fwlens rollback (ipset): the rules referencing the sets go first, or the kernel refuses to destroy them.`,
    'set -eu',
    ...unhook('iptables'),
    ...unhook('ip6tables'),
    ...[SET4, SET6].flatMap((s) => [
      `ipset destroy ${s} 2>/dev/null || echo "fwlens: set ${s} already gone" >&2`,
      `ipset destroy ${s}-new 2>/dev/null || true`,
    ]),
    '',
  ].join('\n');
  return { script, rollback, extras: [{ suffix: '.iptables', text: restore('iptables', SET4) }, { suffix: '.ip6tables', text: restore('ip6tables', SET6) }] };
}
