// firewalld: a permanent hash:net ipset per family plus rich rules (or the drop zone), and the rollback.
import type { BlockEntry } from './targets.ts';
import { byDirection, checkOptions, protoOf, safeCidr, type RenderOptions, type Rendered } from './render-types.ts';

const SETS = { 4: 'fwlens-block4', 6: 'fwlens-block6' } as const;

function richRule(family: 4 | 6, o: RenderOptions): string {
  const proto = protoOf(o);
  const port = o.port !== undefined ? ` port port="${o.port}" protocol="${proto}"` : proto ? ` protocol value="${proto}"` : '';
  const log = o.log ? ` log prefix="fwlens-block: "` : '';
  return `rule family="ipv${family}" source ipset="${SETS[family]}"${port}${log} ${o.reject ? 'reject' : 'drop'}`;
}

export function renderFirewalld(v4: BlockEntry[], v6: BlockEntry[], o: RenderOptions): Rendered {
  checkOptions(o);
  // firewalld's zones and rich rules match incoming traffic only; outbound needs policies, not generated here.
  const groups = byDirection([...v4, ...v6], o);
  if (groups.length === 1 && groups[0].direction !== 'inbound') throw new Error('firewalld output supports --direction inbound only');
  if (groups.length > 1) throw new Error(`firewalld output supports inbound entries only; this list also has ${groups.filter((g) => g.direction !== 'inbound').map((g) => `${g.entries.length} ${g.direction}`).join(' and ')}`);
  // A plain drop of everything needs no rich rule: the drop zone with the ipset as its source is enough.
  const plain = o.port === undefined && o.proto === undefined && !o.log && !o.reject;
  const add: string[] = [];
  const del: string[] = [];
  for (const family of [4, 6] as const) {
    const entries = family === 4 ? v4 : v6;
    if (!entries.length) continue;
    const set = SETS[family];
    // Running it again replaces the list: the ipset is kept when it exists, and emptied of an earlier run's entries.
    add.push(`firewall-cmd --permanent --info-ipset=${set} >/dev/null 2>&1 || firewall-cmd --permanent --new-ipset=${set} --type=hash:net --family=${family === 4 ? 'inet' : 'inet6'}`);
    add.push(`for e in $(firewall-cmd --permanent --ipset=${set} --get-entries); do firewall-cmd --permanent --ipset=${set} --remove-entry="$e"; done`);
    for (const e of entries) add.push(`firewall-cmd --permanent --ipset=${set} --add-entry=${safeCidr(e)}`);
    if (plain) {
      add.push(`firewall-cmd --permanent --zone=drop --add-source=ipset:${set}`);
      del.push(`firewall-cmd --permanent --zone=drop --remove-source=ipset:${set}`);
    } else {
      add.push(`firewall-cmd --permanent --add-rich-rule='${richRule(family, o)}'`);
      del.push(`firewall-cmd --permanent --remove-rich-rule='${richRule(family, o)}'`);
    }
    del.push(`firewall-cmd --permanent --delete-ipset=${set}`);
  }
  const note = o.expire !== undefined ? '# Note: firewalld cannot keep timeouts on permanent ipsets; run the rollback when the block should end.' : null;
  const head = (what: string) => ['#!/bin/sh', `# fwlens ${what} (firewalld, ${o.direction}), generated at ${o.now}. Comments per entry are not supported by firewalld.`, ...(note ? [note] : []), 'set -eu'];
  return {
    script: [...head('block list'), 'set -f', ...add, 'firewall-cmd --reload', ''].join('\n'),
    rollback: [...head('rollback'), ...del, 'firewall-cmd --reload', ''].join('\n'),
  };
}
