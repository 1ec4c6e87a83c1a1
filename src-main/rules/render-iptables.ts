// iptables-restore / ip6tables-restore input and the equivalent `iptables -w` shell script, with rollback and expiry sweep.
import type { BlockEntry } from './targets.ts';
import { CHAIN, LOG_PREFIX, byDirection, checkOptions, directionLabel, protoOf, ruleComment, safeCidr, type Direction, type DirectionGroup, type RenderOptions, type Rendered } from './render-types.ts';

export type Tool = 'iptables' | 'ip6tables';

const HOOKS = { inbound: ['INPUT'], outbound: ['OUTPUT'], forward: ['FORWARD'] } as const;

/**
 * One chain serves every hook a list needs. In a list mixing directions each rule also says whose traffic it is
 * (addrtype: to this host, from it, or neither), so an inbound entry never stops routed traffic and the reverse.
 */
const HOOK_MATCH: Record<Direction, Record<'-s' | '-d', string[]>> = {
  inbound: { '-s': ['-m', 'addrtype', '--dst-type', 'LOCAL'], '-d': [] },
  outbound: { '-s': [], '-d': ['-m', 'addrtype', '--src-type', 'LOCAL'] },
  forward: { '-s': ['-m', 'addrtype', '!', '--dst-type', 'LOCAL'], '-d': ['-m', 'addrtype', '!', '--src-type', 'LOCAL'] },
};

/** Rule bodies (after `-A FWLENS-BLOCK`), as argv arrays so shell and restore forms cannot diverge. */
export function ruleArgs(entries: BlockEntry[], o: RenderOptions, groups: DirectionGroup[] = byDirection(entries, o)): string[][] {
  checkOptions(o);
  const proto = protoOf(o);
  const out: string[][] = [];
  const mixed = groups.length > 1;
  for (const g of groups) {
    // Forwarded traffic is blocked in both directions: from the target and to it.
    const sides = g.direction === 'inbound' ? (['-s'] as const) : g.direction === 'outbound' ? (['-d'] as const) : (['-s', '-d'] as const);
    for (const e of g.entries) rules(e, sides, mixed ? HOOK_MATCH[g.direction] : null);
  }
  return out;

  function rules(e: BlockEntry, sides: ReadonlyArray<'-s' | '-d'>, hookMatch: Record<'-s' | '-d', string[]> | null): void {
    for (const side of sides) {
      const match = [side, safeCidr(e), ...(hookMatch?.[side] ?? [])];
      if (proto) match.push('-p', proto);
      if (o.port !== undefined) match.push('--dport', String(o.port));
      match.push('-m', 'comment', '--comment', ruleComment(e, o));
      if (o.log) out.push([...match, '-j', 'LOG', '--log-prefix', LOG_PREFIX]);
      out.push([...match, '-j', o.reject ? 'REJECT' : 'DROP']);
    }
  }
}

/** The hooks that jump to the chain: one per direction in the list. */
function hooksOf(groups: DirectionGroup[]): string[] {
  return groups.flatMap((g) => HOOKS[g.direction]);
}

// Restore files and shell scripts both take double-quoted arguments; the values are inert by construction.
function quoteRestore(a: string): string {
  return /^[A-Za-z0-9._:/=-]+$/.test(a) ? a : `"${a}"`;
}
function quoteShell(a: string): string {
  return /^[A-Za-z0-9._:/=-]+$/.test(a) ? a : `'${a}'`;
}

/** The re-runnable apply of a restore file: old jumps to `chain` out of every hook, then the file (which creates or flushes the chain and adds one jump). */
export function restoreApply(tool: Tool, chain: string, file: string): string {
  return `${dropJumps(tool, chain)}; ${tool}-restore --noflush < ${file}`;
}

/** Shell: removes every jump to `chain` from the three hooks (bounded, so a stub tool cannot loop it forever). */
export function dropJumps(tool: Tool, chain: string): string {
  return `for h in INPUT OUTPUT FORWARD; do n=0; while [ "$n" -lt 16 ] && ${tool} -w -D "$h" -j ${chain} 2>/dev/null; do n=$((n + 1)); done; done`;
}

function header(tool: Tool, what: string, o: RenderOptions, groups: DirectionGroup[]): string {
  return `# fwlens block list (${tool}, ${directionLabel(groups)}), generated at ${o.now}. ${what}`;
}

export function renderRestore(tool: Tool, entries: BlockEntry[], o: RenderOptions): Rendered {
  const groups = byDirection(entries, o);
  const rules = ruleArgs(entries, o, groups);
  const lines = [
    header(tool, `Apply (again: replaces the list, one jump): ${restoreApply(tool, CHAIN, 'FILE')} (a plain restore applied again adds a second jump; without --noflush the whole filter table is replaced).`, o, groups),
    '*filter',
    `:${CHAIN} - [0:0]`,
    ...hooksOf(groups).map((h) => `-I ${h} 1 -j ${CHAIN}`),
    ...rules.map((r) => `-A ${CHAIN} ${r.map(quoteRestore).join(' ')}`),
    'COMMIT',
    '',
  ];
  return { script: lines.join('\n'), rollback: rollbackShell(tool, rules, o, groups), sweep: sweepShell(tool) };
}

export function renderShell(tool: Tool, entries: BlockEntry[], o: RenderOptions): Rendered {
  const groups = byDirection(entries, o);
  const rules = ruleArgs(entries, o, groups);
  const lines = [
    '#!/bin/sh',
    header(tool, 'Run as root; running it again replaces the list.', o, groups),
    'set -eu',
    // Created, or flushed when a run before made it; then every old jump goes before the one new jump.
    `${tool} -w -N ${CHAIN} 2>/dev/null || ${tool} -w -F ${CHAIN}`,
    ...rules.map((r) => `${tool} -w -A ${CHAIN} ${r.map(quoteShell).join(' ')}`),
    dropJumps(tool, CHAIN),
    ...hooksOf(groups).map((h) => `${tool} -w -I ${h} 1 -j ${CHAIN}`),
    '',
  ];
  return { script: lines.join('\n'), rollback: rollbackShell(tool, rules, o, groups), sweep: sweepShell(tool) };
}

/** Removes exactly what was added: the jumps, each rule, then the (now empty) chain. */
function rollbackShell(tool: Tool, rules: string[][], o: RenderOptions, groups: DirectionGroup[]): string {
  return [
    '#!/bin/sh',
    header(tool, 'Rollback: removes the rules and chain added by the matching block script.', o, groups),
    'set -eu',
    // A rule already removed by the expiry sweep is not an error; anything else still stops the script.
    `del() { ${tool} -w -D "$@" 2>/dev/null || echo "fwlens: already gone: $*" >&2; }`,
    // Every jump, also from a plain restore applied twice or an earlier run in another direction; bounded.
    ...hooksOf(groups).flatMap((h) => [
      `n=0; while [ "$n" -lt 16 ] && ${tool} -w -D ${h} -j ${CHAIN} 2>/dev/null; do n=$((n + 1)); done`,
      `[ "$n" -gt 0 ] || echo "fwlens: already gone: ${h} -j ${CHAIN}" >&2`,
    ]),
    dropJumps(tool, CHAIN),
    ...rules.map((r) => `del ${CHAIN} ${r.map(quoteShell).join(' ')}`),
    `${tool} -w -F ${CHAIN}`,
    `${tool} -w -X ${CHAIN}`,
    '',
  ].join('\n');
}

/**
 * Deletes rules whose `expires=EPOCH` has passed. Rules are deleted by number from the last one
 * (numbers above stay valid), and only after re-reading that exact rule, so a chain edited meanwhile
 * never loses the wrong rule. No eval: rule text is only compared, never executed.
 */
export function sweepShell(tool: Tool): string {
  return `#!/bin/bash
# fwlens expiry sweep (${tool}): deletes ${CHAIN} rules whose comment says expires=EPOCH in the past. Run from cron.
set -eu
now=$(date +%s)
# In a variable so bash reads it as a regex, not a quoted literal; the epoch must end the comment word.
re='expires=([0-9]{1,12})([" ]|$)'
mapfile -t rules < <(${tool} -w -S ${CHAIN} | grep -e '^-A ${CHAIN} ' || true)
i=\${#rules[@]}
while [ "$i" -gt 0 ]; do
  line=\${rules[$((i - 1))]}
  if [[ $line =~ $re ]]; then
    exp=\${BASH_REMATCH[1]}
    if [ "$exp" -le "$now" ] && [ "$(${tool} -w -S ${CHAIN} "$i")" = "$line" ]; then
      ${tool} -w -D ${CHAIN} "$i"
      echo "fwlens: removed expired rule $i (expires=$exp)"
    fi
  fi
  i=$((i - 1))
done
`;
}
