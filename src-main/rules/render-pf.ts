// pf (OpenBSD/FreeBSD/macOS): a persistent table and quick block rules in an `fwlens` anchor, and the rollback.
import type { BlockEntry } from './targets.ts';
import { checkOptions, protoOf, ruleComment, safeCidr, type RenderOptions, type Rendered } from './render-types.ts';

export function renderPf(v4: BlockEntry[], v6: BlockEntry[], o: RenderOptions): Rendered {
  checkOptions(o);
  const entries = [...v4, ...v6];
  const proto = protoOf(o);
  const pr = proto ? ` proto ${proto}` : '';
  const port = o.port !== undefined ? ` port ${o.port}` : '';
  const verdict = `block ${o.reject ? 'return' : 'drop'}${o.log ? ' log' : ''} quick`;
  const rules = o.direction === 'inbound' ? [`${verdict} in${pr} from <fwlens_block> to any${port}`]
    : o.direction === 'outbound' ? [`${verdict} out${pr} from any to <fwlens_block>${port}`]
      : [`${verdict}${pr} from <fwlens_block> to any${port}`, `${verdict}${pr} from any to <fwlens_block>${port}`];
  const script = [
    `# fwlens block list (pf, ${o.direction}), generated at ${o.now}. Load with: pfctl -a fwlens -f FILE (anchor "fwlens" referenced from pf.conf); loading again replaces the anchor's rules and table.`,
    ...(o.expire !== undefined ? [`# Note: pf tables have no timeouts; expire with: pfctl -a fwlens -t fwlens_block -T expire ${o.expire}`] : []),
    // pf tables take no per-entry comments; the why goes on a comment line per entry.
    ...entries.map((e) => `# ${safeCidr(e)}: ${ruleComment(e, { ...o, expire: undefined })}`),
    `table <fwlens_block> persist { ${entries.map(safeCidr).join(', ')} }`,
    ...rules,
    '',
  ].join('\n');
  const rollback = ['#!/bin/sh', `# fwlens rollback (pf): flushes the fwlens anchor (rules and table).`, 'set -eu',
    'pfctl -a fwlens -F rules', 'pfctl -a fwlens -t fwlens_block -T kill', ''].join('\n');
  return { script, rollback };
}
