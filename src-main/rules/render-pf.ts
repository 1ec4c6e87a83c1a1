// pf (OpenBSD/FreeBSD/macOS): a persistent table and quick block rules in an `fwlens` anchor, and the rollback.
import type { BlockEntry } from './targets.ts';
import { byDirection, checkOptions, directionLabel, protoOf, ruleComment, safeCidr, type RenderOptions, type Rendered } from './render-types.ts';

export function renderPf(v4: BlockEntry[], v6: BlockEntry[], o: RenderOptions): Rendered {
  checkOptions(o);
  const entries = [...v4, ...v6];
  const proto = protoOf(o);
  const pr = proto ? ` proto ${proto}` : '';
  const port = o.port !== undefined ? ` port ${o.port}` : '';
  const verdict = `block ${o.reject ? 'return' : 'drop'}${o.log ? ' log' : ''} quick`;
  // A list mixing directions gets a table per direction (fwlens_block_in…), each with its own rules.
  const groups = byDirection(entries, o);
  const mixed = groups.length > 1;
  const tables = groups.map((g) => ({ ...g, name: mixed ? `fwlens_block_${{ inbound: 'in', outbound: 'out', forward: 'fwd' }[g.direction]}` : 'fwlens_block' }));
  const rules = tables.flatMap(({ direction, name }) => (direction === 'inbound' ? [`${verdict} in${pr} from <${name}> to any${port}`]
    : direction === 'outbound' ? [`${verdict} out${pr} from any to <${name}>${port}`]
      : [`${verdict}${pr} from <${name}> to any${port}`, `${verdict}${pr} from any to <${name}>${port}`]));
  const script = [
    `# fwlens block list (pf, ${directionLabel(groups)}), generated at ${o.now}. Load with: pfctl -a fwlens -f FILE (anchor "fwlens" referenced from pf.conf); loading again replaces the anchor's rules and table.`,
    ...(o.expire !== undefined ? tables.map((t) => `# Note: pf tables have no timeouts; expire with: pfctl -a fwlens -t ${t.name} -T expire ${o.expire}`) : []),
    // pf tables take no per-entry comments; the why goes on a comment line per entry.
    ...tables.flatMap((t) => t.entries).map((e) => `# ${safeCidr(e)}: ${ruleComment(e, { ...o, expire: undefined })}`),
    ...tables.map((t) => `table <${t.name}> persist { ${t.entries.map(safeCidr).join(', ')} }`),
    ...rules,
    '',
  ].join('\n');
  const rollback = ['#!/bin/sh', `# fwlens rollback (pf): flushes the fwlens anchor (rules and table${mixed ? 's' : ''}).`, 'set -eu',
    'pfctl -a fwlens -F rules', ...tables.map((t) => `pfctl -a fwlens -t ${t.name} -T kill`), ''].join('\n');
  return { script, rollback };
}
