// nftables: one `inet fwlens` table with interval sets (native per-element timeouts and comments) and its rollback.
import type { BlockEntry } from './targets.ts';
import { LOG_PREFIX, byDirection, checkOptions, directionLabel, protoOf, ruleComment, safeCidr, type Direction, type RenderOptions, type Rendered } from './render-types.ts';

// nft caps element comments at 128 bytes.
const NFT_COMMENT_MAX = 127;

function elements(entries: BlockEntry[], o: RenderOptions): string {
  return entries.map((e) => {
    const timeout = o.expire !== undefined ? ` timeout ${o.expire}s` : '';
    // The expiry is native here, so the comment keeps only the why.
    const comment = ruleComment(e, { ...o, expire: undefined }).slice(0, NFT_COMMENT_MAX);
    return `${safeCidr(e)}${timeout} comment "${comment}"`;
  }).join(',\n      ');
}

function set(name: string, type: string, entries: BlockEntry[], o: RenderOptions): string {
  const body = entries.length ? `\n    elements = {\n      ${elements(entries, o)}\n    }` : '';
  return `  set ${name} {\n    type ${type}\n    flags interval,timeout${body}\n  }`;
}

function chain(hook: 'input' | 'output' | 'forward', sides: Array<'saddr' | 'daddr'>, o: RenderOptions, sets: [string, string]): string {
  const proto = protoOf(o);
  const l4 = proto ? (o.port !== undefined ? ` ${proto} dport ${o.port}` : ` meta l4proto ${proto}`) : '';
  const verdict = `${o.log ? `log prefix "${LOG_PREFIX}" ` : ''}counter ${o.reject ? 'reject' : 'drop'}`;
  const rules = sides.flatMap((side) => [`    ip ${side} @${sets[0]}${l4} ${verdict}`, `    ip6 ${side} @${sets[1]}${l4} ${verdict}`]);
  // Priority just before the usual filter chains, so an accept there cannot pre-empt the block.
  return `  chain ${hook} {\n    type filter hook ${hook} priority filter - 5; policy accept;\n${rules.join('\n')}\n  }`;
}

const HOOK = { inbound: 'input', outbound: 'output', forward: 'forward' } as const;
const SIDES: Record<Direction, Array<'saddr' | 'daddr'>> = { inbound: ['saddr'], outbound: ['daddr'], forward: ['saddr', 'daddr'] };
const SHORT: Record<Direction, string> = { inbound: 'in', outbound: 'out', forward: 'fwd' };

export function renderNft(v4: BlockEntry[], v6: BlockEntry[], o: RenderOptions): Rendered {
  checkOptions(o);
  // Each hook is its own chain, so a list mixing directions stays exact: a set per direction, read by its hook's chain.
  const groups = byDirection([...v4, ...v6], o);
  const mixed = groups.length > 1;
  const parts = groups.map((g) => {
    const names: [string, string] = mixed ? [`block4_${SHORT[g.direction]}`, `block6_${SHORT[g.direction]}`] : ['block4', 'block6'];
    const of = (f: 4 | 6) => g.entries.filter((e) => e.family === f);
    return { sets: [set(names[0], 'ipv4_addr', of(4), o), set(names[1], 'ipv6_addr', of(6), o)], chain: chain(HOOK[g.direction], SIDES[g.direction], o, names) };
  });
  const script = [
    `# fwlens block list (nftables, ${directionLabel(groups)}), generated at ${o.now}. Apply with: nft -f FILE (again: replaces the table)`,
    // Declaring then deleting the table makes re-applying replace the list instead of failing or merging.
    'table inet fwlens',
    'delete table inet fwlens',
    'table inet fwlens {',
    ...parts.flatMap((p) => p.sets),
    ...parts.map((p) => p.chain),
    '}',
    '',
  ].join('\n');
  const rollback = [`# fwlens rollback (nftables): removes the fwlens table and everything in it. Apply with: nft -f FILE`, 'delete table inet fwlens', ''].join('\n');
  return { script, rollback };
}
