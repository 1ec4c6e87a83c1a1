// ufw: an earlier run's rules out, then one `ufw prepend deny …` per CIDR with its comment; and the matching `ufw delete` rollback.
import type { BlockEntry } from './targets.ts';
import { byDirection, checkOptions, directionLabel, protoOf, ruleComment, safeCidr, type RenderOptions, type Rendered } from './render-types.ts';

/** The rule text after the action, e.g. `from 1.2.3.0/24 to any port 22 proto tcp`. */
function specs(e: BlockEntry, o: RenderOptions): string[] {
  const proto = protoOf(o);
  const port = o.port !== undefined ? ` port ${o.port}` : '';
  const pr = proto ? ` proto ${proto}` : '';
  const cidr = safeCidr(e);
  // Each rule is the entry's own: a list mixing directions needs nothing more.
  const direction = e.direction ?? o.direction;
  if (direction === 'inbound') return [`from ${cidr} to any${port}${pr}`];
  if (direction === 'outbound') return [`out to ${cidr}${port}${pr}`];
  return [`from ${cidr} to any${port}${pr}`, `from any to ${cidr}${port}${pr}`];
}

/**
 * Deletes the deny/reject rules whose comment starts with `fwlens:` (an earlier run's list), as `ufw show added`
 * prints them (it works whether ufw is active or not). Only bodies of plain words are taken, split without
 * globbing and passed as arguments: nothing read back is ever evaluated.
 */
const DROP_EARLIER = [
  `old=$(ufw show added | sed -n "s/^ufw \\(.*\\) comment 'fwlens:.*'\\$/\\1/p" | grep -E '^(route )?(deny|reject) [A-Za-z0-9 .:/_-]*$' || true)`,
  'set -f',
  'printf \'%s\\n\' "$old" | while read -r rule; do',
  '  case "$rule" in',
  '    "") ;;',
  '    route\\ *) ufw route delete ${rule#route } ;;',
  '    *) ufw delete $rule ;;',
  '  esac',
  'done',
  'set +f',
];

export function renderUfw(v4: BlockEntry[], v6: BlockEntry[], o: RenderOptions): Rendered {
  checkOptions(o);
  const action = `${o.reject ? 'reject' : 'deny'}`;
  const log = o.log ? ' log' : '';
  const add: string[] = [];
  const del: string[] = [];
  for (const e of [...v4, ...v6]) {
    const route = (e.direction ?? o.direction) === 'forward' ? 'route ' : '';
    for (const s of specs(e, o)) {
      const [dirWord, rest] = s.startsWith('out ') ? [' out', s.slice(4)] : ['', s];
      // `prepend` puts the rule first among its family's rules, on an empty ufw too (`insert 1` fails there:
      // "Invalid position '1'", and for IPv6 whenever rule 1 is IPv4).
      add.push(`ufw ${route}prepend ${action}${dirWord}${log} ${rest} comment '${ruleComment(e, { ...o, expire: undefined })}'`);
      del.push(`ufw ${route}delete ${action}${dirWord}${log} ${rest}`);
    }
  }
  const head = (what: string, more: string) => ['#!/bin/sh', `# fwlens ${what} (ufw, ${directionLabel(byDirection([...v4, ...v6], o))}), generated at ${o.now}.${more}`,
    ...(o.expire !== undefined ? ['# Note: ufw has no rule timeouts; run the rollback when the block should end.'] : []), 'set -eu'];
  return {
    script: [...head('block list', ' Needs ufw 0.35 or later (ufw prepend). Running it again replaces the list: the deny/reject rules commented fwlens: of an earlier run go first.'),
      ...DROP_EARLIER, ...add, ''].join('\n'),
    rollback: [...head('rollback', ''), ...del, ''].join('\n'),
  };
}
