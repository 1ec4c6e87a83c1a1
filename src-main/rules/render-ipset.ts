// ipset: `ipset restore` input that replaces the sets when applied again, the iptables rules using them (own chain, LOG first), and the rollback.
import type { BlockEntry } from './targets.ts';
import { LOG_PREFIX, byDirection, checkOptions, directionLabel, protoOf, ruleComment, safeCidr, type Direction, type RenderOptions, type Rendered } from './render-types.ts';
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

// A list mixing directions: each rule also says whose traffic it is (as in render-iptables.ts).
const HOOK_MATCH: Record<Direction, Record<'src' | 'dst', string[]>> = {
  inbound: { src: ['-m', 'addrtype', '--dst-type', 'LOCAL'], dst: [] },
  outbound: { src: [], dst: ['-m', 'addrtype', '--src-type', 'LOCAL'] },
  forward: { src: ['-m', 'addrtype', '!', '--dst-type', 'LOCAL'], dst: ['-m', 'addrtype', '!', '--src-type', 'LOCAL'] },
};

/** The rule bodies that send matching traffic to LOG (first) and DROP/REJECT, as argv arrays. */
export function setRuleArgs(set: string, o: RenderOptions, direction: Direction = o.direction, mixed = false): string[][] {
  const proto = protoOf(o);
  const flags = direction === 'inbound' ? (['src'] as const) : direction === 'outbound' ? (['dst'] as const) : (['src', 'dst'] as const);
  const out: string[][] = [];
  for (const f of flags) {
    const m = ['-m', 'set', '--match-set', set, f, ...(mixed ? HOOK_MATCH[direction][f] : [])];
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

const SHORT: Record<Direction, string> = { inbound: 'in', outbound: 'out', forward: 'fwd' };

export function renderIpset(v4: BlockEntry[], v6: BlockEntry[], o: RenderOptions): Rendered {
  checkOptions(o);
  // A list mixing directions gets a pair of sets per direction (fwlens-block4-in…), each matched on its hook's side.
  const groups = byDirection([...v4, ...v6], o);
  const mixed = groups.length > 1;
  const sets = groups.map((g) => ({
    direction: g.direction,
    names: (mixed ? [`${SET4}-${SHORT[g.direction]}`, `${SET6}-${SHORT[g.direction]}`] : [SET4, SET6]) as [string, string],
    v4: g.entries.filter((e) => e.family === 4), v6: g.entries.filter((e) => e.family === 6),
  }));
  const label = directionLabel(groups);
  const script = [
    `# fwlens block list (ipset, ${label}), generated at ${o.now}. Apply (again: replaces the sets): ipset restore < FILE, then FILE.iptables and FILE.ip6tables as their first lines say.`,
    ...sets.flatMap((x) => [...setLines(x.names[0], 'inet', x.v4, o), ...setLines(x.names[1], 'inet6', x.v6, o)]),
    '',
  ].join('\n');
  // The rules are appended in order to a chain of their own: LOG lands before DROP, and one jump leads there.
  const restore = (tool: Tool, fam: 0 | 1) => [
    `# fwlens rules using the set${mixed ? 's' : ''} ${sets.map((x) => x.names[fam]).join(', ')} (${tool}, ${label}), generated at ${o.now}. Apply after the sets (again: replaces them, one jump): ${restoreApply(tool, SET_CHAIN, `FILE.${tool}`)}`,
    '*filter',
    `:${SET_CHAIN} - [0:0]`,
    ...sets.map((x) => `-I ${HOOK[x.direction]} 1 -j ${SET_CHAIN}`),
    ...sets.flatMap((x) => setRuleArgs(x.names[fam], o, x.direction, mixed)).map((r) => `-A ${SET_CHAIN} ${r.map(quote).join(' ')}`),
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
    ...sets.flatMap((x) => x.names).flatMap((s) => [
      `ipset destroy ${s} 2>/dev/null || echo "fwlens: set ${s} already gone" >&2`,
      `ipset destroy ${s}-new 2>/dev/null || true`,
    ]),
    '',
  ].join('\n');
  return { script, rollback, extras: [{ suffix: '.iptables', text: restore('iptables', 0) }, { suffix: '.ip6tables', text: restore('ip6tables', 1) }] };
}
