// ufw: one `ufw insert 1 deny …` per CIDR with its comment, and the matching `ufw delete` rollback.
import type { BlockEntry } from './targets.ts';
import { checkOptions, protoOf, ruleComment, safeCidr, type RenderOptions, type Rendered } from './render-types.ts';

/** The rule text after the action, e.g. `from 1.2.3.0/24 to any port 22 proto tcp`. */
function specs(e: BlockEntry, o: RenderOptions): string[] {
  const proto = protoOf(o);
  const port = o.port !== undefined ? ` port ${o.port}` : '';
  const pr = proto ? ` proto ${proto}` : '';
  const cidr = safeCidr(e);
  if (o.direction === 'inbound') return [`from ${cidr} to any${port}${pr}`];
  if (o.direction === 'outbound') return [`out to ${cidr}${port}${pr}`];
  return [`from ${cidr} to any${port}${pr}`, `from any to ${cidr}${port}${pr}`];
}

export function renderUfw(v4: BlockEntry[], v6: BlockEntry[], o: RenderOptions): Rendered {
  checkOptions(o);
  const action = `${o.reject ? 'reject' : 'deny'}`;
  const route = o.direction === 'forward' ? 'route ' : '';
  const log = o.log ? ' log' : '';
  const add: string[] = [];
  const del: string[] = [];
  for (const e of [...v4, ...v6]) {
    for (const s of specs(e, o)) {
      const [dirWord, rest] = s.startsWith('out ') ? [' out', s.slice(4)] : ['', s];
      // ufw refuses `insert 1` for IPv6 when rule 1 is IPv4; `prepend` puts it first among IPv6 rules.
      const where = e.family === 4 ? 'insert 1' : 'prepend';
      add.push(`ufw ${route}${where} ${action}${dirWord}${log} ${rest} comment '${ruleComment(e, { ...o, expire: undefined })}'`);
      del.push(`ufw ${route}delete ${action}${dirWord}${log} ${rest}`);
    }
  }
  const head = (what: string) => ['#!/bin/sh', `# fwlens ${what} (ufw, ${o.direction}), generated at ${o.now}.`,
    ...(o.expire !== undefined ? ['# Note: ufw has no rule timeouts; run the rollback when the block should end.'] : []), 'set -eu'];
  return { script: [...head('block list'), ...add, ''].join('\n'), rollback: [...head('rollback'), ...del, ''].join('\n') };
}
